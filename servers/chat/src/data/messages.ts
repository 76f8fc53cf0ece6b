// Messages as stored rows and as the wire's Message (PROTOCOL.md §2).
import type { Media, Message, ReplyTo } from '@parley/proto';

export interface MessageRow {
  conversationId: string;
  seq: number;
  senderId: number;
  clientMsgId: string;
  kind: string;
  text: string | null;
  mediaId: string | null;
  sentAt: bigint | number;
  /** §9.4: the seq of the message this one quotes (same conversation); absent where a reader
   *  did not select it. */
  replyToSeq?: number | null;
}

/** msgId is the message's position, `<conversationId>:<seq>`: unique, stable across servers and
 *  known before the row is read back, so a batch insert needs no generated ids. */
export const msgIdOf = (conversationId: string, seq: number): string => `${conversationId}:${seq}`;

export function parseMsgId(msgId: string): { conversationId: string; seq: number } | null {
  const i = msgId.lastIndexOf(':');
  if (i <= 0) return null;
  const seq = Number(msgId.slice(i + 1));
  return Number.isInteger(seq) && seq > 0 ? { conversationId: msgId.slice(0, i), seq } : null;
}

/** `media` holds the wire media of the rows' mediaIds (data/media.ts loads them per batch); a
 *  mediaId missing from it is left out rather than sent half-known. `quotes` holds the current
 *  `replyTo` of replies by their msgId (data/quotes.ts). */
export function toMessage(
  r: MessageRow,
  media?: ReadonlyMap<string, Media>,
  quotes?: ReadonlyMap<string, ReplyTo>,
): Message {
  const m: Message = {
    msgId: msgIdOf(r.conversationId, r.seq),
    conversationId: r.conversationId,
    seq: r.seq,
    from: String(r.senderId),
    kind: r.kind as Message['kind'],
    sentAt: Number(r.sentAt),
    clientMsgId: r.clientMsgId,
  };
  // A recalled message keeps its place but loses its content (§3 RECALL_NOTIFY).
  if (r.kind !== 'recalled' && r.text !== null) m.text = r.text;
  if (r.kind !== 'recalled' && r.mediaId !== null) {
    const md = media?.get(r.mediaId);
    if (md) m.media = md;
  }
  // A recalled reply keeps no content, its quote included.
  if (r.kind !== 'recalled' && r.replyToSeq != null) {
    const q = quotes?.get(m.msgId);
    if (q) m.replyTo = q;
  }
  return m;
}
