// Needs the MariaDB at PARLEY_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306).
import { clientSuite } from './helpers/client-suite';

clientSuite('mysql');
