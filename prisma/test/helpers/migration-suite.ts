// The migration runner's behaviour, run once per dialect by migrate.*.test.ts.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DbError, DbErrorCode, migrate, type Dialect } from '../../src/index';
import {
  checksumOf,
  defaultMigrationsDir,
  loadMigrations,
  MIGRATIONS_TABLE,
} from '../../src/migrate';
import { rawQuery, testDatabases } from './databases';

const PKG_DIR = fileURLToPath(new URL('../../', import.meta.url));
const CLI = fileURLToPath(new URL('./migrate-cli.ts', import.meta.url));
const CHILD_START_DELAY_MS = 1_500; // long enough for both children to boot tsx

/** A statement that takes a few hundred ms and changes nothing. */
const SLOW_STATEMENT: Record<Dialect, string> = {
  sqlite:
    'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000000) SELECT count(*) FROM n;\n',
  mysql: 'SELECT SLEEP(0.5);\n',
};

export function migrationSuite(dialect: Dialect): void {
  describe(`migrate (${dialect})`, () => {
    const dbs = testDatabases(dialect);
    const tempDirs: string[] = [];
    after(async () => {
      await dbs.dropAll();
      await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
    });

    /** A private copy of this dialect's migrations, to edit. */
    async function migrationsCopy(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'parley-migrations-'));
      tempDirs.push(dir);
      await cp(defaultMigrationsDir(dialect), dir, { recursive: true });
      return dir;
    }

    /** This dialect's real migration names, in order. */
    const shipped = async () =>
      (await loadMigrations(defaultMigrationsDir(dialect))).map((f) => f.name);

    const records = (url: string) =>
      rawQuery(url, `SELECT name, checksum, appliedAt FROM ${MIGRATIONS_TABLE} ORDER BY name`);

    it('applies every file to an empty database, and a second run is a no-op', async () => {
      const url = await dbs.create();
      const files = await loadMigrations(defaultMigrationsDir(dialect));
      assert.ok(files.length >= 1);

      const first = await migrate(url);
      assert.deepEqual(first, { dialect, applied: files.map((f) => f.name) });
      const second = await migrate(url);
      assert.deepEqual(second, { dialect, applied: [] });

      const rows = await records(url);
      assert.deepEqual(
        rows.map((r) => [r['name'], r['checksum']]),
        files.map((f) => [f.name, f.checksum]),
      );
      assert.ok(
        Math.abs(Number(rows[0]?.['appliedAt']) - Date.now()) < 60_000,
        'appliedAt is ms since epoch',
      );
    });

    it('refuses to start when an applied file was edited', async () => {
      const url = await dbs.create();
      const dir = await migrationsCopy();
      await migrate(url, { dir });
      await appendFile(join(dir, '0001_init.sql'), '\n-- an innocent-looking edit\n');

      await assert.rejects(migrate(url, { dir }), (err: unknown) => {
        assert.ok(err instanceof DbError);
        assert.equal(err.code, DbErrorCode.MIGRATION_CHANGED);
        assert.match(err.message, /0001_init was edited/);
        return true;
      });
    });

    it('ignores CRLF line endings when comparing checksums', () => {
      assert.equal(checksumOf('a;\r\nb;\r\n'), checksumOf('a;\nb;\n'));
    });

    it('refuses a database that has a migration this code does not know', async () => {
      const url = await dbs.create();
      const dir = await migrationsCopy();
      await writeFile(
        join(dir, '9999_from_the_future.sql'),
        'CREATE TABLE future_things (id INTEGER NOT NULL);\n',
      );
      await migrate(url, { dir });

      await assert.rejects(
        migrate(url),
        (err: unknown) => err instanceof DbError && err.code === DbErrorCode.MIGRATION_UNKNOWN,
      );
    });

    it('reports a failing migration and does not record it', async () => {
      const url = await dbs.create();
      const dir = await migrationsCopy();
      await writeFile(
        join(dir, '9000_broken.sql'),
        'CREATE TABLE half_done (id INTEGER NOT NULL);\nINSERT INTO no_such_table VALUES (1);\n',
      );

      await assert.rejects(migrate(url, { dir }), (err: unknown) => {
        assert.ok(err instanceof DbError);
        assert.equal(err.code, DbErrorCode.MIGRATION_FAILED);
        assert.match(err.message, /9000_broken/);
        return true;
      });
      if (dialect === 'sqlite') {
        // One transaction: neither the real files, nor half of 9000, nor even the bookkeeping
        // table survived.
        const tables = await rawQuery(url, "SELECT name FROM sqlite_master WHERE type = 'table'");
        assert.deepEqual(tables, []);
      } else {
        // DDL commits as it goes: the real files are recorded, 9000 is not, so a fixed 9000 can
        // be retried.
        assert.deepEqual(
          (await records(url)).map((r) => r['name']),
          await shipped(),
        );
      }
    });

    it('lets two processes migrate the same fresh database at once, applying each file once', async () => {
      const url = await dbs.create();
      // A slow last migration keeps the first runner inside its lock for a while, so the
      // runners surely overlap even if one child boots a little later.
      const dir = await migrationsCopy();
      await writeFile(join(dir, '9000_slow.sql'), SLOW_STATEMENT[dialect]);
      const startAt = Date.now() + CHILD_START_DELAY_MS;
      const results = await Promise.all([runChild(url, startAt, dir), runChild(url, startAt, dir)]);
      const applied = results.flatMap((r) => r.applied).sort();
      const expected = [...(await shipped()), '9000_slow'];
      assert.deepEqual(applied, expected, `each file applied once: ${JSON.stringify(results)}`);
      assert.equal((await records(url)).length, expected.length);
    });

    it('serialises concurrent runs in one process', async () => {
      const url = await dbs.create();
      const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
      assert.deepEqual(
        results.flatMap((r) => r.applied),
        await shipped(),
      );
    });
  });
}

function runChild(url: string, startAt: number, dir: string): Promise<{ applied: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, url, String(startAt), dir], {
      cwd: PKG_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errText += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`migrate child exited ${code}: ${errText}`));
      else resolve(JSON.parse(out) as { applied: string[] });
    });
  });
}
