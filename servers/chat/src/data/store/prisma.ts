// The Prisma adapter of HotStore, for MySQL/MariaDB (cluster mode): the same rules as the SQLite
// adapter, as a few set-based statements per batch. Several ChatServer processes write here at
// once, so a concurrent resend can still hit the unique (senderId, clientMsgId) index; the
// caller retries the batch and then finds the stored row.
import type { Db, DbClient } from '@parley/db';
import { ErrorCode } from '@parley/proto';
import type { MediaRow } from '../media';
import {
  sendKey,
  type CursorMove,
  type HotStore,
  type LoginView,
  type MembershipRow,
  type SendInput,
  type StoredBatch,
  type StoredMessage,
  type StoreFailure,
} from './types';

type Tx = Omit<DbClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const MEDIA_SELECT = { id: true, uploaderId: true, name: true, mime: true, size: true } as const;

export function prismaHotStore(db: Db): HotStore {
  const greatest = db.dialect === 'mysql' ? 'GREATEST' : 'MAX';
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(',');

  async function store(tx: Tx, inputs: SendInput[]): Promise<StoredBatch> {
    const rows: (StoredMessage | StoreFailure | undefined)[] = inputs.map(() => undefined);
    // 1. Idempotency (§5): what is already stored is returned as it was.
    const existing = await tx.message.findMany({
      where: {
        senderId: { in: [...new Set(inputs.map((i) => i.senderId))] },
        clientMsgId: { in: [...new Set(inputs.map((i) => i.clientMsgId))] },
      },
      select: {
        conversationId: true,
        seq: true,
        senderId: true,
        clientMsgId: true,
        kind: true,
        text: true,
        mediaId: true,
        sentAt: true,
        replyToSeq: true,
      },
    });
    const stored = new Map(existing.map((r) => [sendKey(r.senderId, r.clientMsgId), r]));
    const fresh: number[] = [];
    const firstOf = new Map<string, number>();
    inputs.forEach((inp, i) => {
      const k = sendKey(inp.senderId, inp.clientMsgId);
      const old = stored.get(k);
      if (old) rows[i] = { ...old, duplicate: true };
      else if (!firstOf.has(k)) {
        firstOf.set(k, i);
        fresh.push(i);
      }
    });

    if (fresh.length > 0) {
      // 2. Seq allocation: one UPDATE for the batch; the row locks it takes serialise concurrent
      //    batches per conversation, so seqs stay contiguous.
      const counts = new Map<string, number>();
      for (const i of fresh)
        counts.set(inputs[i]!.conversationId, (counts.get(inputs[i]!.conversationId) ?? 0) + 1);
      const ids = [...counts.keys()];
      const cases = ids.map(() => 'WHEN ? THEN ?').join(' ');
      await tx.$executeRawUnsafe(
        `UPDATE conversations SET lastSeq = lastSeq + CASE id ${cases} ELSE 0 END WHERE id IN (${placeholders(ids.length)})`,
        ...ids.flatMap((id) => [id, counts.get(id)!]),
        ...ids,
      );
      const convs = await tx.conversation.findMany({
        where: { id: { in: ids } },
        select: { id: true, lastSeq: true },
      });
      const next = new Map(convs.map((r) => [r.id, r.lastSeq - counts.get(r.id)! + 1]));
      const now = Date.now();
      const data: (SendInput & { seq: number; sentAt: bigint })[] = [];
      for (const i of fresh) {
        const inp = inputs[i]!;
        const seq = next.get(inp.conversationId);
        if (seq === undefined) {
          rows[i] = { error: ErrorCode.NOT_FOUND, message: 'no such conversation' };
          continue;
        }
        next.set(inp.conversationId, seq + 1);
        data.push({ ...inp, seq, sentAt: BigInt(now) });
        rows[i] = { ...inp, seq, sentAt: now, duplicate: false };
      }
      // 3. Insert.
      if (data.length > 0) await tx.message.createMany({ data });
      // 4. The sender's read cursor moves to its message; its ACK cursor does not (sqlite-core.ts).
      const cursor = new Map<string, { conversationId: string; userId: number; seq: number }>();
      for (const d of data)
        cursor.set(`${d.conversationId}\u0000${d.senderId}`, {
          conversationId: d.conversationId,
          userId: d.senderId,
          seq: d.seq,
        });
      const cs = [...cursor.values()];
      if (cs.length > 0) {
        const when = cs.map(() => 'WHEN conversationId = ? AND userId = ? THEN ?').join(' ');
        const convIds = [...new Set(cs.map((c) => c.conversationId))];
        const userIds = [...new Set(cs.map((c) => c.userId))];
        await tx.$executeRawUnsafe(
          `UPDATE members SET readSeq = ${greatest}(readSeq, CASE ${when} ELSE 0 END) ` +
            `WHERE conversationId IN (${placeholders(convIds.length)}) AND userId IN (${placeholders(userIds.length)})`,
          ...cs.flatMap((c) => [c.conversationId, c.userId, c.seq]),
          ...convIds,
          ...userIds,
        );
      }
    }
    // Repeats inside the batch get the first one's outcome, marked duplicate.
    inputs.forEach((inp, i) => {
      if (rows[i]) return;
      const first = rows[firstOf.get(sendKey(inp.senderId, inp.clientMsgId))!]!;
      rows[i] = 'error' in first ? first : { ...first, duplicate: true };
    });
    const mediaIds = new Set<string>();
    for (const r of rows) if (r && 'mediaId' in r && r.mediaId !== null) mediaIds.add(r.mediaId);
    const media: MediaRow[] =
      mediaIds.size === 0
        ? []
        : await tx.media.findMany({ where: { id: { in: [...mediaIds] } }, select: MEDIA_SELECT });
    return { rows: rows as (StoredMessage | StoreFailure)[], media };
  }

  return {
    maxInFlight: 1,
    async storeMessages(inputs) {
      // The time from the last statement to $transaction's return is the COMMIT's round trip:
      // InnoDB flushes its redo log there (the fsync figure of issue 11 item 8).
      let bodyDone = 0;
      const batch = await db.prisma.$transaction(
        async (tx) => {
          const b = await store(tx, inputs);
          bodyDone = performance.now();
          return b;
        },
        { timeout: 30_000, maxWait: 30_000 },
      );
      return { ...batch, commitSeconds: (performance.now() - bodyDone) / 1000 };
    },
    async moveCursors(moves: CursorMove[]) {
      const when = moves.map(() => 'WHEN conversationId = ? AND userId = ? THEN ?').join(' ');
      const convIds = [...new Set(moves.map((m) => m.conversationId))];
      const userIds = [...new Set(moves.map((m) => m.userId))];
      await db.prisma.$executeRawUnsafe(
        `UPDATE members SET ackSeq = ${greatest}(ackSeq, CASE ${when} ELSE 0 END), readSeq = ${greatest}(readSeq, CASE ${when} ELSE 0 END) ` +
          `WHERE conversationId IN (${placeholders(convIds.length)}) AND userId IN (${placeholders(userIds.length)})`,
        ...moves.flatMap((m) => [m.conversationId, m.userId, m.ack]),
        ...moves.flatMap((m) => [m.conversationId, m.userId, m.read]),
        ...convIds,
        ...userIds,
      );
    },
    // The card and the friends at once rather than one after another.
    async loginView(userId: number): Promise<LoginView> {
      const [card, friends] = await Promise.all([
        db.prisma.user.findUnique({
          where: { id: userId },
          select: { id: true, username: true, nick: true, avatar: true, bio: true },
        }),
        db.prisma.friendship.findMany({ where: { userId }, select: { friendId: true } }),
      ]);
      return { card, friendIds: friends.map((f) => f.friendId) };
    },
    async memberships(userId: number): Promise<MembershipRow[]> {
      const rows = await db.prisma.member.findMany({
        where: { userId },
        select: { conversationId: true, ackSeq: true, readSeq: true },
        orderBy: { conversationId: 'asc' },
      });
      if (rows.length === 0) return [];
      const convs = await db.prisma.conversation.findMany({
        where: { id: { in: rows.map((r) => r.conversationId) } },
        select: { id: true, lastSeq: true, kind: true },
      });
      const byId = new Map(convs.map((c) => [c.id, c]));
      return rows.flatMap((r) => {
        const c = byId.get(r.conversationId);
        return c ? [{ ...r, lastSeq: c.lastSeq, kind: c.kind }] : [];
      });
    },
    ready: () => Promise.resolve(),
    release: () => Promise.resolve(),
  };
}
