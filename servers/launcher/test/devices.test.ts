// Embedded mode: memory stores, SQLite, two ChatServers over the in-process peer hub.
import { devicesSuite } from './helpers/devices-suite';

devicesSuite('embedded');
