// Cluster mode: unread counts and read marks over Redis routes, MariaDB and gRPC peer streams.
import { readStateSuite } from './helpers/read-state-suite';

readStateSuite('cluster');
