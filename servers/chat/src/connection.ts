// One client TCP connection: frame decoding (the proto codec — nobody else parses length
// prefixes), coalesced writes, and the bounded outbound queue.
import type { Socket } from 'node:net';
import {
  FrameDecoder,
  HEADER_BYTES,
  writeFrameHeader,
  type Frame,
  type KickedPush,
} from '@parley/proto';
import type { Logger } from '@parley/core';
import type { Inbox } from './delivery/inbox';
import type { Envelope } from './peers/types';

/** A reader that stops reading is cut off (issue 3); what it missed stays stored for its next
 *  sync. "Stopped" means: more than MAX_OUTBOUND_BYTES queued and no progress for STALL_MS — a
 *  busy client that reads a burst a little late is not punished — or the queue past
 *  HARD_OUTBOUND_BYTES, which bounds the memory one connection can hold. */
export const MAX_OUTBOUND_BYTES = 1024 * 1024;
export const HARD_OUTBOUND_BYTES = 8 * MAX_OUTBOUND_BYTES;
export const STALL_MS = 5_000;

export interface Session {
  uid: string;
  sessionId: string;
  /** v1's free-text `device` of LOGIN, echoed in KICKED. */
  device?: string | undefined;
  /** PROTOCOL.md §9.2: the device this connection is ("default" for a client that names none). */
  deviceId: string;
  deviceName: string;
  /** sha256 of the LOGIN's token: DEVICES marks the current device, DEVICE_REVOKE of it logs out. */
  tokenHash: string;
}

export class Connection {
  readonly decoder: FrameDecoder;
  session: Session | null = null;
  /** The session id a LOGIN in progress has claimed the route with (a remote KICKED for it may
   *  arrive before the LOGIN finishes). */
  pendingSessionId: string | null = null;
  /** The KICKED for the pending session that arrived before the LOGIN finished. */
  kickedWhilePending: KickedPush | null = null;
  inbox: Inbox | null = null;
  /** SEND_MSG rate window (handlers/messages.ts). */
  sendWindowStart = 0;
  sendCount = 0;
  /** What to do with a control envelope (KICKED) from another ChatServer (set at LOGIN). One
   *  shared function, not a closure per connection: see `remoteControl`. */
  controlHandler: ((conn: Connection, e: Envelope) => void) | null = null;
  lastSeen = Date.now();
  /** The last frame other than HEARTBEAT (§9.2: a sixth device replaces the one idle longest). */
  activeAt = Date.now();
  closed = false;
  /** Frames queued this tick: `types[i]` and its body, a JSON text or its UTF-8 bytes. */
  private types: number[] = [];
  private bodies: (string | Uint8Array)[] = [];
  private flushScheduled = false;
  private stall: NodeJS.Timeout | null = null;

  private childLog: Logger | null = null;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    maxBody: number,
    private readonly parentLog: Logger,
  ) {
    this.decoder = new FrameDecoder({ maxBody });
  }

  /** A control envelope (KICKED) from another ChatServer for this connection. */
  remoteControl(e: Envelope): void {
    this.controlHandler?.(this, e);
  }

  /** This connection's logger, made on first use: most connections never log, and a child logger
   *  per idle connection is memory for nothing. */
  get log(): Logger {
    return (this.childLog ??= this.parentLog.child({ connId: this.id }));
  }

  push(chunk: Uint8Array): Frame[] {
    this.lastSeen = Date.now();
    return this.decoder.push(chunk);
  }

  /** Queue one frame; everything queued in this tick goes out as one buffer in one write, because
   *  one write per frame measured ~8x slower than batched writes on this machine. The body is
   *  serialised now and encoded straight into that buffer at the flush. */
  send(type: number, body: unknown): void {
    const json: unknown = JSON.stringify(body);
    if (typeof json !== 'string') throw new TypeError('frame body is not JSON-serialisable');
    this.queue(type, json);
  }

  /** Queue a frame whose body is serialised already, as JSON text or its UTF-8 bytes (a
   *  MSG_NOTIFY body is serialised once for all of its recipients). */
  sendBody(type: number, body: Uint8Array | string): void {
    this.queue(type, body);
  }

  private queue(type: number, body: string | Uint8Array): void {
    if (this.closed) return;
    this.types.push(type);
    this.bodies.push(body);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.types.length === 0) return;
    const { types, bodies } = this;
    this.types = [];
    this.bodies = [];
    this.socket.write(encodeBatch(types, bodies));
    const queued = this.socket.writableLength;
    if (queued > HARD_OUTBOUND_BYTES) {
      this.log.warn({ queued }, 'reader too far behind: closing');
      this.destroy();
    } else if (queued > MAX_OUTBOUND_BYTES && !this.stall) {
      this.stall = setTimeout(() => {
        this.stall = null;
        if (this.socket.writableLength > MAX_OUTBOUND_BYTES) {
          this.log.warn({ queued: this.socket.writableLength }, 'reader stopped reading: closing');
          this.destroy();
        }
      }, STALL_MS);
      this.stall.unref();
      this.socket.once('drain', () => {
        if (this.stall) clearTimeout(this.stall);
        this.stall = null;
      });
    }
  }

  /** Send what is queued (plus an optional last frame), then close. */
  end(type?: number, body?: unknown): void {
    if (this.closed) return;
    if (type !== undefined) this.send(type, body);
    this.flush();
    this.closed = true;
    this.inbox?.close();
    this.socket.end();
    // A peer that never reads would keep a half-closed socket forever.
    setTimeout(() => this.socket.destroy(), 2_000).unref();
  }

  destroy(): void {
    this.closed = true;
    if (this.stall) clearTimeout(this.stall);
    this.inbox?.close();
    this.types = [];
    this.bodies = [];
    this.socket.destroy();
  }
}

/** Every queued frame in one buffer: §1 headers (type u16 BE, length u32 BE) and UTF-8 bodies. */
function encodeBatch(types: number[], bodies: (string | Uint8Array)[]): Buffer {
  const lengths = new Array<number>(bodies.length);
  let total = 0;
  for (let i = 0; i < bodies.length; i++) {
    const b = bodies[i]!;
    const n = typeof b === 'string' ? Buffer.byteLength(b) : b.byteLength;
    lengths[i] = n;
    total += HEADER_BYTES + n;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < bodies.length; i++) {
    const b = bodies[i]!;
    const n = lengths[i]!;
    writeFrameHeader(out, at, types[i]!, n);
    at += HEADER_BYTES;
    if (typeof b === 'string') out.write(b, at, n, 'utf8');
    else out.set(b, at);
    at += n;
  }
  return out;
}
