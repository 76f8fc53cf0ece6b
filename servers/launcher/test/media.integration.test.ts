// Cluster mode: uploads and media messages against Redis, MariaDB and gRPC peer streams.
import { mediaSuite } from './helpers/media-suite';

mediaSuite('cluster');
