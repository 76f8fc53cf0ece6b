import { mediaSuite } from './helpers/media-suite';

mediaSuite('embedded');
