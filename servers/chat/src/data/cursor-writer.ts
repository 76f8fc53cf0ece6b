// ACK and READ cursors (PROTOCOL.md §5), coalesced: clients ACK often, so cursor moves are merged
// per (conversation, user) and written in one statement per flush. Cursors only move forward.
import type { Logger } from '@parley/core';
import type { HotStore } from './store';

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
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: HotStore,
    private readonly log: Logger,
  ) {}

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
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.running = this.running.then(() => this.flush());
    }, CURSOR_FLUSH_MS);
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
}
