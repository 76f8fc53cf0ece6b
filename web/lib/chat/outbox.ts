// Optimistic sends (PROTOCOL.md §5): a message shows at once as "sending", becomes the stored
// Message when SEND_MSG answers, or "failed" with a retry that reuses its clientMsgId — so a
// send whose answer was lost is stored once, however often it is retried. Sends made while the
// connection is down wait as "sending" and go out after the next sync (`flush`).
import { MsgType } from '@parley/proto';
import { toMessage } from './normalize';
import { ChatError, ClientError } from './requests';
import type { ChatStore } from './store';

/** SEND_MSG waits for the group commit (§5: stored before the answer); allow for a slow disk. */
export const SEND_TIMEOUT_MS = 15_000; // 15 s

export interface OutboxDeps {
  store: ChatStore;
  online: () => boolean;
  request: (
    type: number,
    body: Record<string, unknown>,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
}

export function newClientMsgId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class Outbox {
  readonly #d: OutboxDeps;
  readonly #inFlight = new Set<string>();

  constructor(d: OutboxDeps) {
    this.#d = d;
  }

  sendText(conversationId: string, text: string): void {
    const clientMsgId = newClientMsgId();
    this.#d.store.addPending({
      clientMsgId,
      conversationId,
      from: this.#d.store.state.me.uid,
      kind: 'text',
      text,
      sentAt: Date.now(),
      status: 'sending',
    });
    void this.#deliver(conversationId, clientMsgId);
  }

  retry(conversationId: string, clientMsgId: string): void {
    this.#d.store.patchPending(conversationId, clientMsgId, { status: 'sending' });
    void this.#deliver(conversationId, clientMsgId);
  }

  /** Send whatever waits as "sending" (after a reconnect's sync). */
  flush(): void {
    for (const [cid, t] of Object.entries(this.#d.store.state.threads))
      for (const p of t.pending) if (p.status === 'sending') void this.#deliver(cid, p.clientMsgId);
  }

  /** The session is over (kicked): nothing waiting will go out. */
  failWaiting(reason: string): void {
    for (const [cid, t] of Object.entries(this.#d.store.state.threads))
      for (const p of t.pending)
        if (p.status === 'sending')
          this.#d.store.patchPending(cid, p.clientMsgId, { status: 'failed', error: reason });
  }

  async #deliver(conversationId: string, clientMsgId: string): Promise<void> {
    const { store } = this.#d;
    const p = store.thread(conversationId).pending.find((x) => x.clientMsgId === clientMsgId);
    if (!p || this.#inFlight.has(clientMsgId)) return;
    const { status, detail } = store.state.connection;
    if (status === 'kicked' || status === 'expired' || status === 'refused') {
      // This session will not connect again by itself: say so at once.
      store.patchPending(conversationId, clientMsgId, {
        status: 'failed',
        error: detail ?? 'not connected',
      });
      return;
    }
    if (!this.#d.online()) return; // waits for flush()
    this.#inFlight.add(clientMsgId);
    try {
      const rsp = await this.#d.request(
        MsgType.SEND_MSG,
        { conversationId, clientMsgId, kind: 'text', text: p.text },
        SEND_TIMEOUT_MS,
      );
      const m = toMessage(rsp['message']);
      // Storing the message reconciles the pending entry by clientMsgId (thread.ts).
      if (m) store.addMessages(conversationId, [m]);
      store.patchPending(conversationId, clientMsgId, null);
    } catch (err) {
      // The connection dropped: it stays "sending" and goes out again after the reconnect.
      if (err instanceof ChatError && err.code === ClientError.DISCONNECTED) return;
      store.patchPending(conversationId, clientMsgId, {
        status: 'failed',
        error: err instanceof Error ? err.message : String(err),
      });
    } finally {
      this.#inFlight.delete(clientMsgId);
    }
  }
}
