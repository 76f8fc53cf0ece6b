import { replySuite } from './helpers/reply-suite';

replySuite('embedded');
