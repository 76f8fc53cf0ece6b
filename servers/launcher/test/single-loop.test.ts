// CHAT_THREADS=0: every ChatServer on this one event loop, over the in-process peer hub, as
// before issue 9. The other embedded suites run each ChatServer on a thread of its own (the
// default); the cross-server chat suite (the 20-round login race included) and the rolling
// restart run here once more in the old mode, so it stays a working choice.
import { useChatThreads } from './helpers/system';
import { chatSuite } from './helpers/chat-suite';
import { drainSuite } from './helpers/drain-suite';

useChatThreads(false);
chatSuite('embedded');
drainSuite('embedded');
