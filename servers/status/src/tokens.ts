// Durable tokens (issue 11 item 3): the database holds every live token's hash, Redis (or the
// memory store) caches it. A Redis that restarts empty, or is down, logs nobody out: a lookup that
// misses the cache (or gets no answer from it in time) reads the database and refills the cache.
// Revoking removes both, and fails loudly if the cache cannot be reached, so a revoked token can
// never stay valid in a cache that missed the revocation.
import type { TokenStore } from '@parley/core';

/** Where the durable copy lives (the `tokens` table; see servers/launcher's `prismaTokenRows`). */
export interface TokenRows {
  create(hash: string, uid: string, expiresAt: number): Promise<void>;
  find(hash: string): Promise<{ uid: string; expiresAt: number } | null>;
  delete(hash: string): Promise<void>;
  deleteUser(uid: string): Promise<number>;
  /** Delete at most `max` rows that expired at or before `now`; how many went (token-sweep.ts). */
  deleteExpired(now: number, max: number): Promise<number>;
}

/** A cache that has not answered within this long is skipped for the database. */
export const CACHE_WAIT_MS = 300;

const MISSED = Symbol('missed');

function within<T>(p: Promise<T>, ms: number): Promise<T | typeof MISSED> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof MISSED>((resolve) => {
    timer = setTimeout(() => resolve(MISSED), ms);
  });
  return Promise.race([p.catch((): typeof MISSED => MISSED), late]).finally(() =>
    clearTimeout(timer),
  );
}

export function durableTokens(
  rows: TokenRows,
  cache: TokenStore,
  opts: { now?: () => number; cacheWaitMs?: number } = {},
): TokenStore {
  const now = opts.now ?? Date.now;
  const wait = opts.cacheWaitMs ?? CACHE_WAIT_MS;
  return {
    async save(hash, uid, expiresAt) {
      await rows.create(hash, uid, expiresAt);
      await within(cache.save(hash, uid, expiresAt), wait); // best effort: the row is what counts
    },
    async lookup(hash) {
      const cached = await within(cache.lookup(hash), wait);
      if (typeof cached === 'string') return cached;
      const row = await rows.find(hash);
      if (!row || row.expiresAt <= now()) return null;
      void within(cache.save(hash, row.uid, row.expiresAt), wait);
      return row.uid;
    },
    async revoke(hash) {
      await rows.delete(hash);
      await cache.revoke(hash);
    },
    async revokeUser(uid) {
      const n = await rows.deleteUser(uid);
      await cache.revokeUser(uid);
      return n;
    },
  };
}
