import { launchSuite } from './helpers/launch-suite';

launchSuite('cluster');
