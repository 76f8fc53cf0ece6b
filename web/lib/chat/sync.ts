// After every (re)connect (PROTOCOL.md §5): CONVERSATIONS, then for each conversation the
// messages the client lacks — HISTORY `afterSeq` from the highest seq held up to `lastSeq`, and
// any hole inside what is held. Pushes of the login backlog may arrive meanwhile; the store
// drops seqs it already has, so nothing is missed or doubled.
import { MsgType } from '@parley/proto';
import { toMessages } from './normalize';
import type { ChatStore } from './store';
import { holes, topSeq } from './thread';

export type Rpc = (type: number, body: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** First page of a conversation never loaded: the newest messages. */
export const FIRST_PAGE = 50;
/** Older messages per scroll-up. */
export const OLDER_PAGE = 30;
/** HISTORY's upper bound (§3). */
const PAGE_MAX = 100;
/** Forward pages before giving up on catching up and jumping to the newest page instead. */
const MAX_FORWARD_PAGES = 10;
/** Conversations synchronised at once. */
const CONCURRENCY = 4;

export interface SyncDeps {
  store: ChatStore;
  rpc: Rpc;
  /** False once the connection this sync runs on has ended: stop quietly. */
  alive: () => boolean;
}

async function page(
  d: SyncDeps,
  conversationId: string,
  cursor: { afterSeq?: number; beforeSeq?: number },
  limit: number,
) {
  const rsp = await d.rpc(MsgType.HISTORY, { conversationId, ...cursor, limit });
  const messages = toMessages(rsp['messages']);
  if (d.alive()) d.store.addMessages(conversationId, messages);
  return { count: messages.length, hasMore: rsp['hasMore'] === true };
}

/** Bring one conversation's thread up to date. */
export async function syncThread(d: SyncDeps, conversationId: string): Promise<void> {
  const { store } = d;
  if (!store.thread(conversationId).loaded) {
    await page(d, conversationId, {}, FIRST_PAGE);
    if (!d.alive()) return;
    store.patchThread(conversationId, (t) => (t.loaded ? t : { ...t, loaded: true }));
  }
  // Forward from the highest seq held until lastSeq (§5: the login backlog may be bounded).
  let pages = 0;
  for (;;) {
    if (!d.alive()) return;
    const have = topSeq(store.thread(conversationId).items);
    const lastSeq = store.state.conversations[conversationId]?.lastSeq ?? 0;
    if (have >= lastSeq) break;
    if (pages >= MAX_FORWARD_PAGES) {
      // Far behind: keep only the newest page; older ones load again on scroll-up.
      store.patchThread(conversationId, (t) => ({ ...t, items: [] }));
      await page(d, conversationId, {}, FIRST_PAGE);
      break;
    }
    const r = await page(d, conversationId, { afterSeq: have }, PAGE_MAX);
    pages++;
    if (r.count === 0 || !r.hasMore) break;
  }
  // Holes inside the held range: a bounded backlog push next to a newest page, for instance.
  for (let tries = 0; tries < MAX_FORWARD_PAGES; tries++) {
    if (!d.alive()) return;
    const h = holes(store.thread(conversationId).items)[0];
    if (!h) break;
    const r = await page(
      d,
      conversationId,
      { afterSeq: h.after },
      Math.min(PAGE_MAX, h.before - h.after - 1),
    );
    if (r.count === 0) break;
  }
}

/**
 * RECALL_NOTIFY is a push and is not replayed after a reconnect (§3), so a message that was
 * recalled while this client was away stays held with its content. Only messages sent in the
 * recall window before the disconnect, or later, can have been: fetch those again; the merge
 * replaces a held copy with its recalled version (thread.ts).
 */
export async function recheckRecent(
  d: SyncDeps,
  conversationId: string,
  sinceMs: number,
): Promise<void> {
  const items = d.store.thread(conversationId).items;
  const first = items.find((m) => m.sentAt >= sinceMs);
  if (!first) return;
  const top = topSeq(items);
  for (let after = first.seq - 1, pages = 0; after < top && pages < MAX_FORWARD_PAGES; pages++) {
    if (!d.alive()) return;
    const r = await page(d, conversationId, { afterSeq: after }, PAGE_MAX);
    if (r.count === 0) break;
    after += PAGE_MAX;
  }
}

/** Fill the gap below a pushed seq that skipped ahead of what is held. */
export async function fillGap(d: SyncDeps, conversationId: string): Promise<void> {
  await syncThread(d, conversationId);
}

/** Pages of older history walked at most by one `reveal` (100 messages each, §3). */
const REVEAL_MAX_PAGES = 100;

/**
 * Hold message `seq`: page older history (`beforeSeq`, the largest page §3 allows) from the
 * oldest held message down until `seq` is in, so the thread stays contiguous and scrolls from
 * there to the newest. The last page also holds the messages before `seq`, so it shows in
 * context. True once it is held.
 */
export async function reveal(d: SyncDeps, conversationId: string, seq: number): Promise<boolean> {
  const { store } = d;
  const holds = () => store.thread(conversationId).items.some((m) => m.seq === seq);
  if (!store.thread(conversationId).loaded) await syncThread(d, conversationId);
  for (let pages = 0; !holds() && pages < REVEAL_MAX_PAGES; pages++) {
    if (!d.alive()) return holds();
    const first = store.thread(conversationId).items[0];
    if (!first || first.seq <= seq) break; // a seq above what exists, or a hole: not older
    const r = await page(d, conversationId, { beforeSeq: first.seq }, PAGE_MAX);
    if (r.count === 0) break;
  }
  return holds();
}

/** Older messages for scroll-up (`beforeSeq`). */
export async function loadOlder(d: SyncDeps, conversationId: string): Promise<void> {
  const { store } = d;
  const t = store.thread(conversationId);
  if (t.loadingOlder) return;
  const first = t.items[0];
  if (t.loaded && (!first || first.seq <= 1)) return;
  store.patchThread(conversationId, (x) => ({ ...x, loadingOlder: true }));
  try {
    if (!t.loaded || !first) await syncThread(d, conversationId);
    else await page(d, conversationId, { beforeSeq: first.seq }, OLDER_PAGE);
  } finally {
    store.patchThread(conversationId, (x) => ({ ...x, loadingOlder: false }));
  }
}

/** Run `f` over `ids` with at most CONCURRENCY at a time; failures are reported, not thrown. */
export async function eachLimited(
  ids: readonly string[],
  f: (id: string) => Promise<void>,
  onError: (id: string, err: unknown) => void,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await f(id);
      } catch (err) {
        onError(id, err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
}
