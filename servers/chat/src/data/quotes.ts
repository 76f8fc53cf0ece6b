// Quoted replies (PROTOCOL.md §9.4). A reply stores only the seq of the message it quotes (the
// `replyToSeq` column, migration 0009); the `replyTo` a client sees is read from the quoted
// message each time a reply is read — HISTORY, MSG_NOTIFY gap reads, the login backlog, search —
// so a recall of the original shows in every quote at once, never a stale copy (§9.4: "empty
// when the quoted message is recalled").
import type { DbClient } from '@parley/db';
import { ErrorCode, ParleyError, QUOTE_PREVIEW_MAX, type ReplyTo } from '@parley/proto';
import { msgIdOf, parseMsgId, type MessageRow } from './messages';

/** Anything with the message and media models: the client or a transaction of it. */
export type QuoteReader = Pick<DbClient, 'message' | 'media'>;

/** The columns of a quoted message that its quotes show. */
export interface QuotedRow {
  conversationId: string;
  seq: number;
  senderId: number;
  kind: string;
  text: string | null;
  mediaId: string | null;
}

const quoteKey = (conversationId: string, seq: number): string => `${conversationId}:${seq}`;

/** The first QUOTE_PREVIEW_MAX characters, counted in code points so an emoji is never cut in
 *  half (§9.4 says characters). */
export function previewOf(text: string): string {
  if (text.length <= QUOTE_PREVIEW_MAX) return text;
  return Array.from(text).slice(0, QUOTE_PREVIEW_MAX).join('');
}

/** A quoted row as a quote shows it: text → its first characters; media → the file name;
 *  recalled → empty. */
export function toReplyTo(q: QuotedRow, mediaNames: ReadonlyMap<string, string>): ReplyTo {
  let preview = '';
  if (q.kind === 'text') preview = previewOf(q.text ?? '');
  else if (q.kind !== 'recalled' && q.mediaId !== null) preview = mediaNames.get(q.mediaId) ?? '';
  return {
    msgId: msgIdOf(q.conversationId, q.seq),
    seq: q.seq,
    from: String(q.senderId),
    kind: q.kind as ReplyTo['kind'],
    preview,
  };
}

/**
 * The current `replyTo` of every row that quotes another message, keyed by the reply's msgId: one
 * query for the quoted rows and one for their file names, whatever the number of rows. A quoted
 * row that is gone (it never is: messages are not deleted, only recalled) leaves its reply
 * without `replyTo` rather than with a made-up one.
 */
export async function loadQuotes(
  db: QuoteReader,
  rows: readonly MessageRow[],
): Promise<Map<string, ReplyTo>> {
  const want = new Map<string, { conversationId: string; seq: number }>();
  for (const r of rows)
    if (r.replyToSeq != null)
      want.set(quoteKey(r.conversationId, r.replyToSeq), {
        conversationId: r.conversationId,
        seq: r.replyToSeq,
      });
  const out = new Map<string, ReplyTo>();
  if (want.size === 0) return out;
  const quoted = await db.message.findMany({
    where: { OR: [...want.values()] },
    select: {
      conversationId: true,
      seq: true,
      senderId: true,
      kind: true,
      text: true,
      mediaId: true,
    },
  });
  const mediaIds = new Set<string>();
  for (const q of quoted) if (q.kind !== 'recalled' && q.mediaId !== null) mediaIds.add(q.mediaId);
  const names = new Map<string, string>();
  if (mediaIds.size > 0) {
    const media = await db.media.findMany({
      where: { id: { in: [...mediaIds] } },
      select: { id: true, name: true },
    });
    for (const m of media) names.set(m.id, m.name);
  }
  const byKey = new Map(
    quoted.map((q) => [quoteKey(q.conversationId, q.seq), toReplyTo(q, names)]),
  );
  for (const r of rows) {
    if (r.replyToSeq == null) continue;
    const q = byKey.get(quoteKey(r.conversationId, r.replyToSeq));
    if (q) out.set(msgIdOf(r.conversationId, r.seq), q);
  }
  return out;
}

/**
 * SEND_MSG's `replyTo` (§9.4): a msgId of a stored message in the same conversation, else
 * NOT_FOUND — the same answer for another conversation's message and for none at all, so a
 * client learns nothing about conversations it is not in. The caller has checked that the sender
 * is a member, and a member may read every message of its conversation (HISTORY), so that is
 * all "the sender may read it" needs. A recalled original may be quoted: its quote shows it
 * recalled, as every quote of it does. Returns the quoted seq to store.
 */
export async function requireQuotable(
  db: Pick<DbClient, 'message'>,
  conversationId: string,
  msgId: string,
): Promise<number> {
  const at = parseMsgId(msgId);
  if (!at || at.conversationId !== conversationId)
    throw new ParleyError(ErrorCode.NOT_FOUND, 'no such message to reply to in this conversation');
  const row = await db.message.findUnique({
    where: { conversationId_seq: { conversationId, seq: at.seq } },
    select: { seq: true },
  });
  if (!row)
    throw new ParleyError(ErrorCode.NOT_FOUND, 'no such message to reply to in this conversation');
  return row.seq;
}
