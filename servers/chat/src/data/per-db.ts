// One of a thing per database in a process (the hot store's worker, the search indexer), shared
// by every ChatServer on that database and released by the last of them.
import type { Db } from '@parley/db';

interface Entry<T> {
  value: T;
  users: number;
}

/** `acquire(db, arg)` opens the thing on first use (`arg`, e.g. a logger, from that first user)
 *  and counts its users; each user's `release()`
 *  (idempotent) drops one, and the last one closes it. */
export function perDb<T, A>(open: (db: Db, arg: A) => T, close: (value: T) => Promise<void>) {
  const shared = new WeakMap<Db, Entry<T>>();
  return function acquire(db: Db, arg: A): { value: T; release: () => Promise<void> } {
    let entry = shared.get(db);
    if (!entry) {
      entry = { value: open(db, arg), users: 0 };
      shared.set(db, entry);
    }
    entry.users++;
    const e = entry;
    let released = false;
    return {
      value: e.value,
      release: async () => {
        if (released) return;
        released = true;
        if (--e.users > 0) return;
        shared.delete(db);
        await close(e.value);
      },
    };
  };
}
