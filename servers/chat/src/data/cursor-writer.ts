// ACK and READ cursors (PROTOCOL.md §5), coalesced: clients ACK often, so cursor moves are merged
// per (conversation, user) and written in one statement per flush. Cursors only move forward.
import type { Logger } from '@parley/core';
import type { HotStore } from './store';
import type { DeviceAck, DeviceCursorData } from './device-cursors';

/** How long cursor moves gather before one write. Losing up to this much on a crash only means a
 *  few messages are pushed again, and clients drop seqs they already have. */
export const CURSOR_FLUSH_MS = 20;

interface Move {
  conversationId: string;
  userId: number;
  ack: number;
  read: number;
  waiters: (() => void)[];
  failers: ((e: unknown) => void)[];
}

export class CursorWriter {
  private pending = new Map<string, Move>();
  /** PROTOCOL.md §9.2: ACKs of named devices, to their own cursors (device-cursors.ts). */
  private devicePending = new Map<string, DeviceAck>();
  private deviceWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HotStore,
    private readonly log: Logger,
    private readonly devices?: DeviceCursorData,
  ) {}

  /** A named device's ACK (§9.2): its own cursor, coalesced and written like the others. */
  moveDevice(conversationId: string, userId: number, deviceId: string, ack: number): Promise<void> {
    const k = `${conversationId}\u0000${userId}\u0000${deviceId}`;
    const m = this.devicePending.get(k);
    if (m) m.ackSeq = Math.max(m.ackSeq, ack);
    else this.devicePending.set(k, { conversationId, userId, deviceId, ackSeq: ack });
    const done = new Promise<void>((resolve, reject) =>
      this.deviceWaiters.push({ resolve, reject }),
    );
    this.schedule();
    return done;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }, CURSOR_FLUSH_MS);
  }

  /** Move cursors forward; resolves once written. `read` implies `ack`. */
  move(
    conversationId: string,
    userId: number,
    seq: { ack?: number; read?: number },
  ): Promise<void> {
    const k = `${conversationId}\u0000${userId}`;
    let m = this.pending.get(k);
    if (!m) {
      m = { conversationId, userId, ack: 0, read: 0, waiters: [], failers: [] };
      this.pending.set(k, m);
    }
    const read = seq.read ?? 0;
    m.read = Math.max(m.read, read);
    m.ack = Math.max(m.ack, seq.ack ?? 0, read);
    const entry = m;
    const done = new Promise<void>((resolve, reject) => {
      entry.waiters.push(resolve);
      entry.failers.push(reject);
    });
    this.schedule();
    return done;
  }

  async close(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }
    await this.running;
  }

  private async flush(): Promise<void> {
    await this.flushDevices();
    const moves = [...this.pending.values()];
    this.pending = new Map();
    if (moves.length === 0) return;
    try {
      await this.store.moveCursors(
        moves.map(({ conversationId, userId, ack, read }) => ({
          conversationId,
          userId,
          ack,
          read,
        })),
      );
      for (const m of moves) for (const w of m.waiters) w();
    } catch (err) {
      this.log.error({ err }, 'cursor write failed');
      for (const m of moves) for (const f of m.failers) f(err);
    }
  }

  private async flushDevices(): Promise<void> {
    const acks = [...this.devicePending.values()];
    const waiters = this.deviceWaiters;
    this.devicePending = new Map();
    this.deviceWaiters = [];
    if (acks.length === 0) return;
    try {
      if (!this.devices) throw new Error('no device cursor store');
      await this.devices.move(acks);
      for (const w of waiters) w.resolve();
    } catch (err) {
      this.log.error({ err }, 'device cursor write failed');
      for (const w of waiters) w.reject(err);
    }
  }
}
