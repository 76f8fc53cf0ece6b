import { chatSuite } from './helpers/chat-suite';

chatSuite('embedded');
