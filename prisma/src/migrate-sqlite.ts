// SQLite migration target: one BEGIN IMMEDIATE transaction around the whole run.
//
// BEGIN IMMEDIATE takes SQLite's write lock up front, so a second process starting at the same
// moment waits (busy_timeout) until the first commits, then finds everything applied. SQLite DDL
// is transactional, so a failing migration leaves the database exactly as it was.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { DbError, DbErrorCode } from './errors';
import {
  MIGRATIONS_TABLE,
  type AppliedMigration,
  type MigrationSession,
  type MigrationTarget,
} from './migration';
import { splitSqlStatements } from './sql-split';
import { sqliteFilePath } from './url';

/** How long a connection waits for another's write lock before failing with SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000; // 10 s

/** Creates the folder of a `file:` database (embedded mode's ./data/ may not exist yet). */
export async function ensureSqliteDir(url: string): Promise<void> {
  const path = sqliteFilePath(url);
  if (path !== null) await mkdir(dirname(path), { recursive: true });
}

export function sqliteMigrationTarget(url: string): MigrationTarget {
  return {
    async withLock(work) {
      await ensureSqliteDir(url);
      // intMode bigint: appliedAt and any BIGINT a migration reads stay exact.
      const client = createClient({ url, timeout: SQLITE_BUSY_TIMEOUT_MS, intMode: 'bigint' });
      try {
        // WAL is a property of the file, so it also holds for the Prisma client's connections:
        // readers no longer block the writer. Set before the transaction (it cannot change inside one).
        await walMode(client);
        await begin(client, url);
        try {
          const result = await work(sqliteSession(client));
          await client.execute('COMMIT');
          return result;
        } catch (err) {
          await client.execute('ROLLBACK').catch(() => undefined);
          throw err;
        }
      } finally {
        client.close();
      }
    },
  };
}

/**
 * Switches the file to WAL. Changing the journal mode needs the file to itself, and SQLite answers
 * SQLITE_BUSY at once (no busy handler) while another process holds a lock on it — e.g. a second
 * process migrating the same fresh database: so retry until the busy timeout.
 */
async function walMode(client: Client): Promise<void> {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      await client.execute('PRAGMA journal_mode = WAL');
      return;
    } catch (err) {
      const busy =
        err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_BUSY');
      if (!busy || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

async function begin(client: Client, url: string): Promise<void> {
  try {
    await client.execute('BEGIN IMMEDIATE');
  } catch (err) {
    if (err instanceof Error && 'code' in err && String(err.code).startsWith('SQLITE_BUSY')) {
      throw new DbError(
        DbErrorCode.MIGRATION_LOCK_TIMEOUT,
        `${url} stayed locked by another writer for ${SQLITE_BUSY_TIMEOUT_MS} ms`,
        { cause: err },
      );
    }
    throw err;
  }
}

function sqliteSession(client: Client): MigrationSession {
  return {
    async applied() {
      await client.execute(
        `CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
          "name" TEXT NOT NULL PRIMARY KEY,
          "checksum" TEXT NOT NULL,
          "appliedAt" INTEGER NOT NULL
        )`,
      );
      const result = await client.execute(
        `SELECT "name", "checksum", "appliedAt" FROM "${MIGRATIONS_TABLE}" ORDER BY "name"`,
      );
      return result.rows.map((row): AppliedMigration => ({
        name: row['name'] as string,
        checksum: row['checksum'] as string,
        appliedAt: Number(row['appliedAt']),
      }));
    },
    async apply(migration, appliedAt) {
      for (const statement of splitSqlStatements(migration.sql)) {
        await client.execute(statement);
      }
      await client.execute({
        sql: `INSERT INTO "${MIGRATIONS_TABLE}" ("name", "checksum", "appliedAt") VALUES (?, ?, ?)`,
        args: [migration.name, migration.checksum, appliedAt],
      });
    },
  };
}
