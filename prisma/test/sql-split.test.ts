import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { splitSqlStatements } from '../src/sql-split';

describe('splitSqlStatements', () => {
  it('splits on semicolons outside quotes and comments', () => {
    const sql = `-- header; with a semicolon
CREATE TABLE "a;b" (x TEXT DEFAULT 'it''s; fine');
/* block; comment */ INSERT INTO t VALUES ('x', \`q;\`);
-- trailing comment only;
`;
    assert.deepEqual(splitSqlStatements(sql), [
      `-- header; with a semicolon\nCREATE TABLE "a;b" (x TEXT DEFAULT 'it''s; fine')`,
      "/* block; comment */ INSERT INTO t VALUES ('x', `q;`)",
    ]);
  });

  it('honours backslash escapes only when asked (MySQL), not in SQLite', () => {
    const sql = "SELECT 'C:\\'; SELECT 'x\\'' ; SELECT 2;";
    // SQLite: '\' is an ordinary character, so 'C:\' is a whole string.
    assert.deepEqual(splitSqlStatements(sql), ["SELECT 'C:\\'", "SELECT 'x\\'' ; SELECT 2;"]);
    // MySQL: \' is an escaped quote, so the first string runs on to the next quote.
    assert.deepEqual(splitSqlStatements(sql, { backslashEscapes: true }), [
      "SELECT 'C:\\'; SELECT 'x\\''",
      'SELECT 2',
    ]);
  });

  it('keeps a CREATE TRIGGER … BEGIN …; …; END in one statement', () => {
    const sql = `-- a trigger
CREATE TRIGGER t AFTER INSERT ON a BEGIN
  INSERT INTO b VALUES (new.x); -- inner; statement
  DELETE FROM c WHERE y = 'END;';
END;
SELECT 1;
create temp trigger u after delete on a begin select 2; end ;`;
    assert.deepEqual(splitSqlStatements(sql), [
      `-- a trigger\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO b VALUES (new.x); -- inner; statement\n  DELETE FROM c WHERE y = 'END;';\nEND`,
      'SELECT 1',
      'create temp trigger u after delete on a begin select 2; end',
    ]);
  });

  it('ignores empty statements and a missing final semicolon', () => {
    assert.deepEqual(splitSqlStatements(';;\n  SELECT 1 ;; SELECT 2'), ['SELECT 1', 'SELECT 2']);
    assert.deepEqual(splitSqlStatements('  \n-- nothing\n'), []);
  });

  it('finds one statement per table and index in the shipped migrations', async () => {
    for (const [dialect, expected] of [
      ['sqlite', 17],
      ['mysql', 8],
    ] as const) {
      const sql = await readFile(
        new URL(`../migrations/${dialect}/0001_init.sql`, import.meta.url),
        'utf8',
      );
      const statements = splitSqlStatements(sql, { backslashEscapes: dialect === 'mysql' });
      assert.equal(statements.length, expected, dialect);
    }
  });
});
