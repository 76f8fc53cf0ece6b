import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DbError, dialectOf, openDb, redactUrl } from '../src/index';
import { mysqlTarget, sqliteFilePath } from '../src/url';

describe('dialectOf', () => {
  it('maps file: to sqlite and mysql:// / mariadb:// to mysql', () => {
    assert.equal(dialectOf('file:./data/parley.db'), 'sqlite');
    assert.equal(dialectOf('file:///var/lib/parley.db'), 'sqlite');
    assert.equal(dialectOf('mysql://root@127.0.0.1:3306/parley'), 'mysql');
    assert.equal(dialectOf('mariadb://u:p@db/parley'), 'mysql');
  });

  it('throws DB_BAD_URL for anything else, without echoing the password', () => {
    for (const url of ['postgres://u:secret@h/db', 'sqlite:x.db', '', 'MYSQL://h/db']) {
      assert.throws(
        () => dialectOf(url),
        (err: unknown) =>
          err instanceof DbError && err.code === 'DB_BAD_URL' && !err.message.includes('secret'),
      );
    }
  });
});

describe('sqliteFilePath', () => {
  it('resolves relative paths against the working directory, as libsql does', () => {
    assert.equal(sqliteFilePath('file:./data/parley.db'), resolve('data/parley.db'));
    assert.equal(sqliteFilePath('file:data/parley.db'), resolve('data/parley.db'));
  });

  it('accepts absolute and file:/// forms, and ignores the query string', () => {
    assert.equal(sqliteFilePath('file:/tmp/p.db'), '/tmp/p.db');
    assert.equal(sqliteFilePath('file:///tmp/p.db?mode=rwc'), '/tmp/p.db');
    assert.equal(sqliteFilePath('file://localhost/tmp/p%20q.db'), '/tmp/p q.db');
  });

  it('has no path for in-memory databases, and refuses remote hosts', () => {
    assert.equal(sqliteFilePath('file::memory:'), null);
    assert.throws(() => sqliteFilePath('file://server/share/p.db'), DbError);
  });
});

describe('mysqlTarget', () => {
  it('splits out the database and keeps credentials and options', () => {
    assert.deepEqual(mysqlTarget('mysql://u:p%40ss@db.local:3307/parley?connectTimeout=2000'), {
      database: 'parley',
      bootstrapUrl: 'mariadb://u:p%40ss@db.local:3307/information_schema?connectTimeout=2000',
    });
  });

  it('refuses a missing or unsafe database name (it is interpolated into CREATE DATABASE)', () => {
    for (const url of ['mysql://h:3306/', 'mysql://h/a-b', 'mysql://h/x%60y', 'mysql://h/a/b']) {
      assert.throws(() => mysqlTarget(url), DbError, url);
    }
  });
});

describe('redactUrl', () => {
  it('hides passwords and leaves other URLs alone', () => {
    assert.equal(redactUrl('mysql://root:hunter2@h:3306/db'), 'mysql://root:***@h:3306/db');
    assert.equal(redactUrl('mysql://root@h/db'), 'mysql://root@h/db');
    assert.equal(redactUrl('file:./data/parley.db'), 'file:./data/parley.db');
  });
});

describe('openDb', () => {
  it('refuses in-memory SQLite, whose migrated copy the client would never see', async () => {
    await assert.rejects(
      openDb('file::memory:'),
      (err: unknown) => err instanceof DbError && err.code === 'DB_BAD_URL',
    );
  });

  it('refuses unknown schemes before touching anything', async () => {
    await assert.rejects(openDb('redis://127.0.0.1:6379'), DbError);
  });
});
