// Chat benchmark (issue 3), run on demand: `npm run bench` (see bench/README.md). Spawns the system
// under test (bench/server.ts, embedded mode with SQLite) as its own process, connects users over
// raw TCP from this process and runs, each bounded in count and time:
//   idle          10,000 idle authenticated connections → server RSS per connection
//   closed-same   closed loop, both members of each pair on the same ChatServer
//   closed-cross  closed loop, the members on different ChatServers (forwarded through the hub)
//   paced-same    a fixed 10,000 SEND_MSG/s → end-to-end latency under a known load
//   paced-cross   the same, across ChatServers
// and prints delivered msgs/s, p50/p99 latency (send → MSG_NOTIFY at the receiver), server
// CPU-µs per delivered message and RSS per idle connection, against the targets.
import path from 'node:path';
import { rateLimits } from '@parley/core';
import { IDLE_WARMUP_LOGINS, idleScenario, type IdleResult } from './idle';
import { parseOptions } from './options';
import { printResults } from './report';
import { betweenRuns, loadScenario, type Row } from './scenario';
import { openFileLimits, startServer } from './server-proc';
import { connectAll, fmt, makeClient, sleep, waitQuiet, type World } from './util';
import type { ReadyReply } from './ipc';
import { runPeer } from './peer';

/** The whole run stops by itself after this long. */
const MAX_RUN_MS = 15 * 60_000; // 15 min

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2), process.env);
  const hardStop = setTimeout(() => {
    console.error(`[bench] run exceeded ${MAX_RUN_MS / 60_000} min: stopping`);
    process.exit(3);
  }, MAX_RUN_MS);
  hardStop.unref();

  if (o.waitQuiet > 0) await waitQuiet(o.waitQuiet);
  const want = new Set(o.only);
  if (o.servers < 2) {
    want.delete('closed-cross');
    want.delete('paced-cross');
  }
  const limits = openFileLimits();
  const idleWanted = want.has('idle') ? o.idle : 0;
  const needFds = Math.max(o.users, idleWanted) + 200;
  if (limits && limits.soft < needFds) {
    const cap = Math.max(0, limits.soft - 200);
    console.error(
      `[bench] open-file soft limit ${limits.soft} < ${needFds} needed: raise it with "ulimit -n ${needFds}"; capping at ${cap} connections`,
    );
    o.idle = Math.min(o.idle, cap);
    if (o.users > cap)
      throw new Error(`--users ${o.users} needs more open files than allowed (${limits.soft})`);
  }

  // Pairs: same-server pairs use users [0, 2P), pair k on server k mod M; cross-server pairs use
  // [2P, 4P), member a on server k mod M and b on (k+1) mod M; bridge pairs use [4P, 6P), both
  // members on server k mod M through the WebSocket bridge; everyone else on i mod M.
  const M = o.servers;
  const P = o.pairs;
  const pairs: [number, number][] = [];
  for (let k = 0; k < 3 * P; k++) pairs.push([2 * k, 2 * k + 1]);
  const placement = (i: number): number => {
    if (i < 2 * P || (i >= 4 * P && i < 6 * P)) return Math.floor(i / 2) % M;
    if (i < 4 * P) {
      const k = Math.floor((i - 2 * P) / 2);
      return (k + ((i - 2 * P) % 2)) % M;
    }
    return i % M;
  };
  const viaBridge = (i: number): boolean => i >= 4 * P && i < 6 * P;

  const userCount = Math.max(o.users, idleWanted && idleWanted + IDLE_WARMUP_LOGINS);
  const server = startServer(o, needFds);
  let ready: ReadyReply;
  try {
    console.error(
      `[bench] server: setting up ${fmt(userCount)} users, ${pairs.length} conversations, ${M} ChatServer(s)…`,
    );
    ready = await server.setup({
      servers: M,
      chatThreads: o.chatThreads,
      users: userCount,
      pairs,
      messagesPerSecond: rateLimits('relaxed').messagesPerUserSecond.limit,
      fake: o.fake,
      logLevel: o.serverLog,
    });
  } catch (err) {
    await server.stop();
    throw err;
  }
  const w: World = { o, server, ready, pairs, placement };
  if (!ready.bridgePort) {
    want.delete('closed-bridge');
    want.delete('paced-bridge');
  }
  const rows: Row[] = [];
  let idle: IdleResult | null = null;
  try {
    // Idle first, on a fresh heap: later load would leave slack that hides what connections cost.
    if (want.has('idle') && o.idle > 0) idle = await idleScenario(w);

    const loads = (
      [
        'closed-same',
        'closed-cross',
        'closed-bridge',
        'paced-same',
        'paced-cross',
        'paced-bridge',
      ] as const
    ).filter((s) => want.has(s));
    if (loads.length) {
      const clients = Array.from({ length: o.users }, (_, i) =>
        makeClient(
          w,
          i,
          placement(i),
          // No bridge (--fake): those users connect over TCP like the rest.
          viaBridge(i) && ready.bridgePort
            ? { port: ready.bridgePort, server: `chat-${placement(i) + 1}` }
            : null,
        ),
      );
      console.error(`[bench] connecting ${fmt(o.users)} users…`);
      await connectAll(clients, o.loginConcurrency);
      for (const [a, b] of pairs.entries()) {
        const conv = ready.conversations[a]!;
        const [x, y] = b;
        clients[x]!.conversationId = clients[y]!.conversationId = conv;
        clients[x]!.peer = clients[y]!;
        clients[y]!.peer = clients[x]!;
      }
      for (const c of clients) c.sink = betweenRuns;
      await sleep(500);
      let id = 1;
      for (const s of loads) {
        for (const rate of s.startsWith('paced') ? o.rates : [0]) {
          rows.push(await loadScenario(w, clients, s, id++, rate));
          await sleep(500);
        }
      }
      await Promise.all(clients.map((c) => c.close()));
    }
  } finally {
    await server.stop();
  }
  // The peer runs after Parley's server has stopped, so neither competes with the other.
  const peer = o.peer ? await runPeer(o.peer, o) : null;
  printResults(o, ready, rows, idle, server.logLines, peer);
  if (o.profile)
    console.error(
      `[bench] server CPU profile written to ${path.resolve(o.profile)} (summarise: npm run bench:profile -- <file>)`,
    );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
