import { authSuite } from './helpers/auth-suite';

authSuite('embedded');
