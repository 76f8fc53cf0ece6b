// The SQLite adapter of HotStore: a worker thread owns one connection with prepared statements
// (sqlite-core.ts), so SQLite's CPU and fsync run on the second core and the event loop only
// posts a batch and gets its rows back. One worker per database file in a process: embedded mode's
// ChatServers share it, and SQLite has one writer anyway.
import { Worker } from 'node:worker_threads';
import type { Logger } from '@parley/core';
import type {
  CursorMove,
  HotStore,
  LoginView,
  MembershipRow,
  SendInput,
  StoredBatch,
} from './types';
import type {
  Synchronous,
  WorkerBatch,
  WorkerReply,
  WorkerRequest,
  WorkerStart,
  WorkerValue,
} from './sqlite-protocol';

/** A failed request, with SQLite's code (e.g. SQLITE_BUSY) for the caller's retry decision. */
export class SqliteStoreError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'SqliteStoreError';
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

interface Waiting {
  resolve: (v: WorkerValue) => void;
  reject: (e: unknown) => void;
}

export interface SqliteStoreOptions {
  file: string;
  synchronous?: Synchronous;
  logger: Logger;
}

/** The SQLite HotStore, plus what tests need to check that a lost worker is replaced. */
export interface SqliteStore extends HotStore {
  /** The current store worker's thread id. */
  readonly threadId: number;
  /** Ends the current store worker as a crash would (tests): at once, or right after it commits
   *  its next batch and before it answers. Resolves when that worker has exited. */
  crashWorker(when?: 'now' | 'after-next-commit'): Promise<void>;
}

/** How long release() waits for a worker to exit on its own. */
const STOP_GRACE_MS = 10_000;

/** Resolves when `w` has exited (at once if it already has). */
function exitOf(w: Worker): Promise<void> {
  if (w.threadId === -1) return Promise.resolve();
  return new Promise((r) => w.once('exit', () => r()));
}

export function openSqliteStore(opts: SqliteStoreOptions): SqliteStore {
  const synchronous = opts.synchronous ?? 'FULL';
  const entry = new URL('./sqlite-worker.mjs', import.meta.url);
  const start: WorkerStart = { file: opts.file, synchronous, role: 'store' };
  // The WAL checkpointer: its own thread and connection, so a checkpoint never holds up a commit.
  const checkpointer = new Worker(entry, {
    workerData: { ...start, role: 'checkpointer' } satisfies WorkerStart,
  });
  checkpointer.unref();
  checkpointer.on('error', (err) => opts.logger.warn({ err }, 'sqlite checkpointer failed'));

  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let closing: Promise<void> | null = null;
  let worker = spawn();

  /** A store worker. If it dies (a native fault, an out-of-memory), what it had not answered
   *  fails — SQLite rolled back an unfinished transaction, and a sender whose batch did commit
   *  finds it stored when it resends (§5 idempotency) — and the next request gets a new worker. */
  function spawn(): Worker {
    const w = new Worker(entry, { workerData: start });
    // The worker only keeps the process alive while a request is out.
    w.unref();
    w.on('message', (r: WorkerReply) => {
      const p = waiting.get(r.id);
      if (!p) return;
      waiting.delete(r.id);
      if (waiting.size === 0) w.unref();
      if (r.ok) p.resolve(r.value);
      else p.reject(new SqliteStoreError(r.error.message, r.error.code));
    });
    w.on('error', (err) => opts.logger.error({ err }, 'sqlite store worker failed'));
    w.on('exit', (code) => {
      if (worker !== w) return;
      const err = new SqliteStoreError(`sqlite store worker exited (${code})`, 'WORKER_EXIT');
      for (const p of waiting.values()) p.reject(err);
      waiting.clear();
      if (!closing) {
        opts.logger.error({ code }, 'sqlite store worker exited; starting another');
        worker = spawn();
      }
    });
    return w;
  }

  function request(req: DistributiveOmit<WorkerRequest, 'id'>): Promise<WorkerValue> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }

  return {
    // The worker stores batches one after another in arrival order: the next one can be on its
    // way while the last commits.
    maxInFlight: 2,
    get threadId() {
      return worker.threadId;
    },
    async crashWorker(when = 'now') {
      const w = worker;
      const exited = new Promise((r) => w.once('exit', r));
      w.ref();
      w.postMessage({ id: 0, op: 'crash', when } satisfies WorkerRequest);
      await exited;
    },
    async storeMessages(inputs: SendInput[]): Promise<StoredBatch> {
      const { rows, media, commitSeconds } = (await request({
        op: 'messages',
        inputs,
      })) as WorkerBatch;
      // Fresh rows come back as {seq, sentAt}: the rest is the input this thread still has.
      return {
        rows: rows.map((r, i) =>
          'error' in r || 'conversationId' in r ? r : { ...inputs[i]!, ...r, duplicate: false },
        ),
        media,
        ...(commitSeconds !== undefined ? { commitSeconds } : {}),
      };
    },
    async moveCursors(moves: CursorMove[]) {
      await request({ op: 'cursors', moves });
    },
    // Behind whatever batch the worker is committing: a login waits at most one commit, and its
    // reads cost tens of µs there instead of milliseconds of Prisma here.
    async ready() {
      await request({ op: 'ready' });
    },
    async loginView(userId: number) {
      return (await request({ op: 'login', userId })) as LoginView;
    },
    async memberships(userId: number) {
      return (await request({ op: 'memberships', userId })) as MembershipRow[];
    },
    release() {
      if (closing) return closing;
      // Each thread closes its connection and exits on its own (see sqlite-worker.ts); one that
      // has not after STOP_GRACE_MS is terminated as a last resort.
      const threads = [worker, checkpointer];
      const ended = Promise.all(threads.map(exitOf));
      checkpointer.postMessage('close');
      const asked = request({ op: 'close' }).catch(() => null);
      closing = asked.then(async () => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((r) => {
          timer = setTimeout(() => r('late'), STOP_GRACE_MS);
        });
        if ((await Promise.race([ended, late])) === 'late') {
          opts.logger.warn('sqlite worker did not exit after close; terminating it');
          await Promise.all(threads.map((t) => t.terminate()));
        }
        clearTimeout(timer);
      });
      return closing;
    },
  };
}
