// CHAT_THREADS=1: each ChatServer on a worker thread of its own, peers linked by MessageChannels
// and the stores served by this thread over RPC (issue 9 item 1). The default is one event loop
// (README, Performance: measured, the threads did not shorten the tail and cost more CPU per
// message); the cross-server chat suite (the 20-round login race included) and the rolling
// restart run here on threads, so that mode stays a working choice.
import { useChatThreads } from './helpers/system';
import { chatSuite } from './helpers/chat-suite';
import { drainSuite } from './helpers/drain-suite';

useChatThreads(true);
chatSuite('embedded');
drainSuite('embedded');
