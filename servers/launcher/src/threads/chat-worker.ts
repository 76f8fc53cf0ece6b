// A ChatServer on a thread of its own (issue 9 item 1): its TCP listener, sessions, frame work and
// socket writes run here, on their own event loop, so two ChatServers use two cores. What must be
// one per process stays on the main thread and is reached through rpc.ts: the route store (§4's
// one live session, claimed atomically there), the token view, the database file's one hot store
// worker and search indexer. Other ChatServer threads are reached directly (port-peers.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import {
  createLogger,
  Gauge,
  Registry,
  silentLogger,
  type RouteStore,
  type TokenStore,
} from '@parley/core';
import { openDb } from '@parley/db';
import { connectStatus, withLocalTokens } from '@parley/status';
import { createChatServer, type HotStore, type SearchIndex } from '@parley/chat';
import { RpcEndpoint } from './rpc';
import { portPeerTransport } from './port-peers';
import {
  CONTROL,
  MAIN,
  isAddPeer,
  type ChatControl,
  type ChatThreadStart,
  type ThreadLoop,
} from './protocol';

if (!parentPort) throw new Error('chat-worker runs only as a worker thread');
const start = workerData as ChatThreadStart;
const logger = start.logLevel === 'silent' ? silentLogger : createLogger(start.logLevel);

const peers = portPeerTransport(start.peers);
let control: ChatControl | null = null;
const rpc = new RpcEndpoint(
  start.rpc,
  {
    // Served from the start so the main thread's calls queue behind set-up, not fail.
    [CONTROL]: {
      listen: () => ready.then((c) => c.listen()),
      load: () => control?.load() ?? 0,
      ready: () => (control ? control.ready() : 'starting'),
      reclaimRoutes: () => ready.then((c) => c.reclaimRoutes()),
      drain: (o?: Parameters<ChatControl['drain']>[0]) => ready.then((c) => c.drain(o)),
      close: () => ready.then((c) => c.close()),
      metrics: () => ready.then((c) => c.metrics()),
      loop: (reset: boolean) => loop(reset),
      crash: (why: string) => {
        setImmediate(() => {
          throw new Error(why);
        });
      },
    } satisfies ChatControl,
  },
  (m) => {
    if (isAddPeer(m)) peers.add(m.addPeer, m.port);
  },
);

const ready: Promise<ChatControl> = (async () => {
  const remoteHot = rpc.remote<HotStore>(MAIN.hot);
  const hot: HotStore = {
    maxInFlight: start.hotMaxInFlight,
    storeMessages: (inputs) => remoteHot.storeMessages(inputs),
    moveCursors: (moves) => remoteHot.moveCursors(moves),
    loginView: (userId) => remoteHot.loginView(userId),
    memberships: (userId) => remoteHot.memberships(userId),
    ready: () => remoteHot.ready(),
    // The main thread holds this thread's share and lets go of it once the thread has ended.
    release: () => Promise.resolve(),
  };
  const remoteSearch = rpc.remote<SearchIndex>(MAIN.search);
  const searchIndex: SearchIndex | null = start.hasSearchIndex
    ? { catchUp: () => remoteSearch.catchUp(), release: () => Promise.resolve() }
    : null;
  // Prisma for everything but the hot paths (friends, groups, history): its own connection to
  // the same file, as the main thread's GateServer has one.
  const db = await openDb(start.databaseUrl);
  const remoteStatus = connectStatus(start.statusAddr);
  const status = withLocalTokens(remoteStatus, rpc.remote<TokenStore>(MAIN.tokens));
  const registry = start.metrics ? threadRegistry(start.metricsService, start.name) : undefined;
  const chat = createChatServer({
    name: start.name,
    publicHost: start.publicHost,
    db,
    stores: { routes: rpc.remote<RouteStore>(MAIN.routes) },
    status,
    peers,
    logger,
    config: start.config,
    ...(registry ? { metrics: registry } : {}),
    shared: { hot, searchIndex },
  });
  let closed: Promise<void> | null = null;
  const finish = () =>
    (closed ??= (async () => {
      remoteStatus.close();
      await db.close();
    })());
  control = {
    listen: () => chat.listen(start.host, start.port),
    load: () => chat.load(),
    ready: () => chat.ready(),
    reclaimRoutes: () => chat.reclaimRoutes(),
    drain: async (o) => {
      await chat.drain(o);
      await finish();
      exitSoon();
    },
    close: async () => {
      await chat.close();
      await finish();
      exitSoon();
    },
    metrics: async () => (registry ? await registry.getMetricsAsJSON() : []),
    loop: (reset) => loop(reset), // served above
    crash: () => undefined, // served above
  };
  return control;
})();
let delay: IntervalHistogram | null = null;
/** Event-loop figures for bench/; the delay histogram runs only once something asks. */
function loop(reset: boolean): ThreadLoop {
  if (!delay) {
    delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
  }
  const { idle, active } = performance.eventLoopUtilization();
  const out = { elu: { idle, active }, maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6 };
  if (reset) delay.reset();
  return out;
}

/** Ends this thread once the answer to the stop has been posted (the reply is posted in the
 *  microtasks after this returns; an immediate runs after them). A gRPC channel or a Prisma
 *  engine that lingers must not keep a stopped ChatServer's thread up. */
function exitSoon(): void {
  setImmediate(() => process.exit(0));
}

/** The thread's series: the ChatServer's own (chat/src/metrics.ts) and its event loop's
 *  utilisation, which the main thread's `parley_event_loop_utilization` no longer covers. */
function threadRegistry(service: string, server: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  let last = performance.eventLoopUtilization();
  new Gauge({
    name: 'parley_chat_event_loop_utilization',
    help: "Share of time the ChatServer thread's event loop was busy since the previous scrape (0-1).",
    labelNames: ['server'],
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization();
      this.set({ server }, performance.eventLoopUtilization(now, last).utilization);
      last = now;
    },
  });
  return registry;
}

// A failed start ends the thread with the reason: the main thread reports it (never a hang).
ready.catch((err: unknown) => {
  throw err;
});
