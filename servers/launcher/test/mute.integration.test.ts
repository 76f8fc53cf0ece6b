// Cluster mode: Redis routes, MariaDB and gRPC peer streams between two ChatServers.
import { muteSuite } from './helpers/mute-suite';

muteSuite('cluster');
