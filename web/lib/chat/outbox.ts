// Optimistic sends (PROTOCOL.md §5): a message shows at once as "sending", becomes the stored
// Message when SEND_MSG answers, or "failed" with a retry that reuses its clientMsgId — so a
// send whose answer was lost is stored once, however often it is retried. Sends made while the
// connection is down wait as "sending" and go out after the next sync (`flush`).
// Media sends (issue 5) upload first over HTTP ("uploading", §7 POST /media), then go out as
// SEND_MSG with the kind the sniffed mime allows and the mediaId; a failed upload is retried
// from the kept bytes, a failed send with the same mediaId and clientMsgId.
import { MsgType } from '@parley/proto';
import { kindForMime } from './media';
import { toMessage } from './normalize';
import { ChatError, ClientError } from './requests';
import type { ChatStore } from './store';
import type { MediaInfo, MessageKind, PendingMessage, PendingUpload, QuoteInfo } from './types';

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
  /** POST /media; rejects with a MediaError whose message the UI shows. */
  upload?: (blob: Blob, name: string, type: string) => Promise<MediaInfo>;
  /** An own upload is stored: its bytes need no download (the media cache). */
  uploaded?: (media: MediaInfo, upload: PendingUpload) => void;
}

/** What a media send looks like until the gate has sniffed the bytes. */
export function guessKind(upload: PendingUpload, recorded: boolean): MessageKind {
  if (recorded) return 'voice';
  return upload.type.startsWith('image/') ? 'image' : 'file';
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

  /** `replyTo`: the quoted message (§9.4), sent as its msgId, shown in the pending bubble. */
  sendText(conversationId: string, text: string, replyTo?: QuoteInfo): void {
    const clientMsgId = newClientMsgId();
    this.#d.store.addPending({
      clientMsgId,
      conversationId,
      from: this.#d.store.state.me.uid,
      kind: 'text',
      text,
      sentAt: Date.now(),
      status: 'sending',
      ...(replyTo ? { replyTo } : {}),
    });
    void this.#deliver(conversationId, clientMsgId);
  }

  /** Upload `upload` and send it; `recorded` marks a voice recording; `replyTo` as for text.
   *  Returns the clientMsgId. */
  sendMedia(
    conversationId: string,
    upload: PendingUpload,
    recorded: boolean,
    replyTo?: QuoteInfo,
  ): string {
    const clientMsgId = newClientMsgId();
    this.#d.store.addPending({
      clientMsgId,
      conversationId,
      from: this.#d.store.state.me.uid,
      kind: guessKind(upload, recorded),
      upload,
      sentAt: Date.now(),
      status: 'uploading',
      ...(replyTo ? { replyTo } : {}),
    });
    void this.#deliver(conversationId, clientMsgId);
    return clientMsgId;
  }

  retry(conversationId: string, clientMsgId: string): void {
    const p = this.#d.store
      .thread(conversationId)
      .pending.find((x) => x.clientMsgId === clientMsgId);
    if (!p) return;
    this.#d.store.patchPending(conversationId, clientMsgId, {
      status: p.upload && !p.mediaId ? 'uploading' : 'sending',
    });
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

  /** The media of a pending send: upload it unless that was done. Null when it failed. */
  async #uploaded(conversationId: string, p: PendingMessage): Promise<PendingMessage | null> {
    const { store } = this.#d;
    if (!p.upload || p.mediaId) return p;
    try {
      if (!this.#d.upload) throw new Error('uploads are not available here');
      const media = await this.#d.upload(p.upload.blob, p.upload.name, p.upload.type);
      const patch = {
        mediaId: media.mediaId,
        kind: kindForMime(media.mime, p.kind === 'voice'),
        status: 'sending' as const,
      };
      store.patchPending(conversationId, p.clientMsgId, patch);
      this.#d.uploaded?.(media, p.upload);
      return { ...p, ...patch };
    } catch (err) {
      store.patchPending(conversationId, p.clientMsgId, {
        status: 'failed',
        error: err instanceof Error ? err.message : String(err),
      });
      return null;
    }
  }

  async #deliver(conversationId: string, clientMsgId: string): Promise<void> {
    if (this.#inFlight.has(clientMsgId)) return;
    this.#inFlight.add(clientMsgId);
    try {
      await this.#deliverOnce(conversationId, clientMsgId);
    } finally {
      this.#inFlight.delete(clientMsgId);
    }
  }

  async #deliverOnce(conversationId: string, clientMsgId: string): Promise<void> {
    const { store } = this.#d;
    const waiting = store.thread(conversationId).pending.find((x) => x.clientMsgId === clientMsgId);
    if (!waiting) return;
    // Uploads go over HTTP: they need no chat connection, only the send after them does.
    // (Awaited only then, so a send that cannot go out fails before this call returns.)
    const p =
      waiting.upload && !waiting.mediaId ? await this.#uploaded(conversationId, waiting) : waiting;
    if (!p) return;
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
    const body = {
      ...(p.kind === 'text'
        ? { conversationId, clientMsgId, kind: 'text', text: p.text ?? '' }
        : { conversationId, clientMsgId, kind: p.kind, mediaId: p.mediaId }),
      ...(p.replyTo ? { replyTo: p.replyTo.msgId } : {}),
    };
    try {
      const rsp = await this.#d.request(MsgType.SEND_MSG, body, SEND_TIMEOUT_MS);
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
    }
  }
}
