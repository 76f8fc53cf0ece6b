// Fresh, throw-away databases for tests: each test file makes its own and drops them in `after`.
//
// SQLite: a file in a new temp folder. MySQL: a database `parley_test_<random>` on the server of
// PARLEY_TEST_MYSQL_URL (default mysql://root@127.0.0.1:3306, the machine's MariaDB).
// To add a dialect, add a branch to `create` that returns its URL and a `drop` for it.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mariadb from 'mariadb';
import type { Dialect } from '../../src/index';

const MYSQL_SERVER = (
  process.env['PARLEY_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306'
).replace(/\/+$/, '');

export interface TestDatabases {
  /** A URL naming a database that does not exist yet (openDb / migrate create it). */
  create(): Promise<string>;
  /** Drops every database this factory created. */
  dropAll(): Promise<void>;
}

export function testDatabases(dialect: Dialect): TestDatabases {
  const drops: Array<() => Promise<void>> = [];
  return {
    async create() {
      if (dialect === 'sqlite') {
        const dir = await mkdtemp(join(tmpdir(), 'parley-db-'));
        drops.push(() => rm(dir, { recursive: true, force: true }));
        // A sub-folder that does not exist yet, as embedded mode's ./data/ on first start.
        return `file:${join(dir, 'data', 'parley.db')}`;
      }
      const name = `parley_test_${randomBytes(6).toString('hex')}`;
      drops.push(async () => {
        await mysqlAdmin(`DROP DATABASE IF EXISTS \`${name}\``);
      });
      return `${MYSQL_SERVER}/${name}`;
    },
    async dropAll() {
      await Promise.all(drops.splice(0).map((drop) => drop()));
    },
  };
}

/** Runs one statement on the test MySQL server as the test user, outside any database. */
export async function mysqlAdmin(sql: string, values?: unknown[]): Promise<unknown> {
  const url = `${MYSQL_SERVER.replace(/^mysql:/, 'mariadb:')}/information_schema`;
  const conn = await mariadb.createConnection(url);
  try {
    return await conn.query(sql, values);
  } finally {
    await conn.end();
  }
}

/** Runs one read query on the database at `url` with the raw driver, bypassing Prisma. */
export async function rawQuery(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  if (url.startsWith('file:')) {
    const { createClient } = await import('@libsql/client');
    const client = createClient({ url });
    try {
      const result = await client.execute(sql);
      return result.rows.map((row) => Object.fromEntries(result.columns.map((c) => [c, row[c]])));
    } finally {
      client.close();
    }
  }
  const conn = await mariadb.createConnection(url.replace(/^mysql:/, 'mariadb:'));
  try {
    return await conn.query<Array<Record<string, unknown>>>(sql);
  } finally {
    await conn.end();
  }
}
