// The HotStore contract (data/store): the SQLite adapter through its real worker thread, and the
// Prisma adapter on the machine's MariaDB, run the same cases on real databases.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@parley/core';
import { openDb, sqliteFilePath, type Db } from '@parley/db';
import { ErrorCode } from '@parley/proto';
import { testDatabases } from '../../../prisma/test/helpers/databases';
import {
  acquireHotStore,
  isFailure,
  type HotStore,
  type SendInput,
  type StoredMessage,
} from '../src/data/store';
import { openSqliteStore, type SqliteStore } from '../src/data/store/sqlite';
import { MessageWriter } from '../src/data/message-writer';

const A = 10001;
const B = 10002;
const C1 = 'd_10001_10002';
const C2 = 'd_10001_10003';

const text = (conversationId: string, senderId: number, clientMsgId: string): SendInput => ({
  conversationId,
  senderId,
  clientMsgId,
  kind: 'text',
  text: `t-${clientMsgId}`,
  mediaId: null,
  replyToSeq: null,
});

function stored(r: unknown): StoredMessage {
  assert.ok(
    r && typeof r === 'object' && !isFailure(r as StoredMessage),
    JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  );
  return r as StoredMessage;
}

for (const dialect of ['sqlite', 'mysql'] as const) {
  describe(`HotStore (${dialect})`, () => {
    const dbs = testDatabases(dialect);
    let db: Db;
    let store: HotStore;

    before(async () => {
      db = await openDb(await dbs.create());
      await db.prisma.conversation.createMany({
        data: [
          { id: C1, kind: 'direct' },
          { id: C2, kind: 'direct' },
        ],
      });
      await db.prisma.member.createMany({
        data: [
          { conversationId: C1, userId: A },
          { conversationId: C1, userId: B },
          { conversationId: C2, userId: A },
        ],
      });
      store = acquireHotStore(db, silentLogger);
    });
    after(async () => {
      await store.release();
      await db.close();
      await dbs.dropAll();
    });

    it('gives each conversation contiguous seqs in arrival order, across batches', async () => {
      const first = await store.storeMessages([
        text(C1, A, 'a1'),
        text(C2, A, 'a2'),
        text(C1, B, 'b1'),
        text(C1, A, 'a3'),
      ]);
      assert.deepEqual(
        first.rows.map((r) => [stored(r).conversationId, stored(r).seq, stored(r).duplicate]),
        [
          [C1, 1, false],
          [C2, 1, false],
          [C1, 2, false],
          [C1, 3, false],
        ],
      );
      const second = await store.storeMessages([text(C1, B, 'b2')]);
      assert.equal(stored(second.rows[0]).seq, 4);
      const rows = await db.prisma.message.findMany({
        where: { conversationId: C1 },
        orderBy: { seq: 'asc' },
      });
      assert.deepEqual(
        rows.map((r) => [r.seq, r.senderId, r.clientMsgId, r.text]),
        [
          [1, A, 'a1', 't-a1'],
          [2, B, 'b1', 't-b1'],
          [3, A, 'a3', 't-a3'],
          [4, B, 'b2', 't-b2'],
        ],
      );
      const conv = await db.prisma.conversation.findUniqueOrThrow({ where: { id: C1 } });
      assert.equal(conv.lastSeq, 4);
    });

    it('answers a resend with the stored message, in a later batch or the same one', async () => {
      const { rows } = await store.storeMessages([
        text(C1, A, 'a1'), // stored in the first test
        text(C1, A, 'n1'),
        text(C1, A, 'n1'), // the same request twice in one batch
      ]);
      const [old, fresh, again] = rows.map(stored);
      assert.deepEqual([old!.seq, old!.duplicate, old!.text], [1, true, 't-a1']);
      assert.equal(fresh!.duplicate, false);
      assert.deepEqual([again!.seq, again!.duplicate], [fresh!.seq, true]);
      const count = await db.prisma.message.count({ where: { senderId: A, clientMsgId: 'n1' } });
      assert.equal(count, 1);
    });

    it('fails only the input whose conversation does not exist', async () => {
      const { rows } = await store.storeMessages([text('d_nope', A, 'x1'), text(C2, A, 'x2')]);
      assert.ok(isFailure(rows[0]!));
      assert.equal(rows[0].error, ErrorCode.NOT_FOUND);
      assert.equal(stored(rows[1]).seq, 2);
      assert.equal(await db.prisma.message.count({ where: { clientMsgId: 'x1' } }), 0);
    });

    it("moves the sender's read cursor to its message, and never its ACK cursor", async () => {
      const before = await db.prisma.member.findUniqueOrThrow({
        where: { conversationId_userId: { conversationId: C1, userId: B } },
      });
      const { rows } = await store.storeMessages([text(C1, B, 'r1')]);
      const seq = stored(rows[0]).seq;
      const after = await db.prisma.member.findUniqueOrThrow({
        where: { conversationId_userId: { conversationId: C1, userId: B } },
      });
      assert.equal(after.readSeq, seq);
      assert.equal(after.ackSeq, before.ackSeq);
    });

    it('moves cursors only forward', async () => {
      await store.moveCursors([{ conversationId: C1, userId: A, ack: 3, read: 2 }]);
      await store.moveCursors([{ conversationId: C1, userId: A, ack: 1, read: 1 }]);
      const m = await db.prisma.member.findUniqueOrThrow({
        where: { conversationId_userId: { conversationId: C1, userId: A } },
      });
      assert.deepEqual([m.ackSeq, m.readSeq >= 2], [3, true]);
    });

    it('returns the media rows of the messages it answers with', async () => {
      await db.prisma.media.create({
        data: {
          id: 'm_hot_1',
          uploaderId: A,
          name: 'cat.png',
          mime: 'image/png',
          size: 3,
          storageKey: 'k',
        },
      });
      const { rows, media } = await store.storeMessages([
        { ...text(C1, A, 'img1'), kind: 'image', text: null, mediaId: 'm_hot_1' },
      ]);
      assert.equal(stored(rows[0]).mediaId, 'm_hot_1');
      assert.deepEqual(
        media.map((m) => [m.id, m.name, m.mime, m.size, m.uploaderId]),
        [['m_hot_1', 'cat.png', 'image/png', 3, A]],
      );
    });

    it("reads LOGIN's card and friends, and the user's memberships with lastSeq", async () => {
      const user = (name: string) =>
        db.prisma.user.create({
          data: {
            username: `${name}_${dialect}`,
            email: `${name}_${dialect}@example.com`,
            passwordHash: 'x',
            nick: name,
            bio: 'hi',
          },
        });
      const alice = await user('hot_alice');
      const f1 = await user('hot_f1');
      const f2 = await user('hot_f2');
      await db.prisma.friendship.createMany({
        data: [
          { userId: alice.id, friendId: f1.id, conversationId: C1 },
          { userId: alice.id, friendId: f2.id, conversationId: C2 },
          { userId: f1.id, friendId: alice.id, conversationId: C1 },
        ],
      });
      const view = await store.loginView(alice.id);
      assert.deepEqual(view.card, {
        id: alice.id,
        username: `hot_alice_${dialect}`,
        nick: 'hot_alice',
        avatar: '',
        bio: 'hi',
      });
      assert.deepEqual(
        [...view.friendIds].sort((x, y) => x - y),
        [f1.id, f2.id],
      );
      assert.deepEqual(await store.loginView(999_999), { card: null, friendIds: [] });

      await store.storeMessages([text(C1, B, 'lv1'), text(C1, B, 'lv2')]);
      await store.moveCursors([{ conversationId: C1, userId: A, ack: 1, read: 1 }]);
      const lastSeq = async (id: string) =>
        (await db.prisma.conversation.findUniqueOrThrow({ where: { id } })).lastSeq;
      const mine = await store.memberships(A);
      const cursors = await db.prisma.member.findMany({
        where: { userId: A },
        orderBy: { conversationId: 'asc' },
      });
      assert.deepEqual(
        mine,
        await Promise.all(
          cursors.map(async (m) => ({
            conversationId: m.conversationId,
            ackSeq: m.ackSeq,
            readSeq: m.readSeq,
            lastSeq: await lastSeq(m.conversationId),
            kind: 'direct',
          })),
        ),
      );
      assert.deepEqual(
        mine.map((m) => m.conversationId),
        [C1, C2],
      );
      assert.deepEqual(await store.memberships(999_999), []);
    });

    it('stores a large batch in one go (chunked inserts plus a remainder)', async () => {
      const inputs = Array.from({ length: 203 }, (_, i) => text(C2, A, `big-${i}`));
      const { rows } = await store.storeMessages(inputs);
      const seqs = rows.map((r) => stored(r).seq);
      assert.deepEqual(
        seqs,
        seqs.map((_, i) => seqs[0]! + i),
      );
      assert.equal(
        await db.prisma.message.count({ where: { clientMsgId: { startsWith: 'big-' } } }),
        203,
      );
    });
  });
}

describe('SQLite store worker lost', () => {
  const dbs = testDatabases('sqlite');
  let db: Db;
  let store: SqliteStore;

  before(async () => {
    db = await openDb(await dbs.create());
    await db.prisma.conversation.create({ data: { id: C1, kind: 'direct' } });
    await db.prisma.member.createMany({
      data: [
        { conversationId: C1, userId: A },
        { conversationId: C1, userId: B },
      ],
    });
    store = openSqliteStore({ file: sqliteFilePath(db.url)!, logger: silentLogger });
  });
  after(async () => {
    await store.release();
    await db.close();
    await dbs.dropAll();
  });

  it('is replaced by a new worker, and stores carry on where they were', async () => {
    const first = await store.storeMessages([text(C1, A, 'w1')]);
    assert.equal(stored(first.rows[0]).seq, 1);
    const before = store.threadId;
    await store.crashWorker();
    const next = await store.storeMessages([text(C1, B, 'w2')]);
    assert.notEqual(store.threadId, before);
    assert.equal(stored(next.rows[0]).seq, 2);
  });

  it('a MessageWriter answers sends whose worker died under them, each stored once', async () => {
    const writer = new MessageWriter(store, silentLogger);
    // The worker commits the first batch, then dies before answering it.
    const crashed = store.crashWorker('after-next-commit');
    const before = store.threadId;
    const sends = Array.from({ length: 20 }, (_, i) => writer.write(text(C1, A, `crash-${i}`)));
    await crashed;
    const results = await Promise.all(sends);
    assert.notEqual(store.threadId, before);
    const seqs = results.map((r) => r.message.seq);
    assert.equal(new Set(seqs).size, 20);
    // Whatever the crash cut short is delivered as new (recipients drop seqs they have).
    assert.ok(results.every((r) => !r.duplicate));
    assert.equal(
      await db.prisma.message.count({ where: { clientMsgId: { startsWith: 'crash-' } } }),
      20,
    );
    await writer.close();
  });

  it('release() lets its threads end on their own, and answers every caller with one promise', async () => {
    const other = openSqliteStore({ file: sqliteFilePath(db.url)!, logger: silentLogger });
    const stores = Array.from({ length: 5 }, (_, i) => other.storeMessages([text(C1, B, `r${i}`)]));
    const first = other.release();
    assert.equal(other.release(), first);
    await first;
    // Everything asked before the release was answered, and the thread is gone.
    for (const b of await Promise.all(stores)) stored(b.rows[0]);
    assert.equal(other.threadId, -1);
  });
});
