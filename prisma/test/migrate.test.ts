import { migrationSuite } from './helpers/migration-suite';

migrationSuite('sqlite');
