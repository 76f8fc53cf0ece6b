// Expired rows of the durable tokens table (issue 11, after durable tokens in migration 0005):
// lookups already ignore them, but without a sweep the table only grows. StatusServer deletes them
// on a timer, in bounded batches, and a sweep that fails (the database is away) is logged and
// tried again at the next tick rather than ending anything.
import type { Logger } from '@parley/core';
import type { TokenRows } from './tokens';

/** Rows deleted per statement: bounds how long one delete holds the table. */
export const TOKEN_SWEEP_BATCH = 1_000;

/** Delete every row expired at `now`, batch after batch; how many went. */
export async function sweepExpiredTokens(
  rows: Pick<TokenRows, 'deleteExpired'>,
  now: number,
  batch = TOKEN_SWEEP_BATCH,
): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await rows.deleteExpired(now, batch);
    total += n;
    if (n < batch) return total;
  }
}

export interface TokenSweep {
  /** Resolves once no sweep is running and none will start. */
  stop(): Promise<void>;
}

export function startTokenSweep(opts: {
  rows: Pick<TokenRows, 'deleteExpired'>;
  everyMs: number;
  logger: Logger;
  now?: () => number;
  batch?: number;
}): TokenSweep {
  const now = opts.now ?? Date.now;
  const log = opts.logger.child({ part: 'token-sweep' });
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return; // the last sweep is still going (a slow database): skip this tick
    running = sweepExpiredTokens(opts.rows, now(), opts.batch)
      .then(
        (n) => {
          if (n > 0) log.info({ deleted: n }, 'expired tokens deleted');
        },
        (err: unknown) => log.warn({ err }, 'token sweep failed; trying again next time'),
      )
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, opts.everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
