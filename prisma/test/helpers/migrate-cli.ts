// Child process for the concurrency tests: waits until the given wall-clock ms so that several
// children hit the database at the same moment, runs migrate(url), prints the result as JSON.
// Usage: node --import tsx test/helpers/migrate-cli.ts <url> <startAtMs> [migrationsDir]

import { migrate } from '../../src/index';

const [url, startAt, dir] = process.argv.slice(2);
if (url === undefined || startAt === undefined)
  throw new Error('usage: migrate-cli.ts <url> <startAtMs>');
const wait = Number(startAt) - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
const result = await migrate(url, dir === undefined ? {} : { dir });
process.stdout.write(JSON.stringify(result));
