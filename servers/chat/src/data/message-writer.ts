// Group commit for SEND_MSG (issue 3): every request waiting when a flush starts is stored in one
// transaction — idempotency check, seq allocation, insert, sender cursors — and each sender is
// answered only after that commit (PROTOCOL.md §5: stored before `error: 0`). While one flush
// runs the next batch gathers, so batches grow with load and latency stays one commit at idle.
import type { Db, DbClient } from '@parley/db';
import { isUniqueViolation } from '@parley/db';
import { ErrorCode, ParleyError, type Message } from '@parley/proto';
import type { Logger } from '@parley/core';
import { msgIdOf, toMessage } from './messages';
import { mediaByIds } from './media';

export interface SendInput {
  conversationId: string;
  senderId: number;
  clientMsgId: string;
  kind: string;
  text: string | null;
  mediaId: string | null;
}

export interface SendResult {
  message: Message;
  /** true when this (sender, clientMsgId) was stored before: nothing new was stored or is to be delivered. */
  duplicate: boolean;
}

interface Pending {
  input: SendInput;
  resolve: (r: SendResult) => void;
  reject: (e: unknown) => void;
}

/** A batch larger than this waits for the next flush: bounds one transaction's size. */
export const MAX_BATCH = 512;
const MAX_ATTEMPTS = 4;

type Tx = Omit<DbClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const key = (senderId: number, clientMsgId: string) => `${senderId}\u0000${clientMsgId}`;

export class MessageWriter {
  private queue: Pending[] = [];
  private flushing = false;
  private readonly greatest: string;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
  ) {
    this.greatest = db.dialect === 'mysql' ? 'GREATEST' : 'MAX';
  }

  write(input: SendInput): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.flush(batch);
      // The SQLite driver is synchronous, so a commit resolves in microtasks only: yield to the
      // event loop between batches, or no response, notify or incoming frame moves until the
      // whole queue is stored (measured: stalls of seconds under load, bench/README.md).
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.flushing = false;
  }

  private async flush(batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.db.prisma.$transaction(
          (tx) =>
            this.store(
              tx,
              batch.map((b) => b.input),
            ),
          { timeout: 30_000, maxWait: 30_000 },
        );
        batch.forEach((b, i) => b.resolve(results[i]!));
        return;
      } catch (err) {
        // A concurrent resend committed on another ChatServer (unique sender+clientMsgId), or a
        // deadlock/busy database: the retry re-reads and finds what is stored now.
        if (attempt < MAX_ATTEMPTS && (isUniqueViolation(err) || isTransient(err))) continue;
        this.log.error({ err, size: batch.length }, 'message batch failed');
        const e = new ParleyError(ErrorCode.INTERNAL, 'could not store the message; retry');
        for (const b of batch) b.reject(e);
        return;
      }
    }
  }

  private async store(tx: Tx, inputs: SendInput[]): Promise<SendResult[]> {
    const results: (SendResult | undefined)[] = inputs.map(() => undefined);
    // 1. Idempotency (§5): what is already stored is returned as it was.
    const existing = await tx.message.findMany({
      where: {
        senderId: { in: [...new Set(inputs.map((i) => i.senderId))] },
        clientMsgId: { in: [...new Set(inputs.map((i) => i.clientMsgId))] },
      },
    });
    // The media of every message this batch answers with: one query, none for text-only batches.
    const media = await mediaByIds(tx, [
      ...inputs.map((i) => i.mediaId),
      ...existing.map((r) => r.mediaId),
    ]);
    const stored = new Map(
      existing.map((r) => [key(r.senderId, r.clientMsgId), toMessage(r, media)]),
    );
    const fresh: number[] = [];
    const firstOf = new Map<string, number>();
    inputs.forEach((inp, i) => {
      const k = key(inp.senderId, inp.clientMsgId);
      const old = stored.get(k);
      if (old) results[i] = { message: old, duplicate: true };
      else if (firstOf.has(k))
        return; // the same request twice in one batch: answered below
      else {
        firstOf.set(k, i);
        fresh.push(i);
      }
    });

    if (fresh.length > 0) {
      // 2. Seq allocation: one UPDATE for the batch; the row locks it takes serialise concurrent
      //    batches per conversation (MariaDB), and SQLite has one writer, so seqs stay contiguous.
      const counts = new Map<string, number>();
      for (const i of fresh)
        counts.set(inputs[i]!.conversationId, (counts.get(inputs[i]!.conversationId) ?? 0) + 1);
      const ids = [...counts.keys()];
      const cases = ids.map(() => 'WHEN ? THEN ?').join(' ');
      await tx.$executeRawUnsafe(
        `UPDATE conversations SET lastSeq = lastSeq + CASE id ${cases} ELSE 0 END WHERE id IN (${ids.map(() => '?').join(',')})`,
        ...ids.flatMap((id) => [id, counts.get(id)!]),
        ...ids,
      );
      const rows = await tx.conversation.findMany({
        where: { id: { in: ids } },
        select: { id: true, lastSeq: true },
      });
      const next = new Map(rows.map((r) => [r.id, r.lastSeq - counts.get(r.id)! + 1]));
      const now = Date.now();
      const data = fresh.map((i) => {
        const inp = inputs[i]!;
        const seq = next.get(inp.conversationId);
        if (seq === undefined) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such conversation');
        next.set(inp.conversationId, seq + 1);
        return { ...inp, seq, sentAt: BigInt(now) };
      });
      // 3. Insert.
      await tx.message.createMany({ data });
      // 4. Sending marks the conversation read up to the new message (as replying does in any
      //    messenger). The ACK cursor is NOT moved: messages from others committed just before
      //    may not have reached this sender yet, and only the client's ACK can say they did (§5).
      const cursor = new Map<string, { conversationId: string; userId: number; seq: number }>();
      for (const d of data)
        cursor.set(`${d.conversationId}\u0000${d.senderId}`, {
          conversationId: d.conversationId,
          userId: d.senderId,
          seq: d.seq,
        });
      const cs = [...cursor.values()];
      const when = cs.map(() => 'WHEN conversationId = ? AND userId = ? THEN ?').join(' ');
      const whenArgs = cs.flatMap((c) => [c.conversationId, c.userId, c.seq]);
      const convIds = [...new Set(cs.map((c) => c.conversationId))];
      const userIds = [...new Set(cs.map((c) => c.userId))];
      await tx.$executeRawUnsafe(
        `UPDATE members SET readSeq = ${this.greatest}(readSeq, CASE ${when} ELSE 0 END) ` +
          `WHERE conversationId IN (${convIds.map(() => '?').join(',')}) AND userId IN (${userIds.map(() => '?').join(',')})`,
        ...whenArgs,
        ...convIds,
        ...userIds,
      );
      fresh.forEach((i, j) => {
        const d = data[j]!;
        results[i] = {
          message: toMessage({ ...d, sentAt: now }, media),
          duplicate: false,
        };
      });
    }
    // Repeats inside the batch get the first one's message, marked duplicate.
    inputs.forEach((inp, i) => {
      if (results[i]) return;
      const first = results[firstOf.get(key(inp.senderId, inp.clientMsgId))!]!;
      results[i] = { message: first.message, duplicate: true };
    });
    return results as SendResult[];
  }
}

/** Deadlock (MySQL 1213), lock wait timeout (1205) or SQLite busy: worth one more try. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const text = `${err instanceof Error ? err.message : String(err)} ${typeof code === 'string' || typeof code === 'number' ? code : ''}`;
  return /deadlock|1213|1205|lock wait|SQLITE_BUSY|database is locked/i.test(text);
}

export { msgIdOf };
