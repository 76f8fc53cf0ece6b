// Cluster mode: MariaDB.
import { tokenSweepSuite } from './helpers/token-sweep-suite';

tokenSweepSuite('cluster');
