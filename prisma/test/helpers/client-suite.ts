// What the stores rely on from the generated client, run once per dialect by client.*.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  isUniqueViolation,
  openDb,
  uniqueViolationFields,
  type Db,
  type Dialect,
} from '../../src/index';
import { testDatabases } from './databases';

// CJK, 4-byte emoji, a ZWJ family, a flag, combining marks and an astral CJK character.
const TRICKY_TEXT = '你好，世界！こんにちは 안녕 😀🎉 👨‍👩‍👧‍👦 🇨🇳 é (e\u0301) 𠮷';
const MAX_SIGNED_BIGINT = 9_223_372_036_854_775_807n;

export function clientSuite(dialect: Dialect): void {
  describe(`client (${dialect})`, () => {
    const dbs = testDatabases(dialect);
    let db: Db;
    let n = 0;
    /** A unique username/email pair per call. */
    const account = (nick = 'Nick') => {
      n += 1;
      return {
        username: `user${n}`,
        email: `user${n}@example.com`,
        passwordHash: 'scrypt$x',
        nick,
      };
    };

    before(async () => {
      db = await openDb(await dbs.create());
    });
    after(async () => {
      await db.close();
      await dbs.dropAll();
    });

    it('reports its dialect', () => {
      assert.equal(db.dialect, dialect);
    });

    it('numbers users from 10001, with string-friendly defaults', async () => {
      const first = await db.prisma.user.create({ data: account() });
      const second = await db.prisma.user.create({ data: account() });
      assert.equal(first.id, 10001);
      assert.equal(second.id, 10002);
      assert.equal(first.avatar, '');
      assert.equal(first.bio, '');
      assert.ok(first.createdAt instanceof Date);
      assert.ok(Math.abs(first.createdAt.getTime() - Date.now()) < 60_000);
    });

    it('detects duplicate usernames and emails as unique violations', async () => {
      const taken = await db.prisma.user.create({ data: account() });
      const dupUsername = db.prisma.user.create({
        data: { ...account(), username: taken.username },
      });
      await assert.rejects(
        dupUsername,
        (err) => isUniqueViolation(err) && same(uniqueViolationFields(err), ['username']),
      );
      const dupEmail = db.prisma.user.create({ data: { ...account(), email: taken.email } });
      await assert.rejects(
        dupEmail,
        (err) => isUniqueViolation(err) && same(uniqueViolationFields(err), ['email']),
      );
      // Raw SQL fails with P2010 rather than P2002; still a unique violation.
      const raw = db.prisma
        .$executeRaw`INSERT INTO users (username, email, passwordHash, nick, createdAt)
        VALUES (${taken.username}, ${'raw@example.com'}, ${'h'}, ${'n'}, ${new Date()})`;
      await assert.rejects(raw, (err) => isUniqueViolation(err));
    });

    it('compares usernames exactly: case and distinct emoji are different names', async () => {
      // MySQL runs utf8mb4_bin so both dialects agree (a _ci collation would refuse these).
      for (const username of ['Alice', 'alice', '😀', '😁']) {
        await db.prisma.user.create({ data: { ...account(), username } });
      }
      assert.equal(await db.prisma.user.count({ where: { username: '😀' } }), 1);
    });

    it('says no unique violation for other errors', async () => {
      assert.equal(isUniqueViolation(new Error('boom')), false);
      assert.equal(isUniqueViolation(undefined), false);
      const missing = db.prisma.user.update({ where: { id: 1 }, data: { nick: 'x' } });
      await assert.rejects(missing, (err) => !isUniqueViolation(err));
    });

    it('enforces one message per (conversationId, seq) and per (senderId, clientMsgId)', async () => {
      const base = {
        conversationId: 'd_10001_10002',
        senderId: 10001,
        kind: 'text',
        text: 'hi',
        sentAt: 1n,
      };
      await db.prisma.message.create({ data: { ...base, seq: 1, clientMsgId: 'c1' } });

      const sameSeq = db.prisma.message.create({ data: { ...base, seq: 1, clientMsgId: 'c2' } });
      await assert.rejects(
        sameSeq,
        (err) =>
          isUniqueViolation(err) && same(uniqueViolationFields(err), ['conversationId', 'seq']),
      );
      const resend = db.prisma.message.create({ data: { ...base, seq: 2, clientMsgId: 'c1' } });
      await assert.rejects(
        resend,
        (err) =>
          isUniqueViolation(err) && same(uniqueViolationFields(err), ['senderId', 'clientMsgId']),
      );

      // The same clientMsgId from someone else, and the same seq elsewhere, are fine.
      await db.prisma.message.create({
        data: { ...base, seq: 2, senderId: 10002, clientMsgId: 'c1' },
      });
      await db.prisma.message.create({
        data: { ...base, conversationId: 'd_10001_10003', seq: 1, clientMsgId: 'c3' },
      });
    });

    it('treats a duplicate composite primary key as a unique violation', async () => {
      const row = { userId: 10001, friendId: 10002, conversationId: 'd_10001_10002' };
      await db.prisma.friendship.create({ data: row });
      await assert.rejects(db.prisma.friendship.create({ data: row }), (err) =>
        isUniqueViolation(err),
      );
    });

    it('round-trips CJK and emoji in names and long message text', async () => {
      const user = await db.prisma.user.create({
        data: { ...account(TRICKY_TEXT), bio: TRICKY_TEXT },
      });
      const found = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      assert.equal(found.nick, TRICKY_TEXT);
      assert.equal(found.bio, TRICKY_TEXT);

      // Over 64 KiB of UTF-8: MySQL needs MEDIUMTEXT for this (TEXT stops at 65,535 bytes).
      const long = TRICKY_TEXT.repeat(1_200);
      assert.ok(Buffer.byteLength(long) > 65_535);
      const msg = await db.prisma.message.create({
        data: {
          conversationId: 'g_cjk',
          seq: 1,
          senderId: user.id,
          clientMsgId: 'long',
          kind: 'text',
          text: long,
          sentAt: 1n,
        },
      });
      const back = await db.prisma.message.findUniqueOrThrow({ where: { id: msg.id } });
      assert.equal(back.text, long);

      const group = await db.prisma.group.create({
        data: { id: 'g_cjk', name: '家人群 👨‍👩‍👧', ownerId: user.id, conversationId: 'g_cjk' },
      });
      assert.equal(
        (await db.prisma.group.findUniqueOrThrow({ where: { id: group.id } })).name,
        '家人群 👨‍👩‍👧',
      );
    });

    it('round-trips BigInt sentAt exactly, beyond 2^53', async () => {
      const values = [BigInt(Date.now()), 2n ** 53n + 1n, MAX_SIGNED_BIGINT];
      for (const [i, sentAt] of values.entries()) {
        const msg = await db.prisma.message.create({
          data: {
            conversationId: 'd_big',
            seq: i + 1,
            senderId: 10001,
            clientMsgId: `big${i}`,
            kind: 'text',
            sentAt,
            recalledAt: sentAt,
          },
        });
        assert.equal(typeof msg.id, 'bigint');
        const back = await db.prisma.message.findUniqueOrThrow({ where: { id: msg.id } });
        assert.equal(back.sentAt, sentAt);
        assert.equal(back.recalledAt, sentAt);
      }
    });

    it('allocates gap-free seqs under concurrent sends (PROTOCOL.md §5)', async () => {
      await db.prisma.conversation.create({ data: { id: 'g_seq', kind: 'group' } });
      const SENDS = 20;
      // The send path: bump lastSeq and store the message with it, in one transaction.
      const sent = await Promise.all(
        Array.from({ length: SENDS }, (_, i) =>
          db.prisma.$transaction(async (tx) => {
            const conv = await tx.conversation.update({
              where: { id: 'g_seq' },
              data: { lastSeq: { increment: 1 } },
            });
            return tx.message.create({
              data: {
                conversationId: 'g_seq',
                seq: conv.lastSeq,
                senderId: 10001,
                clientMsgId: `seq${i}`,
                kind: 'text',
                text: `#${i}`,
                sentAt: BigInt(Date.now()),
              },
            });
          }),
        ),
      );
      const expected = Array.from({ length: SENDS }, (_, i) => i + 1);
      assert.deepEqual(
        sent.map((m) => m.seq).sort((a, b) => a - b),
        expected,
      );
      const stored = await db.prisma.message.findMany({
        where: { conversationId: 'g_seq' },
        orderBy: { seq: 'asc' },
      });
      assert.deepEqual(
        stored.map((m) => m.seq),
        expected,
      );
    });

    it('keeps per-member cursors with defaults', async () => {
      await db.prisma.member.create({
        data: { conversationId: 'g_seq', userId: 10001, role: 'owner' },
      });
      const member = await db.prisma.member.update({
        where: { conversationId_userId: { conversationId: 'g_seq', userId: 10001 } },
        data: { ackSeq: 5, readSeq: 3 },
      });
      assert.deepEqual([member.ackSeq, member.readSeq, member.role], [5, 3, 'owner']);
    });

    it('tracks friend requests with updatedAt', async () => {
      const req = await db.prisma.friendRequest.create({
        data: { fromId: 10001, toId: 10002, greeting: '我是小明' },
      });
      assert.equal(req.status, 'pending');
      const accepted = await db.prisma.friendRequest.update({
        where: { id: req.id },
        data: { status: 'accepted' },
      });
      assert.ok(accepted.updatedAt.getTime() >= req.updatedAt.getTime());
      const pending = await db.prisma.friendRequest.count({
        where: { toId: 10002, status: 'pending' },
      });
      assert.equal(pending, 0);
    });

    it('closes idempotently', async () => {
      const other = await openDb(db.url);
      await other.close();
      await other.close();
    });
  });
}

function same(actual: string[] | undefined, expected: string[]): boolean {
  assert.deepEqual(actual, expected);
  return true;
}
