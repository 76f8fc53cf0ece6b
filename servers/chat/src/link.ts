// A chat session that outlives its connections (issue 11): on top of ChatClient, it logs in, keeps
// the heartbeat, and when the ChatServer goes away comes back on another one through GateServer's
// `POST /auth/assign`:
// - planned (PROTOCOL.md §9.5): SERVER_NOTICE `draining` → leave after a random delay of at most
//   reconnectInMs, so a server's clients do not all arrive elsewhere in the same instant;
// - unplanned (a crash, a cut): reconnect with exponential back-off and jitter.
// KICKED (another login won, §4) and TOKEN_INVALID end it for good. Requests made while it is
// between connections wait for the next one; a request whose connection dies is rejected with
// LinkLostError, and the caller resends it (SEND_MSG is idempotent by clientMsgId, §5).
import { ErrorCode, MsgType, type ServerNotice } from '@parley/proto';
import { ChatClient, type ChatClientOptions, type Received } from './client';

export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** First retry within 0.25–0.5 s, then doubling up to 5 s. */
export const LINK_BACKOFF: Backoff = { baseMs: 500, maxMs: 5_000 };
/** A heartbeat without an answer for this long means the server is gone even if TCP says not. */
const HEARTBEAT_TIMEOUT_MS = 10_000;
const DEFAULT_HEARTBEAT_MS = 20_000; // §4 default until LOGIN says otherwise
const GATE_TIMEOUT_MS = 5_000;

/** "Equal jitter": a random point in the upper half of the exponential step. */
export function backoffDelay(attempt: number, b: Backoff, random: () => number): number {
  const step = Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}

export type LinkEvent =
  | { kind: 'online'; server: string; at: number }
  | { kind: 'notice'; reason: string; reconnectInMs: number; at: number }
  | { kind: 'down'; reason: string; at: number }
  | { kind: 'ended'; reason: 'kicked' | 'expired' | 'closed'; at: number };

export interface LinkOptions {
  /** GateServer base URL, for POST /auth/assign. */
  gate: string;
  uid: string;
  token: string;
  /** The server /auth/login assigned; without it the first dial asks /auth/assign too. */
  chat?: { host: string; port: number };
  device?: string;
  backoff?: Backoff;
  random?: () => number;
  /** Every push (MSG_NOTIFY, …) from the live connection, SERVER_NOTICE included; `conn` numbers
   *  this link's connections from 1, so a caller can tell a re-login's backlog from a repeat. */
  onPush?: (r: Received, conn: number) => void;
  onEvent?: (e: LinkEvent) => void;
  /** A frame outside the contract (ChatClient's check); by default it throws. */
  onViolation?: ChatClientOptions['onViolation'];
}

/** The connection a request was sent on went away before its answer came. */
export class LinkLostError extends Error {
  override readonly name = 'LinkLostError';
}

/** The session ended for good (kicked, token invalid, closed). */
export class LinkEndedError extends Error {
  override readonly name = 'LinkEndedError';
}

export class ChatLink {
  readonly #o: LinkOptions;
  #client: ChatClient | null = null;
  /** The connection whose LOGIN is under way: the backlog may arrive in the same read as the
   *  LOGIN response, before the response's continuation makes it #client. */
  #joining: ChatClient | null = null;
  #ended: string | null = null;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #dialing = false;
  /** Connections dialled so far (the number onPush reports). */
  #conns = 0;
  #readyWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];
  /** Name of the server of the live connection ('' while between connections). */
  server = '';

  constructor(o: LinkOptions) {
    this.#o = o;
  }

  get online(): boolean {
    return this.#client !== null;
  }

  /** Dial and log in; resolves once online (retrying as after a loss), rejects if it ends. */
  start(): Promise<void> {
    void this.#dial(this.#o.chat ?? null);
    return this.ready(60_000);
  }

  /** Resolves when a live connection is there (at once if it is). */
  ready(timeoutMs: number): Promise<void> {
    if (this.#client) return Promise.resolve();
    if (this.#ended) return Promise.reject(new LinkEndedError(this.#ended));
    return new Promise((resolve, reject) => {
      const w = {
        resolve: () => (clearTimeout(t), resolve()),
        reject: (e: Error) => (clearTimeout(t), reject(e)),
      };
      const t = setTimeout(() => {
        this.#readyWaiters = this.#readyWaiters.filter((x) => x !== w);
        reject(new LinkLostError(`not connected within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#readyWaiters.push(w);
    });
  }

  /** Send a request on the live connection (waiting up to timeoutMs for one) and return its
   *  response; LinkLostError if that connection dies first. */
  async request(type: number, body: Record<string, unknown>, timeoutMs = 5_000) {
    const until = Date.now() + timeoutMs;
    await this.ready(timeoutMs);
    const c = this.#client!;
    return new Promise<Received>((resolve, reject) => {
      const lost = () => reject(new LinkLostError('connection lost before the answer'));
      void c.closed.then(lost);
      c.request(type, body, Math.max(1, until - Date.now())).then(resolve, reject);
    });
  }

  /** Fire and forget on the live connection (TYPING); false when between connections. */
  send(type: number, body: Record<string, unknown>): boolean {
    if (!this.#client) return false;
    this.#client.send(type, body);
    return true;
  }

  async close(): Promise<void> {
    this.#end('closed');
    const c = this.#client;
    this.#client = null;
    if (c) await c.close();
  }

  #emit(e: LinkEvent): void {
    this.#o.onEvent?.(e);
  }

  #end(reason: 'kicked' | 'expired' | 'closed'): void {
    if (this.#ended) return;
    this.#ended = reason;
    if (this.#timer) clearTimeout(this.#timer);
    this.#stopHeartbeat();
    for (const w of this.#readyWaiters.splice(0)) w.reject(new LinkEndedError(reason));
    this.#emit({ kind: 'ended', reason, at: Date.now() });
  }

  /** One attempt: (assign,) connect, LOGIN. A failure schedules the next attempt. */
  async #dial(addr: { host: string; port: number } | null): Promise<void> {
    if (this.#ended || this.#dialing) return;
    this.#dialing = true;
    let c: ChatClient | null = null;
    try {
      const to = addr ?? (await this.#assign());
      if (this.#ended) return;
      c = await ChatClient.connect(to.host, to.port, { onViolation: this.#o.onViolation });
      const client = c;
      const conn = ++this.#conns;
      this.#joining = client;
      client.onPush((r) => this.#onPush(client, r, conn));
      const r = await client.login(this.#o.uid, this.#o.token, this.#o.device);
      const error = r.body['error'];
      if (error === ErrorCode.TOKEN_INVALID) {
        await client.close();
        return this.#end('expired');
      }
      if (error !== 0) throw new Error(`LOGIN answered ${String(error)}`);
      if (this.#ended) {
        await client.close();
        return;
      }
      this.#client = client;
      this.#attempt = 0;
      this.server = typeof r.body['server'] === 'string' ? r.body['server'] : '';
      const hb = r.body['heartbeatMs'];
      this.#startHeartbeat(client, typeof hb === 'number' && hb > 0 ? hb : DEFAULT_HEARTBEAT_MS);
      void client.closed.then(() => this.#lost(client, 'connection closed'));
      this.#emit({ kind: 'online', server: this.server, at: Date.now() });
      for (const w of this.#readyWaiters.splice(0)) w.resolve();
    } catch (err) {
      if (c && !c.isClosed) c.socket.destroy();
      if (err instanceof LinkEndedError) return this.#end('expired');
      this.#retry(err instanceof Error ? err.message : String(err));
    } finally {
      this.#dialing = false;
      this.#joining = null;
    }
  }

  #retry(reason: string): void {
    if (this.#ended) return;
    const delay = backoffDelay(
      this.#attempt++,
      this.#o.backoff ?? LINK_BACKOFF,
      this.#o.random ?? Math.random,
    );
    this.#emit({ kind: 'down', reason, at: Date.now() });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#dial(null);
    }, delay);
  }

  /** The live connection ended without our asking: come back on another server. */
  #lost(c: ChatClient, reason: string): void {
    if (this.#client !== c) return; // an old connection we already left
    this.#client = null;
    this.server = '';
    this.#stopHeartbeat();
    this.#retry(reason);
  }

  #onPush(c: ChatClient, r: Received, conn: number): void {
    const current = this.#client === c || this.#joining === c;
    if (!current && r.type !== MsgType.SERVER_NOTICE) return;
    if (r.type === MsgType.KICKED) {
      this.#end('kicked');
      this.#client = null;
      void c.close();
    } else if (r.type === MsgType.SERVER_NOTICE) {
      this.#onNotice(c, r.body as unknown as ServerNotice);
    }
    this.#o.onPush?.(r, conn);
  }

  /** §9.5: leave this server after a random delay up to reconnectInMs, then assign and dial. */
  #onNotice(c: ChatClient, n: ServerNotice): void {
    const wait = Math.floor(
      (this.#o.random ?? Math.random)() * Math.max(0, Number(n.reconnectInMs) || 0),
    );
    this.#emit({
      kind: 'notice',
      reason: String(n.reason),
      reconnectInMs: n.reconnectInMs,
      at: Date.now(),
    });
    setTimeout(() => {
      if (this.#client !== c || this.#ended) return;
      // Break before make: the old connection's route is released before the new LOGIN claims
      // one, and what arrives in between is pushed by the new server as backlog (§5).
      this.#client = null;
      this.server = '';
      this.#stopHeartbeat();
      void c.close().then(() => {
        this.#attempt = 0;
        void this.#dial(null);
      });
    }, wait).unref();
  }

  #startHeartbeat(c: ChatClient, everyMs: number): void {
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(
      () => {
        c.request(MsgType.HEARTBEAT, {}, Math.min(everyMs, HEARTBEAT_TIMEOUT_MS)).catch(() => {
          if (this.#client === c) c.socket.destroy(); // silent server: treat as gone
        });
      },
      Math.max(1_000, everyMs),
    );
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  /** POST /auth/assign: a live, non-draining ChatServer for this token. */
  async #assign(): Promise<{ host: string; port: number }> {
    const res = await fetch(`${this.#o.gate}/auth/assign`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.#o.token}`, 'content-type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(GATE_TIMEOUT_MS),
    });
    const body = (await res.json()) as {
      error?: unknown;
      chat?: { host?: unknown; port?: unknown };
    };
    if (body.error === ErrorCode.TOKEN_INVALID) throw new LinkEndedError('expired');
    const host = body.chat?.host;
    const port = body.chat?.port;
    if (body.error !== 0 || typeof host !== 'string' || typeof port !== 'number')
      throw new Error(`/auth/assign answered ${res.status} ${JSON.stringify(body)}`);
    return { host, port };
  }
}
