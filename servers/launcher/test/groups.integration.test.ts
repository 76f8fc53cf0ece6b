// Cluster mode: three ChatServers over Redis routes, MariaDB and gRPC peer streams.
import { groupSuite } from './helpers/group-suite';

groupSuite('cluster');
