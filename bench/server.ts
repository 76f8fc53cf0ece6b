// The system under test for bench/chat.ts, in its own process: embedded mode as `npm start` runs it
// (memory stores, SQLite in a temp folder, StatusServer, M ChatServers over one PeerHub), on
// 127.0.0.1 ports chosen by the OS. Driven over the IPC channel (bench/ipc.ts): `setup` creates
// users, friendships and direct conversations straight in the database and issues tokens; `stats`
// answers CPU and memory figures; `stop` (or the parent going away) shuts everything down and
// exits, which is when `node --cpu-prof` writes its profile.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createLogger, createStores } from '@parley/core';
import { openDb, type Db } from '@parley/db';
import {
  createStatusServer,
  connectStatus,
  withLocalTokens,
  type StatusClient,
} from '@parley/status';
import { createChatServer, PeerHub, type ChatServer, type HotStore } from '@parley/chat';
import { ChatThreads, type ChatThread } from '../servers/launcher/src/threads/chat-threads';
import { createBridge, registryLookup } from '@parley/bridge';
import { MessageWriter } from '../servers/chat/src/data/message-writer';
import { startFake } from './fake-server';
import { BENCH_ORIGIN } from './ipc';
import type { Envelope, PeerTransport } from '@parley/chat';
import { directConversationId, type Message } from '@parley/proto';
import type {
  DeliveryTrace,
  FromServer,
  ReadyReply,
  SetupRequest,
  ToServer,
  WriterTrace,
} from './ipc';

const HOST = '127.0.0.1';
/** Assignments asked of StatusServer at once to measure placement (issue 9 item 4). */
const PLACEMENT_BURST = 1_000;
/** The server stops by itself after this long, whatever the generator does. */
const MAX_LIFETIME_MS = 20 * 60_000; // 20 min
const HEARTBEAT_MS = 20_000; // the default (PROTOCOL.md §4); the generator heartbeats like a client
/** Rows per createMany: well under SQLite's bound-parameter limit. */
const CHUNK = 500;

if (!process.send) {
  console.error('bench/server.ts is started by bench/chat.ts (it needs an IPC channel)');
  process.exit(2);
}

// Warnings and errors only: a per-message log line would be the benchmark's bottleneck.
// Warnings by default; the level comes with `setup` (--server-log).
let logger = createLogger('warn', 'bench-server');
const send = (m: FromServer) => process.send!(m);
const cleanups: (() => Promise<unknown>)[] = [];
/** What the stats answer needs of a ChatServer, on this thread or its own. */
const chats: { load(): number | Promise<number> }[] = [];
/** The same ChatServers when they run on threads of their own (their event loops are theirs). */
const threadChats: ChatThread[] = [];
let stopping = false;

// Event-loop stalls between two stats requests (the generator resets it at each window start).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
// Fewest ChatServers StatusServer listed between two stats requests: a server missing from the
// registry is unreachable for forwarding (Fanout drops envelopes for a peer it cannot look up).
let registryMin = Infinity;
let registry: (() => Promise<number>) | null = null;
setInterval(() => {
  void registry?.().then((n) => (registryMin = Math.min(registryMin, n)));
}, 500).unref();

// Group-commit trace: how many SEND_MSG each MessageWriter transaction carried and how long it
// took. Read-only instrumentation of the real writer (wraps its flush), for the report.
const trace: WriterTrace = { batches: 0, messages: 0, maxBatch: 0, flushMs: 0, maxFlushMs: 0 };
{
  type Flush = (batch: unknown[]) => Promise<void>;
  const proto = MessageWriter.prototype as unknown as { flush?: Flush };
  const original = proto.flush;
  if (typeof original !== 'function')
    logger.warn('bench: MessageWriter changed; commit trace disabled');
  else
    proto.flush = async function (this: unknown, batch: unknown[]) {
      const t = performance.now();
      try {
        return await original.call(this, batch);
      } finally {
        const ms = performance.now() - t;
        trace.batches++;
        trace.messages += batch.length;
        trace.maxBatch = Math.max(trace.maxBatch, batch.length);
        trace.flushMs += ms;
        trace.maxFlushMs = Math.max(trace.maxFlushMs, ms);
      }
    };
}

// Delivery trace: recipients handed to peers / received from peers, peer look-ups that found no
// ChatServer (Fanout then drops the envelope), and gap fills read from the database. Read-only
// wrappers around the real objects.
const delivery: DeliveryTrace = {
  forwarded: 0,
  received: 0,
  peerMissing: 0,
  gapReads: 0,
  gapRows: 0,
};
const recipients = (envs: Envelope[]) => envs.reduce((n, e) => n + e.toUids.length, 0);

/** The writer trace around the shared hot store (threaded ChatServers: see setup). */
function tracedHot(hot: HotStore): HotStore {
  return {
    ...hot,
    maxInFlight: hot.maxInFlight,
    async storeMessages(inputs) {
      const t = performance.now();
      try {
        return await hot.storeMessages(inputs);
      } finally {
        const ms = performance.now() - t;
        trace.batches++;
        trace.messages += inputs.length;
        trace.maxBatch = Math.max(trace.maxBatch, inputs.length);
        trace.flushMs += ms;
        trace.maxFlushMs = Math.max(trace.maxFlushMs, ms);
      }
    },
  };
}

function traced(t: PeerTransport): PeerTransport {
  const send = t.send.bind(t);
  t.send = (peer, envs) => {
    delivery.forwarded += recipients(envs);
    send(peer, envs);
  };
  return t;
}

function traceChat(chat: ChatServer): void {
  // Internals, read defensively: if the server's shape changes, the trace is skipped, not the run.
  const fanout = chat.ctx.fanout as unknown as {
    receive?: (envs: Envelope[]) => void;
    directory?: { lookup?: (name: string) => Promise<unknown> };
  };
  const conv = chat.ctx.conversations as unknown as {
    range?: (c: string, from: number, to: number, max: number) => Promise<Message[]>;
  };
  const receive = fanout.receive;
  const dir = fanout.directory;
  const lookup = dir?.lookup;
  const range = conv.range;
  if (
    typeof receive !== 'function' ||
    !dir ||
    typeof lookup !== 'function' ||
    typeof range !== 'function'
  ) {
    logger.warn('bench: chat internals changed; delivery trace disabled');
    return;
  }
  fanout.receive = (envs) => {
    delivery.received += recipients(envs);
    receive.call(fanout, envs);
  };
  dir.lookup = async (name) => {
    const found = await lookup.call(dir, name);
    if (!found) delivery.peerMissing++;
    return found;
  };
  conv.range = async (...args) => {
    delivery.gapReads++;
    const rows = await range.apply(conv, args);
    delivery.gapRows += rows.length;
    return rows;
  };
}

async function stop(code = 0): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
  process.exit(code);
}

async function setup(req: SetupRequest): Promise<ReadyReply> {
  const t0 = performance.now();
  logger = createLogger(req.logLevel, 'bench-server');
  if (req.fake) {
    const fake = await startFake(req);
    cleanups.push(() => fake.close());
    const { ports, users, conversations } = fake;
    return {
      type: 'ready',
      ports,
      users,
      conversations,
      heartbeatMs: HEARTBEAT_MS,
      setupMs: performance.now() - t0,
      dbFile: '',
      bridgePort: 0,
      placement: {},
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  const dbFile = path.join(dir, 'parley.db');
  const db = await openDb(`file:${dbFile}`);
  cleanups.push(() => db.close());
  const stores = createStores();
  cleanups.push(() => stores.close());
  registry = async () => (await stores.registry.list()).length;

  const statusServer = createStatusServer({ stores, tokenTtlMs: 3_600_000, logger });
  const statusAddr = `${HOST}:${await statusServer.listen(HOST, 0)}`;
  cleanups.push(() => statusServer.close());

  const hub = new PeerHub();
  const statusClients: StatusClient[] = [];
  const ports: number[] = [];
  // As embedded.ts runs them with CHAT_THREADS=1: each ChatServer on its own thread, the stores,
  // the hot store and the indexer served from this one. The commit trace is taken here, around
  // the one hot store (a commit's time then includes its hop between threads); the delivery
  // trace lives in the ChatServers' threads and is not collected.
  const threads = req.chatThreads
    ? new ChatThreads({
        db,
        routes: stores.routes,
        tokens: stores.tokens,
        statusAddr,
        logger,
        logLevel: req.logLevel,
        metricsService: null,
        onFatal: (reason) => {
          logger.fatal({ reason }, 'bench server: a ChatServer thread failed');
          void stop(1);
        },
        traceHot: tracedHot,
      })
    : null;
  if (threads) {
    statusClients.push(connectStatus(statusAddr));
    for (let i = 0; i < req.servers; i++) {
      const t = await threads.start({
        name: `chat-${i + 1}`,
        host: HOST,
        port: 0,
        publicHost: HOST,
        config: { heartbeatMs: HEARTBEAT_MS, messagesPerSecond: req.messagesPerSecond },
      });
      ports.push(t.port);
      chats.push(t);
      threadChats.push(t);
      cleanups.push(() => t.close());
    }
  }
  for (let i = 0; !threads && i < req.servers; i++) {
    const status = connectStatus(statusAddr);
    statusClients.push(status);
    // As services.ts wires it: LOGIN checks tokens in the shared store, not over gRPC.
    const chat = createChatServer({
      name: `chat-${i + 1}`,
      publicHost: HOST,
      db,
      stores,
      status: withLocalTokens(status, stores.tokens),
      peers: traced(hub.transport()),
      logger,
      config: { heartbeatMs: HEARTBEAT_MS, messagesPerSecond: req.messagesPerSecond },
    });
    traceChat(chat);
    ports.push(await chat.listen(HOST, 0));
    chats.push(chat);
    cleanups.push(() => chat.close());
  }
  cleanups.push(() => Promise.resolve(statusClients.forEach((s) => s.close())));

  const uids = await createUsers(db, req.users);
  const users = await Promise.all(
    uids.map(async (uid) => ({ uid, token: (await statusServer.service.issueToken(uid)).token })),
  );
  const conversations = await createPairs(db, uids, req.pairs);

  // Forwarding needs every ChatServer in the registry (the first reports go out on listen).
  for (let i = 0; i < 100 && (await statusClients[0]!.list()).length < req.servers; i++)
    await new Promise((r) => setTimeout(r, 20));

  // The bridge, as services.ts wires it: ChatServers by name from StatusServer's registry.
  const bridge = createBridge({
    lookup: registryLookup(() => statusClients[0]!.list()),
    allowedOrigins: [BENCH_ORIGIN],
    logger,
  });
  const bridgePort = await bridge.listen(HOST, 0);
  cleanups.push(() => bridge.close());

  // A burst of assignments, as 1,000 /auth/logins at once ask for them (GateServer → pick()).
  const placement: Record<string, number> = {};
  const picked = await Promise.all(
    Array.from({ length: PLACEMENT_BURST }, () => statusClients[0]!.pick()),
  );
  for (const s of picked) placement[s.name] = (placement[s.name] ?? 0) + 1;

  return {
    type: 'ready',
    ports,
    users,
    conversations,
    heartbeatMs: HEARTBEAT_MS,
    setupMs: performance.now() - t0,
    dbFile,
    bridgePort,
    placement,
  };
}

async function createUsers(db: Db, n: number): Promise<string[]> {
  for (let i = 0; i < n; i += CHUNK) {
    const data = [];
    for (let j = i; j < Math.min(n, i + CHUNK); j++)
      data.push({
        username: `bench${j}`,
        email: `bench${j}@bench.local`,
        passwordHash: 'unused',
        nick: `Bench ${j}`,
      });
    await db.prisma.user.createMany({ data });
  }
  const rows = await db.prisma.user.findMany({ select: { id: true, username: true } });
  const byName = new Map(rows.map((r) => [r.username, String(r.id)]));
  return Array.from({ length: n }, (_, j) => byName.get(`bench${j}`)!);
}

/** Friends with a direct conversation `d_<low>_<high>` (the id friends.ts gives one). */
async function createPairs(db: Db, uids: string[], pairs: [number, number][]): Promise<string[]> {
  const convs: string[] = [];
  const conversations = [];
  const members = [];
  const friendships = [];
  for (const [a, b] of pairs) {
    const x = Number(uids[a]);
    const y = Number(uids[b]);
    const id = directConversationId(x, y);
    convs.push(id);
    conversations.push({ id, kind: 'direct' });
    members.push({ conversationId: id, userId: x }, { conversationId: id, userId: y });
    friendships.push(
      { userId: x, friendId: y, conversationId: id },
      { userId: y, friendId: x, conversationId: id },
    );
  }
  for (let i = 0; i < pairs.length; i += CHUNK) {
    await db.prisma.conversation.createMany({ data: conversations.slice(i, i + CHUNK) });
    await db.prisma.member.createMany({ data: members.slice(2 * i, 2 * (i + CHUNK)) });
    await db.prisma.friendship.createMany({ data: friendships.slice(2 * i, 2 * (i + CHUNK)) });
  }
  return convs;
}

process.on('message', (raw) => {
  const m = raw as ToServer;
  if (m.type === 'setup') {
    setup(m).then(send, (err: unknown) => {
      send({
        type: 'error',
        message: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      void stop(1);
    });
  } else if (m.type === 'stats') {
    if (m.gc) {
      // Twice: the first pass may only promote what the second frees.
      globalThis.gc?.();
      globalThis.gc?.();
    }
    if (m.snapshot) v8.writeHeapSnapshot(m.snapshot);
    const elu = performance.eventLoopUtilization();
    const stall = { maxMs: loopDelay.max / 1e6, p99Ms: loopDelay.percentile(99) / 1e6 };
    const reg = registryMin;
    if (m.reset) {
      loopDelay.reset();
      registryMin = Infinity;
    }
    const now = {
      type: 'stats' as const,
      id: m.id,
      cpu: process.cpuUsage(),
      mem: process.memoryUsage(),
      elu: { idle: elu.idle, active: elu.active },
      writer: { ...trace },
      delivery: { ...delivery },
      loop: stall,
      registryMin: Number.isFinite(reg) ? reg : null,
      uptimeMs: performance.now(),
    };
    // A ChatServer on its own thread answers its load over a MessagePort.
    void Promise.all([
      Promise.all(chats.map(async (c) => c.load())),
      Promise.all(threadChats.map((t) => t.loop(m.reset === true))),
    ]).then(
      ([online, threads]) => send({ ...now, online, threads }),
      (err: unknown) => logger.error({ err }, 'bench server: load of a ChatServer failed'),
    );
  } else if (m.type === 'stop') {
    void stop(0);
  }
});
// The generator died or closed the channel: never outlive it.
process.on('disconnect', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
setTimeout(() => {
  logger.error('bench server: maximum lifetime reached, stopping');
  void stop(3);
}, MAX_LIFETIME_MS).unref();
