// The load generator's chat client: one raw TCP socket per user, frames through the contract codec
// (`encodeFrame` / `FrameDecoder`, PROTOCOL.md §1), and writes batched per socket per tick (one
// write of everything queued). It does no request matching: each user sends in at most one
// conversation, so a SEND_MSG_RSP on a socket belongs to that socket's sender, and the scenario in
// charge (a `Sink`) gets every frame. Through the bridge (`via`), the client is a WebSocket one:
// one binary message per frame, as the browser sends them (issue 4).
import { connect, type Socket } from 'node:net';
import WebSocket from 'ws';
import { encodeFrame, FrameDecoder, MsgType } from '@parley/proto';
import { BENCH_ORIGIN } from './ipc';

/** Bodies the generator accepts; MSG_NOTIFY bodies are small, this only guards against garbage. */
const MAX_BODY = 1024 * 1024;
const LOGIN_TIMEOUT_MS = 30_000;
const utf8 = new TextDecoder();

export interface Sink {
  onSendRsp(c: BenchClient, body: SendRsp): void;
  onNotify(c: BenchClient, body: Notify): void;
  onOther(c: BenchClient, type: number, body: Record<string, unknown>): void;
}

export interface SendRsp {
  error: number;
  reqId?: number;
  message?: { seq: number; conversationId: string } | string;
}

export interface Notify {
  message: { conversationId: string; seq: number; from: string; text?: string };
}

/** Batches every client's queued frames into one socket write per client per tick. */
class Flusher {
  private dirty: BenchClient[] = [];
  private scheduled = false;

  add(c: BenchClient): void {
    this.dirty.push(c);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    const list = this.dirty;
    this.dirty = [];
    for (const c of list) c.flush();
  }
}
export const flusher = new Flusher();

/** Connections the server closed on its own, over the whole run. */
export const unexpectedCloses = { count: 0 };

/** Frames nobody asked for (PRESENCE_NOTIFY, stray responses) when no scenario is running. */
const idleSink: Sink = {
  onSendRsp: () => undefined,
  onNotify: () => undefined,
  onOther: () => undefined,
};

/** Connect through the WebSocket bridge on `port` to the ChatServer named `server`. */
export interface Via {
  port: number;
  server: string;
}

export class BenchClient {
  sink: Sink = idleSink;
  private sock: Socket | null = null;
  private ws: WebSocket | null = null;
  private readonly decoder = new FrameDecoder({ maxBody: MAX_BODY });
  private out: Uint8Array[] = [];
  private queued = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private onLogin: ((err?: Error) => void) | null = null;
  closed = false;
  private closing = false;

  // The pair this user belongs to (load scenarios).
  conversationId: string | null = null;
  peer: BenchClient | null = null;
  // As a sender: messages sent and not yet delivered to the peer (or failed).
  outstanding = 0;
  msgCounter = 0;
  // As a receiver: last seq seen per its conversation, and notifies since the last ACK.
  lastSeq = 0;
  sinceAck = 0;
  // This scenario's seqs: stored for this sender (SEND_MSG_RSP), received from the peer (MSG_NOTIFY).
  storedSeqs: number[] = [];
  receivedSeqs: number[] = [];

  constructor(
    readonly index: number,
    readonly uid: string,
    readonly token: string,
    readonly port: number,
    readonly via: Via | null = null,
  ) {}

  connect(host: string): Promise<void> {
    if (this.via) return this.connectWs(host, this.via);
    return new Promise((resolve, reject) => {
      const s = connect({ host, port: this.port }, () => {
        s.off('error', reject);
        resolve();
      });
      s.setNoDelay(true);
      s.once('error', reject);
      s.on('error', () => undefined);
      s.on('data', (chunk: Buffer) => this.onData(chunk));
      s.on('close', () => this.onClose());
      this.sock = s;
    });
  }

  private connectWs(host: string, via: Via): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${host}:${via.port}/ws?server=${via.server}`, {
        origin: BENCH_ORIGIN,
        perMessageDeflate: false,
      });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => {
        ws.off('error', reject);
        resolve();
      });
      ws.once('error', reject);
      ws.on('error', () => undefined);
      ws.on('message', (data: Buffer) => this.onData(data));
      ws.on('close', () => this.onClose());
      this.ws = ws;
    });
  }

  private onClose(): void {
    if (!this.closing) {
      // The server closed it (KICKED, slow-reader cut-off, idle timeout): never silently.
      unexpectedCloses.count++;
      if (unexpectedCloses.count <= 5)
        console.error(
          `[bench] server closed the connection of user ${this.uid} (index ${this.index})`,
        );
    }
    this.closed = true;
    this.stopHeartbeat();
    this.onLogin?.(new Error(`connection of ${this.uid} closed`));
  }

  /** LOGIN (PROTOCOL.md §4), then HEARTBEAT every heartbeatMs like a real client. */
  login(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.onLogin?.(new Error(`LOGIN of ${this.uid} timed out`)),
        LOGIN_TIMEOUT_MS,
      );
      this.onLogin = (err) => {
        clearTimeout(timer);
        this.onLogin = null;
        if (err) reject(err);
        else resolve();
      };
      this.send(MsgType.LOGIN, { uid: this.uid, token: this.token, protocol: 1, device: 'bench' });
    });
  }

  private startHeartbeat(ms: number): void {
    // A random phase, so 10,000 clients do not heartbeat in one burst.
    const first = setTimeout(() => {
      this.send(MsgType.HEARTBEAT, {});
      this.heartbeat = setInterval(() => this.send(MsgType.HEARTBEAT, {}), ms);
      this.heartbeat.unref();
    }, Math.random() * ms);
    first.unref();
    this.heartbeat = first;
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearTimeout(this.heartbeat);
    this.heartbeat = null;
  }

  send(type: number, body: unknown): void {
    this.queue(encodeFrame(type, body));
  }

  queue(frame: Uint8Array): void {
    if (this.closed) return;
    this.out.push(frame);
    if (!this.queued) {
      this.queued = true;
      flusher.add(this);
    }
  }

  flush(): void {
    this.queued = false;
    if (this.out.length === 0 || this.closed) return;
    const frames = this.out;
    this.out = [];
    if (this.ws) {
      // One WebSocket message per frame (the bridge's rule), one socket write for them all.
      const raw = (this.ws as unknown as { _socket?: Socket })._socket;
      raw?.cork();
      for (const f of frames) this.ws.send(f, { binary: true });
      raw?.uncork();
    } else this.sock?.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
  }

  close(): Promise<void> {
    this.closing = true;
    this.stopHeartbeat();
    if (this.ws && !this.closed) {
      const ws = this.ws;
      return new Promise((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    if (!this.sock || this.closed) return Promise.resolve();
    const s = this.sock;
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      console.error(`[bench] ${this.uid}: bad stream from server:`, err);
      this.sock?.destroy();
      this.ws?.terminate();
      return;
    }
    for (const f of frames) {
      const body = JSON.parse(utf8.decode(f.body)) as Record<string, unknown>;
      switch (f.type) {
        case MsgType.MSG_NOTIFY:
          this.sink.onNotify(this, body as unknown as Notify);
          break;
        case MsgType.SEND_MSG_RSP:
          this.sink.onSendRsp(this, body as unknown as SendRsp);
          break;
        case MsgType.LOGIN_RSP:
          if (body['error'] === 0) {
            this.startHeartbeat(Number(body['heartbeatMs']) || 20_000);
            this.onLogin?.();
          } else this.onLogin?.(new Error(`LOGIN of ${this.uid} failed: ${JSON.stringify(body)}`));
          break;
        default:
          this.sink.onOther(this, f.type, body);
      }
    }
  }
}

/** Run `fn` over `items`, at most `limit` at a time. */
export async function pool<T>(
  items: T[],
  limit: number,
  fn: (t: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
