// One client TCP connection: frame decoding (the proto codec — nobody else parses length
// prefixes), coalesced writes, and the bounded outbound queue.
import type { Socket } from 'node:net';
import { encodeFrame, FrameDecoder, type Frame } from '@parley/proto';
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
  device?: string | undefined;
}

export class Connection {
  readonly decoder: FrameDecoder;
  session: Session | null = null;
  /** The session id a LOGIN in progress has claimed the route with (a remote KICKED for it may
   *  arrive before the LOGIN finishes). */
  pendingSessionId: string | null = null;
  /** Set when a KICKED for the pending session arrived before the LOGIN finished. */
  kickedWhilePending = false;
  inbox: Inbox | null = null;
  /** SEND_MSG rate window (handlers/messages.ts). */
  sendWindowStart = 0;
  sendCount = 0;
  /** What to do with a control envelope (KICKED) from another ChatServer. */
  onRemoteControl: (e: Envelope) => void = () => undefined;
  lastSeen = Date.now();
  closed = false;
  private pending: Uint8Array[] = [];
  private flushScheduled = false;
  private stall: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    maxBody: number,
    readonly log: Logger,
  ) {
    this.decoder = new FrameDecoder({ maxBody });
  }

  push(chunk: Uint8Array): Frame[] {
    this.lastSeen = Date.now();
    return this.decoder.push(chunk);
  }

  /** Queue one frame; everything queued in this tick goes out in one corked burst, because one
   *  write per frame measured ~8x slower than batched writes on this machine. */
  send(type: number, body: unknown): void {
    this.sendFrame(encodeFrame(type, body));
  }

  /** Queue an already encoded frame (a MSG_NOTIFY body is encoded once for every recipient). */
  sendFrame(frame: Uint8Array): void {
    if (this.closed) return;
    this.pending.push(frame);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.socket.cork();
    for (const f of batch) this.socket.write(f);
    this.socket.uncork();
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
    this.pending = [];
    this.socket.destroy();
  }
}
