// Embedded mode: SQLite.
import { tokenSweepSuite } from './helpers/token-sweep-suite';

tokenSweepSuite('embedded');
