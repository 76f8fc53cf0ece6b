// RECALL (PROTOCOL.md §3): the sender takes back a message within the recall window. The row keeps
// its place (seq, sender, sentAt, clientMsgId) but loses its content for good: kind "recalled",
// text and mediaId cleared in the database, so HISTORY, CONVERSATIONS, the login backlog and
// GateServer's media check (which looks for a message carrying the mediaId) all see it gone.
import type { Db } from '@parley/db';
import { ErrorCode, ParleyError } from '@parley/proto';
import { parseMsgId } from './messages';

export interface RecallInput {
  conversationId: string;
  msgId: string;
  /** Who asks: only the message's sender may recall it. */
  senderId: number;
  /** How long after sentAt a recall is allowed (ChatConfig.recallWindowMs). */
  windowMs: number;
  now?: number;
}

/** `recalled` by this call, or `already` recalled before (a repeat is not an error). */
export type RecallOutcome = 'recalled' | 'already';

const notFound = () => new ParleyError(ErrorCode.NOT_FOUND, 'no such message');

/**
 * Recall one message. A msgId that is not of this conversation, or names no stored message →
 * NOT_FOUND; someone else's message → FORBIDDEN; past the window → CONFLICT (the message can no
 * longer change state; FORBIDDEN stays "not yours"). An already recalled message answers OK
 * before the window is looked at, so a retry after a lost response succeeds.
 */
export async function recallMessage(db: Db, input: RecallInput): Promise<RecallOutcome> {
  const at = parseMsgId(input.msgId);
  if (!at || at.conversationId !== input.conversationId) throw notFound();
  const where = { conversationId: at.conversationId, seq: at.seq };
  const row = await db.prisma.message.findUnique({
    where: { conversationId_seq: where },
    select: { senderId: true, kind: true, sentAt: true },
  });
  if (!row) throw notFound();
  if (row.senderId !== input.senderId)
    throw new ParleyError(ErrorCode.FORBIDDEN, 'only the sender may recall a message');
  if (row.kind === 'recalled') return 'already';
  const now = input.now ?? Date.now();
  if (now - Number(row.sentAt) > input.windowMs)
    throw new ParleyError(
      ErrorCode.CONFLICT,
      `too late to recall: the window is ${Math.round(input.windowMs / 1000)} s after sending`,
    );
  // Conditional, so two recalls racing on two ChatServers both succeed and one of them writes.
  const { count } = await db.prisma.message.updateMany({
    where: { ...where, kind: { not: 'recalled' } },
    data: { kind: 'recalled', text: null, mediaId: null, recalledAt: BigInt(now) },
  });
  return count > 0 ? 'recalled' : 'already';
}
