// The SQLite connection's durability work (issue 9): the WAL stays bounded under steady writes
// (the checkpointer truncates it past its limit, PASSIVE only below), and cursor commits skip
// their own fsync without leaving message commits less than FULL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { openDb, sqliteFilePath, type Db } from '@parley/db';
import { testDatabases } from '../../../prisma/test/helpers/databases';
import { openCheckpointer, openSqliteCore, type SqliteCore } from '../src/data/store/sqlite-core';

const C = 'd_10001_10002';
const LIMIT = 256 * 1024; // 256 KiB: a few batches of 1 KB texts pass it

describe('SQLite WAL bound and commit durability', () => {
  const dbs = testDatabases('sqlite');
  let db: Db;
  let file: string;
  let core: SqliteCore;
  let checkpointer: ReturnType<typeof openCheckpointer>;

  before(async () => {
    db = await openDb(await dbs.create());
    await db.prisma.conversation.create({ data: { id: C, kind: 'direct' } });
    await db.prisma.member.createMany({
      data: [
        { conversationId: C, userId: 10001 },
        { conversationId: C, userId: 10002 },
      ],
    });
    file = sqliteFilePath(db.url)!;
    core = openSqliteCore(file);
    // No timer in this test: it calls checkpoint() itself.
    checkpointer = openCheckpointer(file, { truncateBytes: LIMIT, everyMs: 3_600_000 });
    // Start from an empty log (the schema's migration wrote more than LIMIT).
    checkpointer.checkpoint();
  });
  after(async () => {
    checkpointer.close();
    core.close();
    await db.close();
    await dbs.dropAll();
  });

  let n = 0;
  const store = (count: number): void => {
    const inputs = Array.from({ length: count }, () => ({
      conversationId: C,
      senderId: 10001,
      clientMsgId: `wal-${n++}`,
      kind: 'text' as const,
      text: 'x'.repeat(1_000),
      mediaId: null,
      replyToSeq: null,
    }));
    core.storeMessages(inputs);
  };
  const walBytes = (): number => statSync(`${file}-wal`).size;

  it('leaves a WAL under the limit to PASSIVE checkpoints', () => {
    store(10);
    const r = checkpointer.checkpoint();
    assert.equal(r.truncated, false, `${r.walPages} pages`);
    assert.ok(r.walPages > 0);
  });

  it('truncates a WAL that grew past the limit, and writes go on after it', () => {
    for (let i = 0; i < 20; i++) store(50);
    assert.ok(walBytes() > LIMIT, `WAL ${walBytes()} bytes after ~1 MB of messages`);
    const r = checkpointer.checkpoint();
    assert.equal(r.truncated, true);
    assert.equal(walBytes(), 0);
    store(1);
    assert.ok(walBytes() > 0 && walBytes() < LIMIT);
  });

  it('moves cursors without an fsync of their own, and message commits stay FULL', () => {
    assert.equal(core.syncLevel(), 2);
    core.moveCursors([{ conversationId: C, userId: 10002, ack: 1, read: 1 }]);
    assert.equal(core.syncLevel(), 2, 'FULL again after the cursor commit');
  });
});
