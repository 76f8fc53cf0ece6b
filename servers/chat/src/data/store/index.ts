// One HotStore per database in a process, shared by every ChatServer on it: SQLite gets its
// worker thread (sqlite.ts), MySQL/MariaDB the Prisma adapter (prisma.ts).
import { sqliteFilePath, type Db } from '@parley/db';
import type { Logger } from '@parley/core';
import { openSqliteStore } from './sqlite';
import { prismaHotStore } from './prisma';
import type { HotStore } from './types';
import { perDb } from '../per-db';

export * from './types';

const acquire = perDb(
  (db: Db, logger: Logger): HotStore => {
    const file = db.dialect === 'sqlite' ? sqliteFilePath(db.url) : null;
    return file !== null ? openSqliteStore({ file, logger }) : prismaHotStore(db);
  },
  (store) => store.release(),
);

/** This database's store; call `release()` on what it returns once (when the server closes). */
export function acquireHotStore(db: Db, logger: Logger): HotStore {
  const { value: store, release } = acquire(db, logger);
  return {
    maxInFlight: store.maxInFlight,
    storeMessages: (inputs) => store.storeMessages(inputs),
    moveCursors: (moves) => store.moveCursors(moves),
    ready: () => store.ready(),
    loginView: (userId) => store.loginView(userId),
    memberships: (userId) => store.memberships(userId),
    release,
  };
}
