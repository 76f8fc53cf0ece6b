// Request/response by reqId (PROTOCOL.md §2): a request of type N is answered by N + 1 echoing
// the reqId. Pending requests fail on timeout or when the connection they were sent on ends.
import { ErrorCode, ErrorText, isErrorCode } from '@parley/proto';

/** A failed request: the §6 code from the response, or a client-side one (timeout, offline). */
export class ChatError extends Error {
  readonly code: number;

  constructor(code: number, message?: string) {
    super(message ?? (isErrorCode(code) ? ErrorText[code] : `error ${String(code)}`));
    this.name = 'ChatError';
    this.code = code;
  }
}

/** Client-side codes, outside the §6 range. */
export const ClientError = {
  /** No response within the timeout. */
  TIMEOUT: -1,
  /** The connection ended (or never was up) before the response. */
  DISCONNECTED: -2,
  /** A response whose body does not fit proto's schema for it. */
  UNREADABLE: -3,
} as const;

export const DEFAULT_TIMEOUT_MS = 10_000; // 10 s

type Body = Record<string, unknown>;

interface Pending {
  responseType: number;
  resolve: (body: Body) => void;
  reject: (err: ChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class RequestTracker {
  #nextReqId = 1;
  readonly #pending = new Map<number, Pending>();

  /**
   * Register a request; `send` puts it on the wire with the given reqId and returns false when it
   * could not. Resolves with the response body when `error` is 0, rejects with a ChatError.
   */
  request(
    type: number,
    send: (reqId: number) => boolean,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<Body> {
    const reqId = this.#nextReqId++;
    return new Promise<Body>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(reqId);
        reject(new ChatError(ClientError.TIMEOUT, 'no answer from the server in time'));
      }, timeoutMs);
      this.#pending.set(reqId, { responseType: type + 1, resolve, reject, timer });
      if (!send(reqId)) {
        this.#settle(reqId);
        clearTimeout(timer);
        reject(new ChatError(ClientError.DISCONNECTED, 'not connected'));
      }
    });
  }

  /** Offer a received frame; true when it answered a pending request. */
  offer(type: number, body: Body): boolean {
    const reqId = body['reqId'];
    if (typeof reqId !== 'number') return false;
    const p = this.#pending.get(reqId);
    if (!p || p.responseType !== type) return false;
    this.#settle(reqId);
    clearTimeout(p.timer);
    const error = typeof body['error'] === 'number' ? body['error'] : ErrorCode.OK;
    if (error === ErrorCode.OK) p.resolve(body);
    else {
      const message = typeof body['message'] === 'string' ? body['message'] : undefined;
      p.reject(new ChatError(error, message));
    }
    return true;
  }

  /** Fail every pending request (the connection ended). */
  failAll(reason = 'connection lost'): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.reject(new ChatError(ClientError.DISCONNECTED, reason));
    }
  }

  get size(): number {
    return this.#pending.size;
  }

  #settle(reqId: number): void {
    this.#pending.delete(reqId);
  }
}
