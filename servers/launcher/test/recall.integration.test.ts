// Cluster mode: recall across two ChatServers over Redis routes, MariaDB and gRPC peer streams.
import { recallSuite } from './helpers/recall-suite';

recallSuite('cluster');
