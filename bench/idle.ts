// The idle scenario: 10,000 authenticated connections that only heartbeat, logged in in steps;
// the server's memory is read after a full GC at each step (PROTOCOL.md §4 sessions).
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { connectAll, fmt, makeClient, online, quiesce, sleep, waitFor, type World } from './util';

const SETTLE_MS = 2_000;
const BASELINE_READINGS = 3;

export interface IdleResult {
  connections: number;
  /** Server memory at 0, 25, 50, 75 and 100% of the connections (after a full GC). */
  curve: MemPoint[];
  /** Growth per connection, 0 → all: total RSS, anonymous RSS, JS heap used. */
  rssPerConn: number;
  anonPerConn: number;
  heapPerConn: number;
  /** Anonymous RSS growth per connection over the upper half (start-up slack used up). */
  anonPerConnUpperHalf: number;
  loginsPerSec: number;
  serverCpuUsPerLogin: number;
}

/** RSS is read at these fractions of the idle connections: the total delta can hide connection
 *  memory in heap slack left by start-up, so the slope over the upper half is reported too. */
const IDLE_STEPS = 4;
/** Logged in and out before the baseline, so the login path's code and caches are warm. */
export const IDLE_WARMUP_LOGINS = 200;

export interface MemPoint {
  connections: number;
  rss: number;
  anon: number;
  file: number;
  shmem: number;
  heapUsed: number;
  heapTotal: number;
}

async function memPoint(w: World, connections: number): Promise<MemPoint> {
  const s = await w.server.stats({ gc: true });
  const r = w.server.rss();
  return {
    connections,
    rss: r.total,
    anon: r.anon,
    file: r.file,
    shmem: r.shmem,
    heapUsed: s.mem.heapUsed,
    heapTotal: s.mem.heapTotal,
  };
}

export async function idleScenario(w: World): Promise<IdleResult> {
  const n = w.o.idle;
  console.error(
    `[bench] idle: connecting ${fmt(n)} users and logging them in, in ${IDLE_STEPS} steps…`,
  );
  const snap = (name: string) => {
    if (!w.o.heapSnapshot) return undefined;
    mkdirSync(w.o.heapSnapshot, { recursive: true });
    return path.resolve(w.o.heapSnapshot, name);
  };
  const clients = Array.from({ length: n }, (_, i) => makeClient(w, i, i % w.o.servers));
  // Warm-up: a few logins and logouts, so the baseline is a server that has served logins.
  const total = w.ready.users.length;
  const warm = Array.from({ length: Math.min(IDLE_WARMUP_LOGINS, total - n) }, (_, i) =>
    makeClient(w, total - 1 - i, i % w.o.servers),
  );
  await connectAll(warm, w.o.loginConcurrency);
  await Promise.all(warm.map((c) => c.close()));
  await waitFor(async () => online(await w.server.stats()) === 0, 30_000, 200);
  await quiesce(w.server);

  // Native memory freed after start-up is returned lazily: the baseline is the lowest of a few
  // readings, so that return is not counted against the connections.
  let base = await memPoint(w, 0);
  for (let i = 0; i < BASELINE_READINGS - 1; i++) {
    await sleep(1_000);
    const p = await memPoint(w, 0);
    if (p.anon < base.anon) base = p;
  }
  const curve: MemPoint[] = [base];
  const snapBefore = snap('idle-before.heapsnapshot');
  // A snapshot's own allocations would count as connection memory: take it after the reading.
  if (snapBefore) await w.server.stats({ gc: true, snapshot: snapBefore });
  let loginMs = 0;
  let loginCpu = 0;
  for (let k = 1; k <= IDLE_STEPS; k++) {
    const from = Math.floor(((k - 1) * n) / IDLE_STEPS);
    const to = Math.floor((k * n) / IDLE_STEPS);
    const c0 = w.server.cpuUs();
    loginMs += await connectAll(clients.slice(from, to), w.o.loginConcurrency);
    loginCpu += w.server.cpuUs() - c0;
    // Let the post-login work (backlog sync, presence) finish, then measure after a full GC.
    await sleep(SETTLE_MS);
    await quiesce(w.server);
    curve.push(await memPoint(w, to));
  }
  const after = await w.server.stats();
  const snapAfter = snap('idle-after.heapsnapshot');
  if (snapAfter) {
    await w.server.stats({ gc: true, snapshot: snapAfter });
    console.error(
      `[bench] heap snapshots: ${snapBefore} ${snapAfter} (compare: npm run bench:heap -- ${snapBefore} ${snapAfter} --per ${n})`,
    );
  }
  if (online(after) !== n)
    console.error(`[bench] idle: server counts ${online(after)} online, expected ${n}`);
  await Promise.all(clients.map((c) => c.close()));
  await waitFor(async () => online(await w.server.stats()) === 0, 30_000, 200);
  const first = curve[0]!;
  const half = curve[Math.floor(IDLE_STEPS / 2)]!;
  const last = curve[curve.length - 1]!;
  const per = (a: MemPoint, b: MemPoint, k: keyof MemPoint) =>
    (b[k] - a[k]) / (b.connections - a.connections);
  return {
    connections: n,
    curve,
    rssPerConn: per(first, last, 'rss'),
    anonPerConn: per(first, last, 'anon'),
    anonPerConnUpperHalf: per(half, last, 'anon'),
    heapPerConn: per(first, last, 'heapUsed'),
    loginsPerSec: (n * 1000) / loginMs,
    serverCpuUsPerLogin: loginCpu / n,
  };
}
