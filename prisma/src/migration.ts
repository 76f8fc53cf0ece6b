// Shared shapes of the migration runner (src/migrate.ts) and its dialect targets.

import { createHash } from 'node:crypto';

/** Bookkeeping table: one row per applied file (name, checksum, appliedAt ms since epoch). */
export const MIGRATIONS_TABLE = '_parley_migrations';

export interface Migration {
  /** File name without `.sql`, e.g. `0001_init`. */
  name: string;
  /** sha256 hex of the file with line endings normalised. */
  checksum: string;
  sql: string;
}

export interface AppliedMigration {
  name: string;
  checksum: string;
  appliedAt: number;
}

/** What a runner does while it holds the lock; one implementation per dialect. */
export interface MigrationSession {
  /** Creates the bookkeeping table if needed and lists what it records. */
  applied(): Promise<AppliedMigration[]>;
  /** Runs one migration's SQL and records it. */
  apply(migration: Migration, appliedAt: number): Promise<void>;
}

export interface MigrationTarget {
  /**
   * Runs `work` while holding the database's migration lock. SQLite runs all of it in one
   * transaction (all or nothing); MySQL commits DDL statement by statement, so a failure there can
   * leave a migration half-applied (reported by DB_MIGRATION_FAILED).
   */
  withLock<T>(work: (session: MigrationSession) => Promise<T>): Promise<T>;
}

export function checksumOf(sql: string): string {
  // CRLF checkouts (git autocrlf) must not look like an edited migration.
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
