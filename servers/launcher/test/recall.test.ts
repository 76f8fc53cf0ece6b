import { recallSuite } from './helpers/recall-suite';

recallSuite('embedded');
