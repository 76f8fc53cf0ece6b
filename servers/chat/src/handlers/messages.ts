// SEND_MSG, HISTORY, CONVERSATIONS, ACK, READ, TYPING (PROTOCOL.md §3, §5).
import {
  directPeer,
  ErrorCode,
  MsgType,
  ParleyError,
  type ConversationSummary,
  type UserCard,
} from '@parley/proto';
import { Later, me, RawReply, type ChatContext, type Handler } from '../context';
import type { Connection } from '../connection';
import { notifyBody } from '../delivery/inbox';
import { requireSendableMedia } from '../data/media';
import { isNamedDevice } from '../data/device-cursors';
import { requireQuotable } from '../data/quotes';

const WINDOW_MS = 1_000;

/** Per-connection send budget (RATE_LIMITS): a fixed one-second window, kept on the connection
 *  because it is checked on every message. */
function spend(ctx: ChatContext, conn: Connection): void {
  const now = Date.now();
  if (now - conn.sendWindowStart >= WINDOW_MS) {
    conn.sendWindowStart = now;
    conn.sendCount = 0;
  }
  if (++conn.sendCount > ctx.config.messagesPerSecond) {
    throw new ParleyError(ErrorCode.RATE_LIMITED, 'sending too fast', {
      retryAfterMs: WINDOW_MS - (now - conn.sendWindowStart),
    });
  }
}

export const sendMsg: Handler<typeof MsgType.SEND_MSG> = async (ctx, conn, b) => {
  const self = me(conn);
  spend(ctx, conn);
  const members = await ctx.conversations.requireMember(b.conversationId, self.id);
  // Media kinds (issue 5): the sender's own upload, of a type that fits the kind; text is then
  // an optional caption.
  const mediaId =
    b.kind === 'text' ? null : await requireSendableMedia(ctx.db, b.mediaId, self.id, b.kind);
  // §9.4: a quoted message of this conversation (else NOT_FOUND). Checked on a resend too, which
  // then returns the original whatever it quoted (§5).
  const replyToSeq =
    b.replyTo === undefined
      ? null
      : await requireQuotable(ctx.db.prisma, b.conversationId, b.replyTo);
  // Admitted in arrival order; pipelined sends of one connection share a group commit.
  const stored = ctx.writer.write({
    conversationId: b.conversationId,
    senderId: self.id,
    clientMsgId: b.clientMsgId,
    kind: b.kind,
    text: b.text || null,
    mediaId,
    replyToSeq,
  });
  return new Later(
    stored.then(({ message, duplicate }) => {
      const json = JSON.stringify(message);
      // §5: a repeated send returns the original and is neither stored nor delivered twice.
      if (!duplicate) {
        // The sending device has it (the response); its inbox steps over the seq, so of the
        // sender's devices only the others get the MSG_NOTIFY (PROTOCOL.md §9.2).
        conn.inbox?.own(message.conversationId, message.seq);
        ctx.fanout.enqueue({
          toUids: members.map(String),
          exceptSession: conn.session!.sessionId,
          type: MsgType.MSG_NOTIFY,
          body: notifyBody(message, json),
          conversationId: message.conversationId,
          seq: message.seq,
        });
      }
      return new RawReply(`"message":${json}`);
    }),
  );
};

export const history: Handler<typeof MsgType.HISTORY> = async (ctx, conn, b) => {
  await ctx.conversations.requireMember(b.conversationId, me(conn).id);
  return ctx.conversations.history(b.conversationId, b);
};

export const conversations: Handler<typeof MsgType.CONVERSATIONS> = async (ctx, conn) => {
  const self = me(conn);
  const list = await ctx.conversations.memberships(self.id);
  const direct = list.filter((m) => m.kind !== 'group').map((m) => m.conversationId);
  const [last, peers, groups, peerRead] = await Promise.all([
    ctx.conversations.lastMessages(list),
    peerCards(
      ctx,
      list.map((m) => m.conversationId),
      self.id,
    ),
    // Issue 5: `group` with the first GROUP_PREVIEW_MAX (50) members and memberCount.
    ctx.groups.summaries(list.filter((m) => m.kind === 'group').map((m) => m.conversationId)),
    ctx.conversations.peerReadSeqs(direct, self.id),
  ]);
  const out: ConversationSummary[] = list.map((m) => {
    const lastMessage = last.get(m.conversationId);
    const peer = peers.get(m.conversationId);
    const group = groups.get(m.conversationId);
    const peerReadSeq = peerRead.get(m.conversationId);
    return {
      conversationId: m.conversationId,
      kind: m.kind === 'group' ? 'group' : 'direct',
      ...(peer ? { peer } : {}),
      ...(group ? { group } : {}),
      ...(lastMessage ? { lastMessage } : {}),
      lastSeq: m.lastSeq,
      readSeq: Math.min(m.readSeq, m.lastSeq),
      unread: Math.max(0, m.lastSeq - m.readSeq),
      ...(peerReadSeq !== undefined ? { peerReadSeq: Math.min(peerReadSeq, m.lastSeq) } : {}),
      ...(m.muted ? { muted: true } : {}),
    };
  });
  // Newest activity first, as a chat list shows them.
  out.sort((a, b) => (b.lastMessage?.sentAt ?? 0) - (a.lastMessage?.sentAt ?? 0));
  return { conversations: out };
};

/** The other member of each direct conversation (proto's `directPeer`). */
async function peerCards(
  ctx: ChatContext,
  ids: string[],
  self: number,
): Promise<Map<string, UserCard>> {
  const peerOf = new Map<string, string>();
  for (const id of ids) {
    const peer = directPeer(id, self);
    if (peer !== undefined) peerOf.set(id, peer);
  }
  const cards = await ctx.users.cards([...peerOf.values()]);
  const out = new Map<string, UserCard>();
  for (const [conv, uid] of peerOf) {
    const c = cards.get(uid);
    if (c) out.set(conv, c);
  }
  return out;
}

export const ack: Handler<typeof MsgType.ACK> = async (ctx, conn, b) => {
  const self = me(conn);
  await ctx.conversations.requireMember(b.conversationId, self.id);
  // §9.2: the ACK cursor is per device; "default" keeps the member's own (device-cursors.ts).
  const deviceId = conn.session!.deviceId;
  if (isNamedDevice(deviceId))
    await ctx.cursors.moveDevice(b.conversationId, self.id, deviceId, b.seq);
  else await ctx.cursors.move(b.conversationId, self.id, { ack: b.seq });
  return {};
};

export const read: Handler<typeof MsgType.READ> = async (ctx, conn, b) => {
  const self = me(conn);
  const members = await ctx.conversations.requireMember(b.conversationId, self.id);
  // §9.2: the READ cursor is the user's (reading anywhere clears the unread count everywhere);
  // it also moves the reading device's own ACK cursor, as READ does in §5.
  const deviceId = conn.session!.deviceId;
  await Promise.all([
    ctx.cursors.move(b.conversationId, self.id, { read: b.seq }),
    isNamedDevice(deviceId)
      ? ctx.cursors.moveDevice(b.conversationId, self.id, deviceId, b.seq)
      : undefined,
  ]);
  // The other members (read marks), and the reader's own other devices: READ_NOTIFY with their
  // own uid tells them to clear the badge live (README "Contract additions").
  ctx.fanout.push(
    members.map(String),
    MsgType.READ_NOTIFY,
    { conversationId: b.conversationId, uid: self.uid, seq: b.seq },
    conn.session!.sessionId,
  );
  return {};
};

export const typing: Handler<typeof MsgType.TYPING> = async (ctx, conn, b) => {
  const self = me(conn);
  const members = await ctx.conversations.requireMember(b.conversationId, self.id);
  const others = members.filter((id) => id !== self.id).map(String);
  ctx.fanout.push(others, MsgType.TYPING_NOTIFY, {
    conversationId: b.conversationId,
    uid: self.uid,
  });
};
