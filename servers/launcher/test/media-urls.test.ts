import { mediaUrlsSuite } from './helpers/media-urls-suite';

mediaUrlsSuite('embedded');
