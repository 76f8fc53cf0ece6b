import { clientSuite } from './helpers/client-suite';

clientSuite('sqlite');
