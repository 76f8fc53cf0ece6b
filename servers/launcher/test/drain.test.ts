// Embedded mode as `npm start` runs it: each ChatServer on a thread of its own (CHAT_THREADS=1,
// the default; single-loop.test.ts runs the same suite with CHAT_THREADS=0).
import { useChatThreads } from './helpers/system';
import { drainSuite } from './helpers/drain-suite';

useChatThreads(true);
drainSuite('embedded');
