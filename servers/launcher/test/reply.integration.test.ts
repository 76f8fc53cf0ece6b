// Cluster mode: quoted replies across two ChatServers over Redis routes, MariaDB and gRPC peer
// streams.
import { replySuite } from './helpers/reply-suite';

replySuite('cluster');
