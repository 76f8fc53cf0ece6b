// Embedded mode: memory stores, SQLite, two ChatServers over the in-process peer hub.
import { metricsSuite } from './helpers/metrics-suite';

metricsSuite('embedded');
