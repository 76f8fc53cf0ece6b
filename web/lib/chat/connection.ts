// One logical chat session over a sequence of WebSocket connections: connect, LOGIN first
// (PROTOCOL.md §4), HEARTBEAT every heartbeatMs, and reconnect with backoff when the connection
// ends — except after KICKED (another login won, §4), TOKEN_INVALID, or a policy refusal.
import { ErrorCode, MsgType } from '@parley/proto';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { ChatError, ClientError, RequestTracker } from './requests';
import { CloseCode, type Transport, type TransportFactory } from './transport';
import type { ConnectionState, KickedPush, UserCard } from './types';
import { isRec, toUserCard } from './normalize';
import { recallWindowOf } from './recall';

export const PROTOCOL_VERSION = 1;
const LOGIN_TIMEOUT_MS = 10_000; // 10 s
/** Heartbeats are answered at once; a silent server is taken as gone after this long. */
const HEARTBEAT_TIMEOUT_MS = 10_000; // 10 s
/** §4 default, used until LOGIN's response says otherwise. */
const DEFAULT_HEARTBEAT_MS = 20_000; // 20 s

export interface ConnectionOptions {
  uid: string;
  token: string;
  /** §9.2: this browser profile as a device (see device.ts); without it, device "default". */
  device?: { deviceId: string; deviceName: string };
  /** The bridge URL to dial; resolved for every attempt (the port is learnt at run time).
   *  `move`: the last server is draining (§9.5), so it must be a fresh assignment. */
  url: (move?: boolean) => Promise<string>;
  transport: TransportFactory;
  backoff?: BackoffOptions;
  /** Connection state changes, for the store. */
  onState: (patch: Partial<ConnectionState>) => void;
  /** Logged in on a fresh connection; `generation` identifies it (see `isCurrent`). */
  onReady: (
    generation: number,
    login: { user: UserCard | null; server: string; recallWindowMs: number },
  ) => void;
  /** A frame that answered no pending request: a push. */
  onPush: (type: number, body: Record<string, unknown>) => void;
  /** The connection ended (before a reconnect, if any). */
  onDown: () => void;
  /** TOKEN_INVALID: the session is dead. */
  onExpired: () => void;
}

export class ChatConnection {
  readonly #o: ConnectionOptions;
  readonly #requests = new RequestTracker();
  #transport: Transport | null = null;
  #generation = 0;
  #online = false;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  /** No more automatic attempts: stopped, kicked, expired or refused. */
  #halted = false;
  /** The next dial follows a SERVER_NOTICE: it asks for another server. */
  #moving = false;
  #moveTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(o: ConnectionOptions) {
    this.#o = o;
  }

  get online(): boolean {
    return this.#online;
  }

  /** True while `generation` is the live, logged-in connection. */
  isCurrent(generation: number): boolean {
    return this.#online && generation === this.#generation;
  }

  start(): void {
    this.#halted = false;
    void this.#connect();
  }

  /** Drop any wait and dial now (the network came back, or the user asked). */
  reconnectNow(): void {
    if (this.#online) return;
    this.#halted = false;
    this.#attempt = 0;
    this.#clearRetry();
    this.#teardown();
    void this.#connect();
  }

  /** The browser says the network is gone: don't wait for a heartbeat to notice. */
  dropNow(reason: string): void {
    if (!this.#transport) return;
    this.#teardown();
    this.#down(CloseCode.ABNORMAL, reason);
  }

  stop(): void {
    this.#halted = true;
    this.#clearRetry();
    this.#teardown();
  }

  /** KICKED (§4, §9.2): stop for good; the caller shows why (`kick`, when it was readable). */
  kicked(reason: string, kick: KickedPush | null = null): void {
    this.stop();
    this.#o.onState({ status: 'kicked', retryAt: null, detail: reason, syncing: false, kick });
  }

  /** Send a request on the current connection; rejects with ChatError. */
  request(type: number, body: Record<string, unknown>, timeoutMs?: number) {
    return this.#requests.request(
      type,
      (reqId) => this.#online && (this.#transport?.send(type, { ...body, reqId }) ?? false),
      timeoutMs,
    );
  }

  /** Fire-and-forget (TYPING, §3 "no rsp"). */
  send(type: number, body: Record<string, unknown>): boolean {
    return this.#online && (this.#transport?.send(type, body) ?? false);
  }

  async #connect(): Promise<void> {
    if (this.#halted) return;
    const generation = ++this.#generation;
    this.#o.onState({
      status: this.#attempt === 0 && generation === 1 ? 'connecting' : 'reconnecting',
      retryAt: null,
      attempt: this.#attempt,
    });
    let url: string;
    const move = this.#moving;
    this.#moving = false;
    try {
      url = await this.#o.url(move);
    } catch (err) {
      if (generation === this.#generation) this.#down(CloseCode.ABNORMAL, String(err));
      return;
    }
    if (generation !== this.#generation || this.#halted) return;
    this.#transport = this.#o.transport(url, {
      onOpen: () => void this.#login(generation),
      onFrame: (type, body) => {
        if (generation !== this.#generation) return;
        if (type === MsgType.SERVER_NOTICE) return this.#planMove(generation, body);
        if (!this.#requests.offer(type, body)) this.#o.onPush(type, body);
      },
      onClose: (code, reason) => {
        if (generation !== this.#generation) return;
        this.#transport = null;
        this.#down(code, reason);
      },
    });
  }

  async #login(generation: number): Promise<void> {
    let rsp: Record<string, unknown>;
    try {
      rsp = await this.#requests.request(
        MsgType.LOGIN,
        (reqId) =>
          this.#transport?.send(MsgType.LOGIN, {
            uid: this.#o.uid,
            token: this.#o.token,
            protocol: PROTOCOL_VERSION,
            device: 'web',
            ...this.#o.device,
            reqId,
          }) ?? false,
        LOGIN_TIMEOUT_MS,
      );
    } catch (err) {
      if (generation !== this.#generation) return;
      if (err instanceof ChatError && err.code === ErrorCode.TOKEN_INVALID) {
        this.stop();
        this.#o.onState({ status: 'expired', retryAt: null, detail: err.message });
        this.#o.onExpired();
        return;
      }
      // UNAVAILABLE, a timeout…: try again later on a fresh connection.
      this.#teardown();
      this.#down(CloseCode.ABNORMAL, err instanceof Error ? err.message : String(err));
      return;
    }
    if (generation !== this.#generation) return;
    this.#online = true;
    this.#attempt = 0;
    const server = typeof rsp['server'] === 'string' ? rsp['server'] : '';
    const hb = rsp['heartbeatMs'];
    this.#startHeartbeat(generation, typeof hb === 'number' && hb > 0 ? hb : DEFAULT_HEARTBEAT_MS);
    this.#o.onState({ status: 'online', retryAt: null, attempt: 0, server, detail: null });
    this.#o.onReady(generation, {
      user: isRec(rsp['user']) ? toUserCard(rsp['user']) : null,
      server,
      recallWindowMs: recallWindowOf(rsp),
    });
  }

  #startHeartbeat(generation: number, everyMs: number): void {
    this.#stopHeartbeat();
    this.#heartbeatTimer = setInterval(
      () => {
        this.request(MsgType.HEARTBEAT, {}, Math.min(everyMs, HEARTBEAT_TIMEOUT_MS)).catch(
          (err: unknown) => {
            // A heartbeat without answer: the connection is dead even if the socket is not.
            if (
              generation === this.#generation &&
              err instanceof ChatError &&
              err.code === ClientError.TIMEOUT
            )
              this.dropNow('heartbeat timed out');
          },
        );
      },
      Math.max(1_000, everyMs),
    );
  }

  #stopHeartbeat(): void {
    if (this.#heartbeatTimer !== null) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }

  #clearRetry(): void {
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    if (this.#moveTimer !== null) clearTimeout(this.#moveTimer);
    this.#moveTimer = null;
  }

  /** §9.5: the ChatServer is draining. Leave it after a random delay of at most reconnectInMs
   *  (so its clients do not all arrive elsewhere at once) and dial a freshly assigned one. */
  #planMove(generation: number, body: Record<string, unknown>): void {
    const within = typeof body['reconnectInMs'] === 'number' ? body['reconnectInMs'] : 0;
    const delay = Math.floor(Math.random() * Math.max(0, within));
    if (this.#moveTimer !== null) clearTimeout(this.#moveTimer);
    this.#moveTimer = setTimeout(() => {
      this.#moveTimer = null;
      if (generation !== this.#generation || this.#halted) return;
      this.#teardown();
      this.#moving = true;
      this.#attempt = 0;
      this.#o.onState({ status: 'reconnecting', retryAt: null, detail: 'server restarting' });
      void this.#connect();
    }, delay);
  }

  /** Close the current transport quietly and forget it (no onClose follows). */
  #teardown(): void {
    this.#generation++;
    this.#transport?.close();
    this.#transport = null;
    this.#stopHeartbeat();
    this.#requests.failAll();
    if (this.#online) {
      this.#online = false;
      this.#o.onDown();
    }
  }

  /** The connection ended: decide whether and when to try again. */
  #down(code: number, reason: string): void {
    this.#stopHeartbeat();
    this.#requests.failAll();
    if (this.#online) {
      this.#online = false;
      this.#o.onDown();
    }
    if (this.#halted) return;
    if (code === CloseCode.UNAUTHORIZED || code === CloseCode.POLICY) {
      // The bridge refused us by policy (origin, server name): retrying would only repeat it.
      this.#halted = true;
      this.#o.onState({ status: 'refused', retryAt: null, detail: reason || `closed (${code})` });
      return;
    }
    // A ChatServer shutting down (1012) is expected: come back quickly, from the first step.
    if (code === CloseCode.SERVICE_RESTART) this.#attempt = 0;
    const delay = backoffDelay(this.#attempt, this.#o.backoff ?? DEFAULT_BACKOFF);
    this.#attempt++;
    this.#o.onState({
      status: 'reconnecting',
      retryAt: Date.now() + delay,
      attempt: this.#attempt,
      detail: reason || `connection closed (${code})`,
      syncing: false,
    });
    this.#clearRetry();
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#connect();
    }, delay);
  }
}
