// Embedded mode as `npm start` runs it: every ChatServer on the main thread (CHAT_THREADS=0, the
// default; chat-threads.test.ts runs the same suite with a thread per ChatServer).
import { drainSuite } from './helpers/drain-suite';

drainSuite('embedded');
