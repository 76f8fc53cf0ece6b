// Cluster mode: Redis routes, MariaDB and gRPC peer streams between two ChatServers.
import { devicesSuite } from './helpers/devices-suite';

devicesSuite('cluster');
