// Cluster mode: two ChatServers over Redis routes, MariaDB and gRPC peer streams.
import { chatSuite } from './helpers/chat-suite';

chatSuite('cluster');
