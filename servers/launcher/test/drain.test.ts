import { drainSuite } from './helpers/drain-suite';

drainSuite('embedded');
