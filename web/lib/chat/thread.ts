// Pure operations on one conversation's held messages (PROTOCOL.md §5): ascending seq, each seq
// once. Seqs are 1, 2, 3 … with no gap on the server, so what the client lacks is computable.
import type { ChatMessage, GroupNotice, PendingMessage, Thread } from './types';

/**
 * Merge messages into an ascending, seq-unique list. A seq already held is dropped (§5: clients
 * drop a seq they already have) unless the incoming one is a recall of it, or shows the message
 * it quotes recalled (§9.4). Returns the same array
 * when nothing changed, so React skips the render.
 */
export function mergeMessages(
  held: readonly ChatMessage[],
  incoming: readonly ChatMessage[],
): readonly ChatMessage[] {
  if (incoming.length === 0) return held;
  const bySeq = new Map<number, ChatMessage>();
  for (const m of incoming) {
    const prev = bySeq.get(m.seq);
    if (!prev || m.kind === 'recalled' || m.replyTo?.kind === 'recalled') bySeq.set(m.seq, m);
  }
  let changed = false;
  const out = held.slice();
  // Fast path: all new ones are above the newest held (live delivery).
  const top = held.length > 0 ? held[held.length - 1]!.seq : 0;
  const fresh = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (fresh[0]!.seq > top) return held.concat(fresh);

  const index = new Map<number, number>();
  held.forEach((m, i) => index.set(m.seq, i));
  for (const m of fresh) {
    const i = index.get(m.seq);
    if (i === undefined) {
      out.push(m);
      changed = true;
    } else if (
      (m.kind === 'recalled' && out[i]!.kind !== 'recalled') ||
      // §9.4: a reply read again after its original was recalled (a reconnect's recheck).
      (m.replyTo?.kind === 'recalled' &&
        out[i]!.replyTo !== undefined &&
        out[i]!.replyTo.kind !== 'recalled')
    ) {
      out[i] = m;
      changed = true;
    }
  }
  if (!changed) return held;
  out.sort((a, b) => a.seq - b.seq);
  return out;
}

/** Highest seq held, 0 when none. */
export function topSeq(items: readonly ChatMessage[]): number {
  return items.length > 0 ? items[items.length - 1]!.seq : 0;
}

/** Holes inside the held range, as [afterSeq, beforeSeq) pairs of missing seqs. */
export function holes(items: readonly ChatMessage[]): { after: number; before: number }[] {
  const out: { after: number; before: number }[] = [];
  for (let i = 1; i < items.length; i++) {
    const a = items[i - 1]!.seq;
    const b = items[i]!.seq;
    if (b > a + 1) out.push({ after: a, before: b });
  }
  return out;
}

/** Highest seq s such that everything from the oldest held message up to s is held. */
export function contiguousTop(items: readonly ChatMessage[]): number {
  if (items.length === 0) return 0;
  let s = items[0]!.seq;
  for (let i = 1; i < items.length; i++) {
    const n = items[i]!.seq;
    if (n !== s + 1) break;
    s = n;
  }
  return s;
}

/** Drop pending sends whose stored message is now held (same sender and clientMsgId, §5). */
export function reconcilePending(
  pending: readonly PendingMessage[],
  stored: readonly ChatMessage[],
  me: string,
): readonly PendingMessage[] {
  if (pending.length === 0 || stored.length === 0) return pending;
  const done = new Set<string>();
  for (const m of stored) if (m.from === me && m.clientMsgId) done.add(m.clientMsgId);
  if (done.size === 0) return pending;
  const left = pending.filter((p) => !done.has(p.clientMsgId));
  return left.length === pending.length ? pending : left;
}

export function withItems(thread: Thread, incoming: readonly ChatMessage[], me: string): Thread {
  const items = mergeMessages(thread.items, incoming);
  const pending = reconcilePending(thread.pending, incoming, me);
  if (items === thread.items && pending === thread.pending) return thread;
  return { ...thread, items, pending };
}

// ---- the thread as shown: messages, pending sends and group event lines in one list ----------

/** One line of the thread on screen; `key` is stable across renders, `at` orders the time
 *  separators, `separator` is true when a time line goes above it. */
export type ThreadEntry =
  | { kind: 'stored'; key: string; at: number; separator: boolean; m: ChatMessage }
  | { kind: 'pending'; key: string; at: number; separator: boolean; p: PendingMessage }
  | { kind: 'notice'; key: string; at: number; separator: boolean; n: GroupNotice };
export type MessageEntry = Extract<ThreadEntry, { kind: 'stored' | 'pending' }>;

/**
 * The thread in display order: held messages by seq with each group event line after the message
 * it followed (`afterSeq`, GROUP_EVENTS; a line without one — live, not stored — goes last, by
 * time), then the pending sends. A time separator goes above an entry more than `gapMs` after
 * the one before it; the first is measured from time 0, so it always has one.
 */
export function threadEntries(
  items: readonly ChatMessage[],
  pending: readonly PendingMessage[],
  notices: readonly GroupNotice[],
  gapMs: number,
): ThreadEntry[] {
  const out: ThreadEntry[] = [];
  let prevAt = 0;
  /** Whether a time line goes above an entry at `at`, the entries coming in display order. */
  const separator = (at: number) => {
    const gap = at - prevAt > gapMs;
    prevAt = at;
    return gap;
  };
  const placed = [...notices].sort(
    (a, b) => (a.afterSeq ?? Infinity) - (b.afterSeq ?? Infinity) || a.at - b.at,
  );
  let ni = 0;
  const notice = (n: GroupNotice) =>
    out.push({ kind: 'notice', key: n.id, at: n.at, separator: separator(n.at), n });
  for (const m of items) {
    while (ni < placed.length && (placed[ni]!.afterSeq ?? Infinity) < m.seq) notice(placed[ni++]!);
    out.push({ kind: 'stored', key: m.msgId, at: m.sentAt, separator: separator(m.sentAt), m });
  }
  while (ni < placed.length) notice(placed[ni++]!);
  for (const p of pending)
    out.push({
      kind: 'pending',
      key: p.clientMsgId,
      at: p.sentAt,
      separator: separator(p.sentAt),
      p,
    });
  return out;
}

/** The seq of the newest own message still shown as a message (the one a receipt goes under);
 *  0 when none. */
export function lastOwnSeq(items: readonly ChatMessage[], me: string): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const m = items[i]!;
    if (m.from === me && m.kind !== 'recalled') return m.seq;
  }
  return 0;
}
