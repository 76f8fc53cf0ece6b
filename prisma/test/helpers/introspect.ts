// Reads the shape of a migrated database with the raw drivers (SQLite pragmas, MySQL
// information_schema) into one dialect-neutral form, for the drift test.

import { createClient } from '@libsql/client';
import * as mariadb from 'mariadb';
import { MIGRATIONS_TABLE } from '../../src/migrate';

export interface ColumnShape {
  name: string;
  /** Dialect's own type, normalised: INTEGER, TEXT…; int, varchar(191), datetime(3)… */
  type: string;
  nullable: boolean;
  /** Default normalised: `''`, `0`, `'pending'`, `now` for CURRENT_TIMESTAMP, null for none. */
  defaultValue: string | null;
  autoincrement: boolean;
  /** MySQL only: character set of string columns. */
  charset?: string | null;
}

export interface TableShape {
  columns: ColumnShape[];
  primaryKey: string[];
  /** index name → columns, for unique indexes other than the primary key. */
  uniques: Record<string, string[]>;
  /** index name → columns, for plain indexes. */
  indexes: Record<string, string[]>;
  /** MySQL only: table collation. */
  collation?: string;
}

export type DbShape = Record<string, TableShape>;

function normaliseDefault(value: unknown): string | null {
  if (value === null || value === undefined || value === 'NULL') return null;
  const text = String(value);
  return /^current_timestamp/i.test(text) ? 'now' : text;
}

export async function introspectSqlite(url: string): Promise<DbShape> {
  const client = createClient({ url });
  const rows = async (sql: string) => (await client.execute(sql)).rows;
  try {
    const shape: DbShape = {};
    const tables = await rows(
      // messages_fts* and messages_grams* are the search index (migration 0006: FTS5 tables and their
      // shadow tables), no model.
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '${MIGRATIONS_TABLE}' AND name NOT LIKE 'messages_fts%' AND name NOT LIKE 'messages_grams%' ORDER BY name`,
    );
    for (const table of tables) {
      const name = String(table['name']);
      const autoincrement = /AUTOINCREMENT/i.test(String(table['sql']));
      const info = await rows(`PRAGMA table_info("${name}")`);
      const columns = info.map((c): ColumnShape => ({
        name: String(c['name']),
        type: String(c['type']),
        nullable: Number(c['notnull']) === 0 && Number(c['pk']) === 0,
        defaultValue: normaliseDefault(c['dflt_value']),
        autoincrement: autoincrement && Number(c['pk']) === 1 && String(c['type']) === 'INTEGER',
      }));
      const primaryKey = info
        .filter((c) => Number(c['pk']) > 0)
        .sort((a, b) => Number(a['pk']) - Number(b['pk']))
        .map((c) => String(c['name']));
      const uniques: Record<string, string[]> = {};
      const indexes: Record<string, string[]> = {};
      for (const index of await rows(`PRAGMA index_list("${name}")`)) {
        if (index['origin'] === 'pk') continue;
        const indexName = String(index['name']);
        const cols = (await rows(`PRAGMA index_info("${indexName}")`))
          .sort((a, b) => Number(a['seqno']) - Number(b['seqno']))
          .map((c) => String(c['name']));
        (Number(index['unique']) === 1 ? uniques : indexes)[indexName] = cols;
      }
      shape[name] = { columns, primaryKey, uniques, indexes };
    }
    return shape;
  } finally {
    client.close();
  }
}

export async function introspectMysql(url: string): Promise<DbShape> {
  const conn = await mariadb.createConnection(url.replace(/^mysql:/, 'mariadb:'));
  try {
    const shape: DbShape = {};
    const tables: Array<Record<string, unknown>> = await conn.query(
      `SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES
       WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> ? ORDER BY TABLE_NAME`,
      [MIGRATIONS_TABLE],
    );
    for (const table of tables) {
      const name = String(table['TABLE_NAME']);
      const cols: Array<Record<string, unknown>> = await conn.query(
        `SELECT * FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`,
        [name],
      );
      const columns = cols.map((c): ColumnShape => {
        const dataType = String(c['DATA_TYPE']);
        const type =
          dataType === 'varchar'
            ? `varchar(${Number(c['CHARACTER_MAXIMUM_LENGTH'])})`
            : dataType === 'datetime'
              ? `datetime(${Number(c['DATETIME_PRECISION'])})`
              : dataType;
        return {
          name: String(c['COLUMN_NAME']),
          type,
          nullable: c['IS_NULLABLE'] === 'YES',
          defaultValue: normaliseDefault(c['COLUMN_DEFAULT']),
          autoincrement: String(c['EXTRA']).includes('auto_increment'),
          charset: c['CHARACTER_SET_NAME'] === null ? null : String(c['CHARACTER_SET_NAME']),
        };
      });
      const stats: Array<Record<string, unknown>> = await conn.query(
        `SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
        [name],
      );
      let primaryKey: string[] = [];
      const uniques: Record<string, string[]> = {};
      const indexes: Record<string, string[]> = {};
      for (const s of stats) {
        const indexName = String(s['INDEX_NAME']);
        const column = String(s['COLUMN_NAME']);
        if (indexName === 'PRIMARY') primaryKey = [...primaryKey, column];
        else {
          const target = Number(s['NON_UNIQUE']) === 0 ? uniques : indexes;
          target[indexName] = [...(target[indexName] ?? []), column];
        }
      }
      shape[name] = {
        columns,
        primaryKey,
        uniques,
        indexes,
        collation: String(table['TABLE_COLLATION']),
      };
    }
    return shape;
  } finally {
    await conn.end();
  }
}
