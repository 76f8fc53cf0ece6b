// Cluster mode: Redis, MariaDB, two ChatServers over gRPC peer streams.
import { metricsSuite } from './helpers/metrics-suite';

metricsSuite('cluster');
