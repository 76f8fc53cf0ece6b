// Cluster mode: thumbnails and signed media URLs against Redis, MariaDB and gRPC peer streams.
import { mediaUrlsSuite } from './helpers/media-urls-suite';

mediaUrlsSuite('cluster');
