// Quoted replies in the client (PROTOCOL.md §9.4): what the composer and a pending bubble show
// before the server answers, the text a quote shows, and a recall of an original reaching every
// quote of it that is held (live, on RECALL_NOTIFY; after a reload the server sends it so).
// Quote text is plain strings: the components render it as text, never as HTML.
import { QUOTE_PREVIEW_MAX } from '@parley/proto';
import type { ChatMessage, PendingMessage, QuoteInfo } from './types';

/** The first QUOTE_PREVIEW_MAX characters (code points, as the server counts them). */
export function previewOf(text: string): string {
  if (text.length <= QUOTE_PREVIEW_MAX) return text;
  return Array.from(text).slice(0, QUOTE_PREVIEW_MAX).join('');
}

/** The quote of a held message, as the server will store it: text → its first characters,
 *  media → the file name, recalled → empty. */
export function quoteOf(m: ChatMessage): QuoteInfo {
  let preview = '';
  if (m.kind === 'text') preview = previewOf(m.text ?? '');
  else if (m.kind !== 'recalled') preview = m.media?.name ?? '';
  return { msgId: m.msgId, seq: m.seq, from: m.from, kind: m.kind, preview };
}

/** What a quote says below the quoted sender's name. */
export function quoteText(q: Pick<QuoteInfo, 'kind' | 'preview'>): string {
  switch (q.kind) {
    case 'recalled':
      return 'Message recalled';
    case 'image':
      return q.preview ? `[Image] ${q.preview}` : '[Image]';
    case 'file':
      return q.preview ? `[File] ${q.preview}` : '[File]';
    case 'voice':
      return '[Voice]';
    default:
      return q.preview;
  }
}

const recalledQuote = (q: QuoteInfo): QuoteInfo => ({ ...q, kind: 'recalled', preview: '' });

/** `m` with its quote of `msgId` shown recalled; the same object when it does not quote it. */
function recallIn<T extends { replyTo?: QuoteInfo }>(m: T, msgId: string): T {
  return m.replyTo?.msgId === msgId && m.replyTo.kind !== 'recalled'
    ? { ...m, replyTo: recalledQuote(m.replyTo) }
    : m;
}

/** Every quote of `msgId` among `items` shown recalled; the same array when none changed, so
 *  React skips the render. */
export function recallQuotes<T extends ChatMessage | PendingMessage>(
  items: readonly T[],
  msgId: string,
): readonly T[] {
  let out: T[] | null = null;
  items.forEach((m, i) => {
    const next = recallIn(m, msgId);
    if (next !== m) (out ??= items.slice())[i] = next;
  });
  return out ?? items;
}

/** A message's quote shown recalled (the list's last-message preview). */
export function recallQuoteOf(m: ChatMessage, msgId: string): ChatMessage {
  return recallIn(m, msgId);
}
