// Cluster mode: the same journey against the local Redis (6379) and MariaDB (3306).
import { authSuite } from './helpers/auth-suite';

authSuite('cluster');
