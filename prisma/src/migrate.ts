// The migration runner: applies migrations/<dialect>/NNNN_name.sql in name order, once each.
//
// We cannot use `prisma migrate` (its schema engine is a binary this machine cannot download), so
// this is the small equivalent. Applied files are recorded in `_parley_migrations` (name,
// checksum, appliedAt ms). Every runner takes a database-wide lock first (SQLite: BEGIN IMMEDIATE;
// MySQL: GET_LOCK), so several processes starting at once apply each file exactly once and the
// later ones find nothing to do. An applied file whose checksum changed, or an applied name this
// code does not have, stops start-up: the database would no longer match the generated client.

import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DbError, DbErrorCode } from './errors';
import { mysqlMigrationTarget } from './migrate-mysql';
import { sqliteMigrationTarget } from './migrate-sqlite';
import { checksumOf, type AppliedMigration, type Migration } from './migration';
import { dialectOf, redactUrl, type Dialect } from './url';

export { checksumOf, MIGRATIONS_TABLE } from './migration';
export type { AppliedMigration, Migration, MigrationSession, MigrationTarget } from './migration';

const MIGRATION_FILE = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface MigrateOptions {
  /** Folder holding this dialect's .sql files; defaults to migrations/<dialect>/ of this package. */
  dir?: string;
}

export interface MigrateResult {
  dialect: Dialect;
  /** Names applied by this call, in order; empty when the database was up to date. */
  applied: string[];
}

export function defaultMigrationsDir(dialect: Dialect): string {
  return fileURLToPath(new URL(`../migrations/${dialect}/`, import.meta.url));
}

export async function loadMigrations(dir: string): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((f) => MIGRATION_FILE.test(f)).sort();
  return Promise.all(
    names.map(async (file) => {
      const sql = await readFile(join(dir, file), 'utf8');
      return { name: file.slice(0, -'.sql'.length), checksum: checksumOf(sql), sql };
    }),
  );
}

/** The migrations still to apply, after checking the recorded ones against the files. */
export function pendingMigrations(
  files: readonly Migration[],
  applied: readonly AppliedMigration[],
): Migration[] {
  const byName = new Map(files.map((m) => [m.name, m]));
  for (const record of applied) {
    const file = byName.get(record.name);
    if (file === undefined) {
      throw new DbError(
        DbErrorCode.MIGRATION_UNKNOWN,
        `database has migration ${record.name} applied, but this code does not have it: the database is newer than the code`,
      );
    }
    if (file.checksum !== record.checksum) {
      throw new DbError(
        DbErrorCode.MIGRATION_CHANGED,
        `migration ${record.name} was edited after it was applied (checksum ${record.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk): add a new migration instead`,
      );
    }
  }
  const done = new Set(applied.map((r) => r.name));
  return files.filter((m) => !done.has(m.name));
}

// In one process, runs on the same URL queue behind each other. SQLite's driver is synchronous:
// a second connection waiting on BEGIN IMMEDIATE would block the event loop that the first
// connection needs to finish, and time out instead of waiting its turn.
const running = new Map<string, Promise<unknown>>();

/** Brings the database at `url` up to date. Creates a MySQL database that does not exist yet. */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const dialect = dialectOf(url);
  const previous = running.get(url) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => migrateNow(url, dialect, options));
  running.set(url, run);
  try {
    return await run;
  } finally {
    if (running.get(url) === run) running.delete(url);
  }
}

async function migrateNow(
  url: string,
  dialect: Dialect,
  options: MigrateOptions,
): Promise<MigrateResult> {
  const files = await loadMigrations(options.dir ?? defaultMigrationsDir(dialect));
  const target = dialect === 'sqlite' ? sqliteMigrationTarget(url) : mysqlMigrationTarget(url);
  return target.withLock(async (session) => {
    const pending = pendingMigrations(files, await session.applied());
    for (const migration of pending) {
      try {
        await session.apply(migration, Date.now());
      } catch (err) {
        if (err instanceof DbError) throw err;
        const partial =
          dialect === 'mysql'
            ? ' (MySQL DDL is not transactional: check for half-applied changes)'
            : '';
        const reason = err instanceof Error ? err.message : String(err);
        throw new DbError(
          DbErrorCode.MIGRATION_FAILED,
          `migration ${migration.name} failed on ${redactUrl(url)}${partial}: ${reason}`,
          { cause: err },
        );
      }
    }
    return { dialect, applied: pending.map((m) => m.name) };
  });
}
