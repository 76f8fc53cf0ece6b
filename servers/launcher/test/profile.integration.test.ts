import { profileSuite } from './helpers/profile-suite';

profileSuite('cluster');
