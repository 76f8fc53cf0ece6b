// The store's worker thread: owns the SQLite connection of sqlite-core.ts and answers the main
// thread's requests one at a time, in order (sqlite.ts is the other end).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openCheckpointer, openSqliteCore } from './sqlite-core';
import type { WorkerReply, WorkerRequest, WorkerStart } from './sqlite-protocol';

const port = parentPort;
if (!port) throw new Error('sqlite-worker runs only as a worker thread');
const start = workerData as WorkerStart;
if (start.role === 'checkpointer') runCheckpointer(port);
else runStore(port);

// Both roles end by closing their connection and their port, so the thread exits on its own.
// Never `terminate()` them: a thread stopped while libsql's native code is on its stack aborts the
// whole process (a Rust panic in its neon binding).

function runCheckpointer(port: MessagePort): void {
  const checkpointer = openCheckpointer(start.file);
  port.on('message', () => {
    checkpointer.close();
    port.close();
  });
}

function runStore(port: MessagePort): void {
  const core = openSqliteCore(start.file, start.synchronous);
  let crashAfterCommit = false;

  port.on('message', (req: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      if (req.op === 'crash') {
        if (req.when === 'now') process.exit(1);
        crashAfterCommit = true;
        return;
      }
      if (req.op === 'messages') {
        reply = { id: req.id, ok: true, value: core.storeMessages(req.inputs) };
        if (crashAfterCommit) process.exit(1);
      } else if (req.op === 'ready') {
        reply = { id: req.id, ok: true, value: null };
      } else if (req.op === 'login') {
        reply = { id: req.id, ok: true, value: core.loginView(req.userId) };
      } else if (req.op === 'memberships') {
        reply = { id: req.id, ok: true, value: core.memberships(req.userId) };
      } else if (req.op === 'cursors') {
        core.moveCursors(req.moves);
        reply = { id: req.id, ok: true, value: null };
      } else {
        core.close();
        reply = { id: req.id, ok: true, value: null };
        port.postMessage(reply);
        port.close();
        return;
      }
    } catch (err) {
      const e = err as { message?: unknown; code?: unknown };
      reply = {
        id: req.id,
        ok: false,
        error: {
          message: typeof e.message === 'string' ? e.message : String(err),
          code: typeof e.code === 'string' ? e.code : undefined,
        },
      };
    }
    port.postMessage(reply);
  });
}
