// Message search in the browser (PROTOCOL.md §9.3, SEARCH_MSG 2022/2023): one query's pages of
// hits (newest first, "more" asks for the ones before the oldest shown), grouped by conversation
// for the list, and the match split out of a message's text so the component can mark it —
// as plain text parts, never HTML. The server decides what matches (the whole query as one
// case-insensitive substring, README "Contract additions"); this only finds it again to mark it.
import { Limits, MsgType } from '@parley/proto';
import { isRec, toMessage } from './normalize';
import type { Rpc } from './sync';
import type { ChatMessage } from './types';

/** Hits asked for per page (§9.3: at most 50). */
export const SEARCH_PAGE = 20;
/** Characters of context kept before a match in a long message's snippet. */
const SNIPPET_BEFORE = 16;

export interface SearchPage {
  hits: ChatMessage[];
  hasMore: boolean;
}

/** The query as sent: trimmed, and cut to the §9.3 limit (100 characters). */
export function searchQuery(raw: string): string {
  return raw.trim().slice(0, Limits.SEARCH_QUERY_MAX);
}

/** One SEARCH_MSG page; `before`: the msgId of the oldest hit already shown. */
export async function searchMessages(
  rpc: Rpc,
  query: string,
  before?: string,
): Promise<SearchPage> {
  const rsp = await rpc(MsgType.SEARCH_MSG, {
    query,
    limit: SEARCH_PAGE,
    ...(before ? { before } : {}),
  });
  const hits: ChatMessage[] = [];
  if (Array.isArray(rsp['hits']))
    for (const h of rsp['hits']) {
      const m = isRec(h) ? toMessage(h['message']) : null;
      if (m) hits.push(m);
    }
  return { hits, hasMore: rsp['hasMore'] === true };
}

/** Hits by conversation, in the order each conversation's newest hit comes (newest first). */
export function groupHits(
  hits: readonly ChatMessage[],
): { conversationId: string; hits: ChatMessage[] }[] {
  const groups = new Map<string, ChatMessage[]>();
  for (const h of hits) {
    const g = groups.get(h.conversationId);
    if (g) g.push(h);
    else groups.set(h.conversationId, [h]);
  }
  return [...groups].map(([conversationId, list]) => ({ conversationId, hits: list }));
}

/** What a hit shows: its text, or a file's name (file names are searched too). */
export function hitText(m: ChatMessage): string {
  if (m.kind === 'text') return m.text ?? '';
  const name = m.media?.name ?? '';
  return m.text ? `${name} ${m.text}`.trim() : name;
}

export interface Part {
  text: string;
  match: boolean;
}

/**
 * `text` split around every occurrence of `query`, ignoring case; a long text starts a little
 * before its first match ("…") so the match shows in a one-line row. Case is folded only where
 * it keeps every character's length (so positions in the folded text are positions in `text`);
 * otherwise the match is found as typed.
 */
export function highlightParts(text: string, query: string): Part[] {
  const q = query.trim();
  if (q === '') return [{ text, match: false }];
  const lower = text.toLowerCase();
  const ql = q.toLowerCase();
  const folded = lower.length === text.length && ql.length === q.length;
  const hay = folded ? lower : text;
  const needle = folded ? ql : q;
  const parts: Part[] = [];
  let at = hay.indexOf(needle);
  if (at < 0) return [{ text, match: false }];
  let from = 0;
  if (at > SNIPPET_BEFORE) {
    from = at - SNIPPET_BEFORE;
    // Never start inside a surrogate pair.
    const code = text.charCodeAt(from);
    if (code >= 0xdc00 && code <= 0xdfff) from++;
    parts.push({ text: '…', match: false });
  }
  while (at >= 0) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false });
    parts.push({ text: text.slice(at, at + needle.length), match: true });
    from = at + needle.length;
    at = hay.indexOf(needle, from);
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false });
  return parts;
}
