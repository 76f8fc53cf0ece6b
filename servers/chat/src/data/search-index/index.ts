// The SQLite search indexer's main-thread side: one worker thread per database file in a process
// (embedded mode's ChatServers share it, like the hot store), released by the last user.
// MySQL/MariaDB has no index to keep (data/search.ts scans), so it gets none.
import { Worker } from 'node:worker_threads';
import { sqliteFilePath, type Db } from '@parley/db';
import type { Logger } from '@parley/core';
import type { IndexerReply, IndexerRequest } from './worker';
import { perDb } from '../per-db';

export interface SearchIndex {
  /** Resolves once every message committed before the call is in the index. */
  catchUp(): Promise<void>;
  release(): Promise<void>;
}

/** How long release() waits for the thread to exit on its own before terminating it. */
const STOP_GRACE_MS = 10_000;

function openIndexer(file: string, logger: Logger): SearchIndex {
  const entry = new URL('./worker.mjs', import.meta.url);
  const waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let closing: Promise<void> | null = null;
  const worker = new Worker(entry, { workerData: { file } });
  worker.unref();
  worker.on('message', (r: IndexerReply) => {
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    if (r.ok) w.resolve();
    else w.reject(new Error(`search index: ${r.error}`));
  });
  worker.on('error', (err) => logger.error({ err }, 'search indexer failed'));
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  void exited.then(() => {
    for (const w of waiting.values()) w.reject(new Error('search indexer exited'));
    waiting.clear();
    if (!closing) logger.error('search indexer exited');
  });

  return {
    catchUp() {
      if (closing) return Promise.reject(new Error('search indexer closed'));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ op: 'catch-up', id } satisfies IndexerRequest);
      });
    },
    release() {
      if (closing) return closing;
      worker.postMessage({ op: 'close' } satisfies IndexerRequest);
      closing = (async () => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => {
          timer = setTimeout(() => r('late'), STOP_GRACE_MS);
        });
        if ((await Promise.race([exited, late])) === 'late') {
          logger.warn('search indexer did not exit after close; terminating it');
          await worker.terminate();
        }
        clearTimeout(timer);
      })();
      return closing;
    },
  };
}

const acquire = perDb(
  (db: Db, logger: Logger): SearchIndex => openIndexer(sqliteFilePath(db.url) ?? '', logger),
  (index) => index.release(),
);

/** This database's index (null where there is none); `release()` once when the server closes. */
export function acquireSearchIndex(db: Db, logger: Logger): SearchIndex | null {
  if (db.dialect !== 'sqlite' || sqliteFilePath(db.url) === null) return null;
  const { value: index, release } = acquire(db, logger);
  return { catchUp: () => index.catchUp(), release };
}
