// Embedded mode: memory stores, SQLite, two ChatServers over the in-process peer hub.
import { muteSuite } from './helpers/mute-suite';

muteSuite('embedded');
