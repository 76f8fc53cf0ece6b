import { groupSuite } from './helpers/group-suite';

groupSuite('embedded');
