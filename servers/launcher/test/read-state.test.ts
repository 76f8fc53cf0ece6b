import { readStateSuite } from './helpers/read-state-suite';

readStateSuite('embedded');
