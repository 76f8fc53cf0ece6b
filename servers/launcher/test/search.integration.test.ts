// Cluster mode: MariaDB (the scan path), two ChatServers over Redis and gRPC peer streams.
import { searchSuite } from './helpers/search-suite';

searchSuite('cluster');
