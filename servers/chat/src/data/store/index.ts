// One HotStore per database in a process, shared by every ChatServer on it: SQLite gets its
// worker thread (sqlite.ts), MySQL/MariaDB the Prisma adapter (prisma.ts).
import { sqliteFilePath, type Db } from '@parley/db';
import type { Logger } from '@parley/core';
import { openSqliteStore } from './sqlite';
import { prismaHotStore } from './prisma';
import type { HotStore } from './types';

export * from './types';

interface Shared {
  store: HotStore;
  users: number;
}

const shared = new WeakMap<Db, Shared>();

/** This database's store; call `release()` on what it returns once (when the server closes). */
export function acquireHotStore(db: Db, logger: Logger): HotStore {
  let s = shared.get(db);
  if (!s) {
    const file = db.dialect === 'sqlite' ? sqliteFilePath(db.url) : null;
    const store = file !== null ? openSqliteStore({ file, logger }) : prismaHotStore(db);
    s = { store, users: 0 };
    shared.set(db, s);
  }
  s.users++;
  const entry = s;
  let released = false;
  return {
    maxInFlight: entry.store.maxInFlight,
    storeMessages: (inputs) => entry.store.storeMessages(inputs),
    moveCursors: (moves) => entry.store.moveCursors(moves),
    ready: () => entry.store.ready(),
    loginView: (userId) => entry.store.loginView(userId),
    memberships: (userId) => entry.store.memberships(userId),
    async release() {
      if (released) return;
      released = true;
      if (--entry.users > 0) return;
      shared.delete(db);
      await entry.store.release();
    },
  };
}
