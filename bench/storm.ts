// Reconnect storm (issue 11 item 6), on demand: `npm run bench:storm -- --clients 10000`.
// Cluster mode as real processes (servers/launcher/chaos: its own redis-server, a fresh MariaDB
// database), N idle ChatLink clients — the project's client core: jittered back-off, then POST
// /auth/assign — all logged in on chat-1; then `kill -9` chat-1 and time until every client is
// logged in again (on the others, or on chat-1 once its supervisor has restarted it). Prints the
// time after the kill (p50/p90/max), how the clients spread, and the failed attempts on the way:
// LOGINs refused (by code) or unanswered, and dials that found nothing.
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ChatLink } from '@parley/chat';
import { openDb } from '@parley/db';
import { connectStatus } from '@parley/status';
import { localCluster, until } from '../servers/launcher/chaos/cluster';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    chats: { type: 'string', default: '3' },
    'login-concurrency': { type: 'string', default: '200' },
    'wait-s': { type: 'string', default: '120' },
  },
});
const N = Number(values.clients);
const CHATS = Number(values.chats);
const CONCURRENCY = Number(values['login-concurrency']);
const WAIT_MS = Number(values['wait-s']) * 1000;
const RUN_LIMIT_MS = 20 * 60_000; // the whole bench, set-up included
const CHUNK = 1_000;

const t0 = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${s}`);
const limit = setTimeout(() => {
  console.error('bench:storm: over its time limit; stopping');
  process.exit(2);
}, RUN_LIMIT_MS);
limit.unref();

async function pool<T>(items: T[], n: number, f: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await f(items[next++]!);
    }),
  );
}

const q = (xs: number[], f: number) =>
  xs[Math.min(xs.length - 1, Math.floor(f * xs.length))] ?? NaN;

function kind(reason: string): string {
  const code = /LOGIN answered (\d+)/.exec(reason);
  if (code) return `LOGIN refused ${code[1]}`;
  if (/no frame|timed? ?out|timeout/i.test(reason)) return 'LOGIN/dial timed out';
  if (/ECONNREFUSED/.test(reason)) return 'connection refused';
  if (/assign/.test(reason)) return '/auth/assign failed';
  if (/closed|ECONNRESET|EPIPE/.test(reason)) return 'connection closed';
  return reason.slice(0, 60);
}

log(`cluster mode, ${CHATS} ChatServers; ${N} idle clients on chat-1, then kill -9 chat-1`);
const cluster = await localCluster(CHATS);
const links: ChatLink[] = [];
try {
  const db = await openDb(cluster.dbUrl);
  const tag = Math.random().toString(36).slice(2, 8);
  for (let i = 0; i < N; i += CHUNK)
    await db.prisma.user.createMany({
      data: Array.from({ length: Math.min(CHUNK, N - i) }, (_, k) => ({
        username: `storm${tag}_${i + k}`,
        email: `storm${tag}_${i + k}@example.com`,
        passwordHash: 'unused',
        nick: `s${i + k}`,
      })),
    });
  const users = await db.prisma.user.findMany({
    where: { username: { startsWith: `storm${tag}_` } },
    select: { id: true },
  });
  await db.close();
  const status = connectStatus(cluster.statusAddr);
  const tokens: string[] = new Array<string>(users.length);
  await pool([...users.keys()], 50, async (i) => {
    tokens[i] = (await status.issueToken(String(users[i]!.id))).token;
  });
  status.close();
  log(`${users.length} users and tokens`);

  // Every client starts on chat-1.
  const first = cluster.chatAddr('chat-1');
  let killedAt = Infinity;
  const back = new Map<number, { at: number; server: string }>();
  /** When each client noticed its connection was gone (its first 'down' after the kill). */
  const noticed = new Map<number, number>();
  const failures = new Map<string, number>();
  users.forEach((u, i) => {
    const l = new ChatLink({
      gate: cluster.gate,
      uid: String(u.id),
      token: tokens[i]!,
      chat: first,
      onEvent: (e) => {
        if (e.at < killedAt) return;
        if (e.kind === 'online' && !back.has(i)) back.set(i, { at: e.at, server: e.server });
        if (e.kind === 'down' && !noticed.has(i)) noticed.set(i, e.at);
        else if (e.kind === 'down')
          failures.set(kind(e.reason), (failures.get(kind(e.reason)) ?? 0) + 1);
      },
    });
    links.push(l);
  });
  await pool(links, CONCURRENCY, (l) => l.start());
  const on1 = links.filter((l) => l.server === 'chat-1').length;
  log(`${links.length} logged in (${on1} on chat-1); waiting 5 s for the servers to go quiet`);
  await new Promise((r) => setTimeout(r, 5_000));

  killedAt = Date.now();
  cluster.signal('chat-1', 'SIGKILL');
  log('kill -9 chat-1');
  await until('every client back', () => back.size >= on1, WAIT_MS).catch((e: Error) =>
    log(e.message),
  );
  const t = [...back.values()].map((b) => b.at - killedAt).sort((a, b) => a - b);
  const seen = [...noticed.values()].map((at) => at - killedAt).sort((a, b) => a - b);
  const spread = new Map<string, number>();
  for (const b of back.values()) spread.set(b.server, (spread.get(b.server) ?? 0) + 1);
  console.log(`
reconnect storm: ${on1} clients of a killed ChatServer (${CHATS} ChatServers, cluster mode)
  back           ${t.length} of ${on1}${t.length < on1 ? ` (${on1 - t.length} not within ${WAIT_MS / 1000} s)` : ''}
  time after kill p50 ${(q(t, 0.5) / 1000).toFixed(2)} s, p90 ${(q(t, 0.9) / 1000).toFixed(2)} s, max ${((t.at(-1) ?? NaN) / 1000).toFixed(2)} s
  noticed loss    p50 ${(q(seen, 0.5) / 1000).toFixed(2)} s, max ${((seen.at(-1) ?? NaN) / 1000).toFixed(2)} s after the kill
  landed on      ${[...spread].map(([s, n]) => `${s} ${n}`).join(', ')}
  failed attempts (after the first loss) ${[...failures].map(([k, n]) => `${k}: ${n}`).join(', ') || 'none'}`);
} finally {
  await Promise.all(links.map((l) => l.close()));
  await cluster.close();
}
process.exit(0);
