// A native TCP client for the chat protocol (PROTOCOL.md §1-§3): used by the CLI and by tests.
// Requests get a reqId and resolve with their response; pushes are queued for `next(type)`.
// Every body the server sends is checked against proto's schema for its type: a server that
// answers outside the contract is caught by whoever talks to it (issue 10), not by a user.
import { connect, type Socket } from 'node:net';
import {
  decodeJsonBody,
  encodeFrame,
  encodeFrameBytes,
  FrameDecoder,
  MsgType,
  MsgTypeName,
  validateBody,
} from '@parley/proto';

export interface Received {
  type: number;
  body: Record<string, unknown>;
}

/** A frame from the server whose body its type's schema rejects (or of a type proto lacks). */
export class ContractViolation extends Error {
  override readonly name = 'ContractViolation';
  constructor(
    readonly type: number,
    readonly body: Record<string, unknown>,
    readonly problem: string,
  ) {
    super(`server sent ${MsgTypeName[type] ?? String(type)} outside the contract: ${problem}`);
  }
}

export interface ChatClientOptions {
  /** Called for each frame outside the contract; the frame is still delivered. The default
   *  throws, which fails a test at once; the CLI prints a warning instead. */
  onViolation?: (v: ContractViolation) => void;
}

export class ChatClient {
  private readonly decoder = new FrameDecoder({ maxBody: 16 * 1024 * 1024 });
  private readonly waiters = new Map<number, (r: Received) => void>();
  private readonly pushes: Received[] = [];
  private pushWaiters: { type: number; resolve: (r: Received) => void }[] = [];
  private nextReqId = 1;
  readonly closed: Promise<void>;
  isClosed = false;

  private readonly onViolation: (v: ContractViolation) => void;

  private constructor(
    readonly socket: Socket,
    opts: ChatClientOptions = {},
  ) {
    // The default ends the connection before it throws, so whatever waits on this client fails
    // at once (its requests and `closed` settle) rather than at the runner's time-out.
    this.onViolation =
      opts.onViolation ??
      ((v) => {
        socket.destroy();
        throw v;
      });
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) =>
      socket.once('close', () => ((this.isClosed = true), resolve())),
    );
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      let frames;
      try {
        frames = this.decoder.push(chunk);
      } catch {
        socket.destroy(); // a server that breaks framing cannot be talked to any more
        return;
      }
      for (const f of frames) {
        const parsed = decodeJsonBody(f.body);
        // A body that is not a JSON object is dropped rather than crashing the client process.
        if (!parsed.ok) continue;
        this.onFrame({ type: f.type, body: parsed.value });
        this.check(f.type, parsed.value);
      }
    });
  }

  static connect(host: string, port: number, opts?: ChatClientOptions): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => {
        s.off('error', reject);
        resolve(new ChatClient(s, opts));
      });
      s.once('error', reject);
    });
  }

  /** After delivery, so a test waiting on the frame still sees it, and the violation surfaces
   *  as the test's failure rather than as a time-out. */
  private check(type: number, body: Record<string, unknown>): void {
    const r = validateBody(type, body);
    if (!r.ok) this.onViolation(new ContractViolation(type, body, r.error.message));
  }

  private listeners = new Set<(r: Received) => void>();

  /** Subscribe to every frame that is not a response to one of this client's requests (pushes).
   *  Frames a listener sees are not queued for `next()`. Returns an unsubscribe function. */
  onPush(listener: (r: Received) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private onFrame(r: Received): void {
    const reqId = r.body['reqId'];
    if (typeof reqId === 'number' && this.waiters.has(reqId)) {
      const w = this.waiters.get(reqId)!;
      this.waiters.delete(reqId);
      return w(r);
    }
    if (this.listeners.size > 0) {
      for (const l of this.listeners) l(r);
      return;
    }
    const i = this.pushWaiters.findIndex((w) => w.type === r.type);
    if (i >= 0) {
      const [w] = this.pushWaiters.splice(i, 1);
      return w!.resolve(r);
    }
    this.pushes.push(r);
  }

  /** Send a request and wait for its response (matched by reqId). */
  request(type: number, body: Record<string, unknown> = {}, timeoutMs = 5_000): Promise<Received> {
    const reqId = this.nextReqId++;
    const p = new Promise<Received>((resolve, reject) => {
      const t = setTimeout(() => {
        this.waiters.delete(reqId);
        reject(new Error(`no response to type ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(reqId, (r) => {
        clearTimeout(t);
        resolve(r);
      });
    });
    this.send(type, { ...body, reqId });
    return p;
  }

  send(type: number, body: unknown): void {
    this.socket.write(encodeFrame(type, body));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  sendBytes(type: number, body: Uint8Array): void {
    this.socket.write(encodeFrameBytes(type, body));
  }

  /** The next frame of `type` that is not a response to one of our requests. */
  next(type: number, timeoutMs = 5_000): Promise<Received> {
    const i = this.pushes.findIndex((p) => p.type === type);
    if (i >= 0) return Promise.resolve(this.pushes.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const w = { type, resolve: (r: Received) => (clearTimeout(t), resolve(r)) };
      const t = setTimeout(() => {
        this.pushWaiters = this.pushWaiters.filter((x) => x !== w);
        reject(new Error(`no frame of type ${type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pushWaiters.push(w);
    });
  }

  login(uid: string, token: string, device?: string): Promise<Received> {
    return this.request(MsgType.LOGIN, { uid, token, protocol: 1, ...(device ? { device } : {}) });
  }

  close(): Promise<void> {
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 500).unref();
    return this.closed;
  }
}
