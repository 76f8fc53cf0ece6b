// Embedded mode: SQLite, once on the scan path and once on the FTS5 trigram index.
import { searchSuite } from './helpers/search-suite';

searchSuite('embedded');
searchSuite('embedded', { index: true });
