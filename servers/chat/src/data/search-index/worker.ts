// The search indexer's thread (core.ts does the SQL): catches up every INDEX_EVERY_MS, and at
// once when asked (a search that needs the index waits for it, so a message is found as soon as
// its send is answered). Ends by closing its connection and port — never terminate() a thread
// while libsql's native code may be on its stack (store/sqlite-worker.ts says why).
import { parentPort, workerData } from 'node:worker_threads';
import { openIndexerCore } from './core';

export type IndexerRequest = { op: 'catch-up'; id: number } | { op: 'close' };
export type IndexerReply = { id: number; ok: true } | { id: number; ok: false; error: string };

/** How often the index catches up on its own. */
const INDEX_EVERY_MS = 250;
/** Longest run of batches before the thread looks at its messages again. */
const SLICE_MS = 50;

const port = parentPort;
if (!port) throw new Error('the search indexer runs only as a worker thread');
const core = openIndexerCore((workerData as { file: string }).file);
let closed = false;

/** Batches until caught up; false if a slice ran out first (more is left). */
function run(sliceMs: number): boolean {
  const until = performance.now() + sliceMs;
  while (performance.now() < until) if (core.step()) return true;
  return false;
}

let error: string | null = null;
const timer = setInterval(() => {
  try {
    run(SLICE_MS);
    error = null;
  } catch (err) {
    // SQLITE_BUSY past the timeout, a full disk: try again next time; searches report it.
    error = err instanceof Error ? err.message : String(err);
  }
}, INDEX_EVERY_MS);

port.on('message', (req: IndexerRequest) => {
  if (closed) return;
  if (req.op === 'close') {
    closed = true;
    clearInterval(timer);
    core.close();
    port.close();
    return;
  }
  try {
    while (!run(SLICE_MS));
    port.postMessage({ id: req.id, ok: true } satisfies IndexerReply);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    port.postMessage({ id: req.id, ok: false, error: error ?? message } satisfies IndexerReply);
  }
});
