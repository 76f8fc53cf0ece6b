// Delivery and read receipts (PROTOCOL.md §3 ACK / READ, §5): what arrived is ACKed once per
// conversation per short window; what is on screen is READ (which implies ACK). Both move the
// server's cursors, so the next login pushes only what is really new.
import { MsgType } from '@parley/proto';
import type { ChatStore } from './store';
import { contiguousTop, topSeq } from './thread';
import type { Conversation } from './types';

/** ACKs of one conversation are coalesced over this window. */
export const ACK_DELAY_MS = 300;

export interface ReceiptDeps {
  store: ChatStore;
  online: () => boolean;
  request: (type: number, body: Record<string, unknown>) => Promise<Record<string, unknown>>;
  onError: (context: string, err: unknown) => void;
}

export class Receipts {
  readonly #d: ReceiptDeps;
  /** Highest seq ACKed (or READ) per conversation on this connection. */
  readonly #acked = new Map<string, number>();
  readonly #due = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(d: ReceiptDeps) {
    this.#d = d;
  }

  /** A new connection: its cursors are the server's, re-derived by the sync. */
  reset(): void {
    this.#acked.clear();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Messages of `cid` arrived and are not on screen: ACK them soon. */
  received(cid: string): void {
    this.#due.add(cid);
    this.#timer ??= setTimeout(() => this.#flush(), ACK_DELAY_MS);
  }

  /** `cid` is on screen: READ up to its newest held message. */
  read(cid: string): void {
    const { store } = this.#d;
    if (!this.#d.online()) return;
    const c = store.state.conversations[cid];
    const seq = topSeq(store.thread(cid).items);
    if (!c || seq <= c.readSeq) return;
    store.patchConversation(cid, (x) => ({ ...x, readSeq: Math.max(x.readSeq, seq) }));
    this.#acked.set(cid, Math.max(this.#acked.get(cid) ?? 0, seq)); // READ implies ACK (§5)
    this.#d
      .request(MsgType.READ, { conversationId: cid, seq })
      .catch((e: unknown) => this.#d.onError('read', e));
  }

  #flush(): void {
    this.#timer = null;
    if (!this.#d.online()) return; // the next login's sync re-derives what to ACK
    for (const cid of this.#due) {
      // Up to the first hole only: ACK says everything up to seq was delivered.
      const seq = contiguousTop(this.#d.store.thread(cid).items);
      if (seq > (this.#acked.get(cid) ?? 0)) {
        this.#acked.set(cid, seq);
        this.#d
          .request(MsgType.ACK, { conversationId: cid, seq })
          .catch((e: unknown) => this.#d.onError('ack', e));
      }
    }
    this.#due.clear();
  }
}

/**
 * What an own stored message shows under it. "Delivered": the server stored it and passes it on
 * (§5). "Read": the peer's read cursor reached it — from READ_NOTIFY, or from CONVERSATIONS'
 * optional `peerReadSeq` after a reload. Groups count the members whose READ_NOTIFY reached it.
 */
export function receiptLabel(c: Conversation, seq: number): string {
  if (c.kind === 'group') {
    let n = 0;
    for (const s of Object.values(c.readers ?? {})) if (s >= seq) n++;
    return n > 0 ? `Read by ${String(n)}` : 'Delivered';
  }
  return c.peerReadSeq >= seq ? 'Read' : 'Delivered';
}

/** READ_NOTIFY from another member: its cursor moves forward (never back). */
export function withPeerRead(c: Conversation, uid: string, seq: number): Conversation {
  if (c.kind === 'group') {
    const prev = c.readers?.[uid] ?? 0;
    return seq > prev ? { ...c, readers: { ...c.readers, [uid]: seq } } : c;
  }
  return seq > c.peerReadSeq ? { ...c, peerReadSeq: seq } : c;
}
