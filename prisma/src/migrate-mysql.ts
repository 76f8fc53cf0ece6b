// MySQL / MariaDB migration target: creates the database, then serialises runners with GET_LOCK.
//
// The connection starts in information_schema so the database named in the URL can be created first
// (CREATE DATABASE IF NOT EXISTS is safe to race). GET_LOCK is server-wide and held by this
// connection, so a runner that dies releases it with its connection. MySQL commits DDL
// implicitly, so each statement is final once it ran; the record is written after the last one.

import { createHash } from 'node:crypto';
import * as mariadb from 'mariadb';
import { DbError, DbErrorCode } from './errors';
import {
  MIGRATIONS_TABLE,
  type AppliedMigration,
  type MigrationSession,
  type MigrationTarget,
} from './migration';
import { splitSqlStatements } from './sql-split';
import { mysqlTarget, redactUrl } from './url';

/** How long a runner waits for another's migration lock. */
export const MYSQL_LOCK_WAIT_S = 60; // 1 min

/** Character set and collation of databases we create; see migrations/mysql/0001_init.sql. */
export const MYSQL_CHARSET = 'utf8mb4';
export const MYSQL_COLLATION = 'utf8mb4_bin';

/** GET_LOCK names are server-wide and at most 64 characters; scope them to the database. */
export function migrationLockName(database: string): string {
  const name = `parley_migrate.${database}`;
  return name.length <= 64
    ? name
    : `parley_migrate.${createHash('sha256').update(database).digest('hex').slice(0, 40)}`;
}

export function mysqlMigrationTarget(url: string): MigrationTarget {
  const { database, bootstrapUrl } = mysqlTarget(url);
  return {
    async withLock(work) {
      const conn = await mariadb.createConnection(bootstrapUrl);
      try {
        // The name is checked against [A-Za-z0-9_] by mysqlTarget, so backquoting is enough.
        await conn.query(
          `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}`,
        );
        await conn.query(`USE \`${database}\``);
        const lock = migrationLockName(database);
        const rows: Array<{ got: unknown }> = await conn.query('SELECT GET_LOCK(?, ?) AS got', [
          lock,
          MYSQL_LOCK_WAIT_S,
        ]);
        if (Number(rows[0]?.got) !== 1) {
          throw new DbError(
            DbErrorCode.MIGRATION_LOCK_TIMEOUT,
            `another migration runner held ${lock} on ${redactUrl(url)} for ${MYSQL_LOCK_WAIT_S} s`,
          );
        }
        try {
          return await work(mysqlSession(conn));
        } finally {
          await conn.query('SELECT RELEASE_LOCK(?)', [lock]).catch(() => undefined);
        }
      } finally {
        await conn.end().catch(() => undefined);
      }
    },
  };
}

function mysqlSession(conn: mariadb.Connection): MigrationSession {
  return {
    async applied() {
      await conn.query(
        `CREATE TABLE IF NOT EXISTS \`${MIGRATIONS_TABLE}\` (
          \`name\` VARCHAR(191) NOT NULL,
          \`checksum\` CHAR(64) NOT NULL,
          \`appliedAt\` BIGINT NOT NULL,
          PRIMARY KEY (\`name\`)
        ) DEFAULT CHARACTER SET ${MYSQL_CHARSET} COLLATE ${MYSQL_COLLATION}`,
      );
      const rows: Array<Record<string, unknown>> = await conn.query(
        `SELECT \`name\`, \`checksum\`, \`appliedAt\` FROM \`${MIGRATIONS_TABLE}\` ORDER BY \`name\``,
      );
      return rows.map((row): AppliedMigration => ({
        name: String(row['name']),
        checksum: String(row['checksum']),
        appliedAt: Number(row['appliedAt']),
      }));
    },
    async apply(migration, appliedAt) {
      for (const statement of splitSqlStatements(migration.sql, { backslashEscapes: true })) {
        await conn.query(statement);
      }
      await conn.query(
        `INSERT INTO \`${MIGRATIONS_TABLE}\` (\`name\`, \`checksum\`, \`appliedAt\`) VALUES (?, ?, ?)`,
        [migration.name, migration.checksum, appliedAt],
      );
    },
  };
}
