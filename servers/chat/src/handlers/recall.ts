// RECALL → RECALL_NOTIFY (PROTOCOL.md §3, 1045-1047): a member recalls its own message within the
// recall window (ChatConfig.recallWindowMs, 2 minutes by default); the content is cleared in the
// database (data/recall.ts) and every other member is told, on whichever ChatServer it is.
import { MsgType } from '@parley/proto';
import { me, type Handler } from '../context';
import { recallMessage } from '../data/recall';

export const recall: Handler<typeof MsgType.RECALL> = async (ctx, conn, b) => {
  const self = me(conn);
  // §4: members only (a non-member → FORBIDDEN, an unknown conversation → NOT_FOUND).
  const members = await ctx.conversations.requireMember(b.conversationId, self.id);
  await recallMessage(ctx.db, {
    conversationId: b.conversationId,
    msgId: b.msgId,
    senderId: self.id,
    windowMs: ctx.config.recallWindowMs,
  });
  // Also on a repeat: a retry after a lost response (or a notify lost with a crashed server)
  // reaches everyone, and clients apply a recall idempotently. Offline members see it in
  // HISTORY and CONVERSATIONS.
  // Every member's devices, the recaller's other devices included (PROTOCOL.md §9.2).
  ctx.fanout.push(
    members.map(String),
    MsgType.RECALL_NOTIFY,
    { conversationId: b.conversationId, msgId: b.msgId, by: self.uid },
    conn.session!.sessionId,
  );
  return {};
};
