// Drift: the hand-written migrations of both dialects must describe exactly the models of
// schema.prisma (the generated clients' source). Applies both to real, fresh databases and
// compares what the databases report. Needs MariaDB (PARLEY_TEST_MYSQL_URL).

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../src/index';
import { TABLE_OF_MODEL } from '../src/errors';
import { deriveSchema } from '../scripts/generate.mjs';
import { rawQuery, testDatabases } from './helpers/databases';
import { introspectMysql, introspectSqlite, type DbShape } from './helpers/introspect';
import { parseModels, type SchemaField, type SchemaModel } from './helpers/prisma-schema';

const source = await readFile(new URL('../schema.prisma', import.meta.url), 'utf8');
const models = parseModels(source);
const mysqlModels = parseModels(deriveSchema(source, 'mysql'));

// How `prisma migrate` maps scalar types (the generated clients expect these).
function sqliteType(field: SchemaField): string {
  if (field.autoincrement) return 'INTEGER'; // rowid alias, even for BigInt ids
  const types: Record<string, string> = {
    Int: 'INTEGER',
    BigInt: 'BIGINT',
    String: 'TEXT',
    DateTime: 'DATETIME',
  };
  return types[field.type] ?? `unmapped ${field.type}`;
}
function mysqlType(field: SchemaField): string {
  if (field.nativeType !== undefined) return field.nativeType.toLowerCase();
  const types: Record<string, string> = {
    Int: 'int',
    BigInt: 'bigint',
    String: 'varchar(191)',
    DateTime: 'datetime(3)',
  };
  return types[field.type] ?? `unmapped ${field.type}`;
}
/** Schema default as both databases report it. */
function expectedDefault(field: SchemaField): string | null {
  if (field.defaultValue === undefined) return null;
  if (field.defaultValue === 'now()') return 'now';
  const text = /^"(.*)"$/.exec(field.defaultValue);
  return text ? `'${text[1]}'` : field.defaultValue;
}
const indexName = (m: SchemaModel, cols: string[], suffix: 'key' | 'idx') =>
  `${m.table}_${cols.join('_')}_${suffix}`;

describe('drift between schema.prisma and the migrations', () => {
  const sqliteDbs = testDatabases('sqlite');
  const mysqlDbs = testDatabases('mysql');
  const shapes: Record<'sqlite' | 'mysql', DbShape> = { sqlite: {}, mysql: {} };
  let mysqlUrl = '';
  let sqliteUrl = '';

  before(async () => {
    [sqliteUrl, mysqlUrl] = await Promise.all([sqliteDbs.create(), mysqlDbs.create()]);
    await Promise.all([migrate(sqliteUrl), migrate(mysqlUrl)]);
    [shapes.sqlite, shapes.mysql] = await Promise.all([
      introspectSqlite(sqliteUrl),
      introspectMysql(mysqlUrl),
    ]);
  });
  after(async () => {
    await Promise.all([sqliteDbs.dropAll(), mysqlDbs.dropAll()]);
  });

  it('has the same tables in both dialects, one per model', () => {
    const expected = models.map((m) => m.table).sort();
    assert.deepEqual(Object.keys(shapes.sqlite).sort(), expected);
    assert.deepEqual(Object.keys(shapes.mysql).sort(), expected);
    assert.deepEqual(TABLE_OF_MODEL, Object.fromEntries(models.map((m) => [m.name, m.table])));
  });

  for (const dialect of ['sqlite', 'mysql'] as const) {
    describe(dialect, () => {
      for (const model of dialect === 'mysql' ? mysqlModels : models) {
        it(`${model.table} matches model ${model.name}`, () => {
          const table = shapes[dialect][model.table];
          assert.ok(table, `table ${model.table} exists`);
          // Columns, in schema order, with type, nullability, default and autoincrement.
          const actual = table.columns.map(
            ({ name, type, nullable, defaultValue, autoincrement }) => ({
              name,
              type,
              nullable,
              defaultValue,
              autoincrement,
            }),
          );
          const expected = model.fields.map((f) => ({
            name: f.column,
            type: dialect === 'sqlite' ? sqliteType(f) : mysqlType(f),
            nullable: f.optional,
            defaultValue: expectedDefault(f),
            autoincrement: f.autoincrement,
          }));
          assert.deepEqual(actual, expected);
          // Keys and indexes, named as Prisma names them (MySQL unique errors report only the name).
          assert.deepEqual(table.primaryKey, model.primaryKey, 'primary key');
          assert.deepEqual(
            table.uniques,
            Object.fromEntries(model.uniques.map((c) => [indexName(model, c, 'key'), c])),
          );
          assert.deepEqual(
            table.indexes,
            Object.fromEntries(model.indexes.map((c) => [indexName(model, c, 'idx'), c])),
          );
        });
      }
    });
  }

  it('has the same columns, keys and indexes in both dialects', () => {
    const neutral = (shape: DbShape) =>
      Object.fromEntries(
        Object.entries(shape).map(([name, t]) => [
          name,
          {
            columns: t.columns.map((c) => [c.name, c.nullable, c.defaultValue, c.autoincrement]),
            primaryKey: t.primaryKey,
            uniques: t.uniques,
            indexes: t.indexes,
          },
        ]),
      );
    assert.deepEqual(neutral(shapes.mysql), neutral(shapes.sqlite));
  });

  it('stores MySQL text as utf8mb4 with binary collation', () => {
    for (const [name, table] of Object.entries(shapes.mysql)) {
      assert.equal(table.collation, 'utf8mb4_bin', name);
      for (const column of table.columns) {
        if (column.charset !== null)
          assert.equal(column.charset, 'utf8mb4', `${name}.${column.name}`);
      }
    }
  });

  it('starts user ids at 10001 in both dialects', async () => {
    const [seq] = await rawQuery(sqliteUrl, "SELECT seq FROM sqlite_sequence WHERE name = 'users'");
    assert.equal(Number(seq?.['seq']), 10000);
    const [auto] = await rawQuery(
      mysqlUrl,
      "SELECT AUTO_INCREMENT AS next FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'users'",
    );
    assert.equal(Number(auto?.['next']), 10001);
  });
});
