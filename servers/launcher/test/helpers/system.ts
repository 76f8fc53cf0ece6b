// Starts a whole Parley system in this process on 127.0.0.1:0 — StatusServer, VerifyServer (mail
// to a real SMTP sink), GateServer and ChatServers — over memory stores + SQLite (embedded) or
// Redis + MariaDB (cluster). Every service is the production factory; nothing is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  createStores,
  rateLimits,
  silentLogger,
  type MediaLimits,
  type Registry,
  type RateLimits,
  type Stores,
} from '@parley/core';
import { openDb, type Db } from '@parley/db';
import {
  createStatusServer,
  connectStatus,
  durableTokens,
  type StatusClient,
} from '@parley/status';
import { prismaTokenRows } from '../../src/services';
import { createVerifyServer, connectVerify } from '@parley/verify';
import { createGateServer, diskStorage } from '@parley/gate';
import {
  createChatServer,
  grpcPeerTransport,
  PeerHub,
  type ChatServer,
  type DrainOptions,
  type PeerTransport,
} from '@parley/chat';
import { ChatThreads } from '../../src/threads/chat-threads';
import mariadb from 'mariadb';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

export type Mode = 'embedded' | 'cluster';

export interface SystemOptions {
  mode: Mode;
  chatServers?: number;
  codeTtlMs?: number;
  limits?: Partial<RateLimits>;
  /** SEND_MSG budget per user per second (tests pipeline hundreds). */
  messagesPerSecond?: number;
  /** Most members a group may have (ChatConfig.maxGroupMembers; the server's default if unset). */
  maxGroupMembers?: number;
  /** Wraps ChatServer `index`'s peer transport, e.g. to record what it forwards. */
  wrapPeers?: (transport: PeerTransport, index: number) => PeerTransport;
  /** Reuse another system's database and stores (to run a second gate with other settings). */
  share?: TestSystem;
  /** Upload limits (bytes) of POST /media; default 64 KB images, 256 KB files, 32 KB voice. */
  media?: Partial<MediaLimits>;
  /** RECALL window (ChatConfig.recallWindowMs; the server's default, 2 minutes, if unset). */
  recallWindowMs?: number;
  /** ChatConfig.searchScanReach: 0 makes SQLite's SEARCH_MSG use its index for every query of
   *  three or more characters. */
  searchScanReach?: number;
  /** ChatConfig.searchIndexWindow: small, so a search walks past the window and scans the rest. */
  searchIndexWindow?: number;
  /** Lifetime of signed media URLs (default 10 minutes). */
  mediaUrlTtlMs?: number;
  /** Embedded mode: each ChatServer on a thread of its own, as `npm start` runs them
   *  (CHAT_THREADS=1). Default: `useChatThreads`'s setting, which is on; never with `wrapPeers`
   *  (a transport cannot be wrapped across threads) nor in cluster mode. */
  threads?: boolean;
  /** Cluster mode on this Redis instead of the shared one (outage tests run their own); when it
   *  comes back after a loss every ChatServer writes its routes again, as the launcher does. */
  redisUrl?: string;
  /** A Prometheus registry every ChatServer reports into (the metrics suite scrapes it). */
  metrics?: Registry;
}

/** What a test drives of a ChatServer, on this thread or its own. `ctx` is there only when it
 *  runs on this thread. */
export type TestChat = Pick<ChatServer, 'name' | 'drain' | 'close' | 'reclaimRoutes'> & {
  /** The worker thread it runs on; undefined when it runs on this thread. */
  threadId?: number;
};

let threadsByDefault = false;

/** Whether embedded systems of this test process run their ChatServers on threads of their own
 *  (CHAT_THREADS=1) or all on this thread (the launcher's default). Call before startSystem. */
export function useChatThreads(on: boolean): void {
  threadsByDefault = on;
}

export interface TestSystem {
  mode: Mode;
  db: Db;
  stores: Stores;
  smtp: SmtpSink;
  status: StatusClient;
  gateUrl: string;
  chats: { server: TestChat; port: number }[];
  /** Start one more ChatServer (e.g. the replacement in a rolling restart); it joins `chats`. */
  addChat(): Promise<{ server: TestChat; port: number }>;
  /** True when the ChatServers run on threads of their own. */
  threads: boolean;
  /** The gate's media storage directory (a temp dir; shared with `share`). */
  mediaDir: string;
  /** The gate's key for signed media URLs (shared with `share`). */
  mediaUrlSecret: string;
  close(): Promise<void>;
}

/** Test limits: strict, except the per-address ones, since every test request comes from 127.0.0.1. */
export function testLimits(extra: Partial<RateLimits> = {}): RateLimits {
  const strict = rateLimits('strict');
  return {
    ...strict,
    codePerIpHour: { limit: 10_000, windowMs: 3_600_000 },
    registerPerIpHour: { limit: 10_000, windowMs: 3_600_000 },
    loginFailPerIp: { limit: 10_000, windowMs: 900_000 },
    ...extra,
  };
}

const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root' };

async function openTestDb(mode: Mode): Promise<{ db: Db; drop: () => Promise<void> }> {
  const tag = randomBytes(5).toString('hex');
  if (mode === 'embedded') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-test-'));
    const db = await openDb(`file:${path.join(dir, 'parley.db')}`);
    return { db, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `parley_test_${tag}`;
  const db = await openDb(`mysql://root@127.0.0.1:3306/${name}`);
  return {
    db,
    drop: async () => {
      const c = await mariadb.createConnection(MYSQL);
      await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await c.end();
    },
  };
}

export async function startSystem(opts: SystemOptions): Promise<TestSystem> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const host = '127.0.0.1';
  let db: Db;
  let stores: Stores;
  let mediaDir: string;
  let mediaUrlSecret = randomBytes(32).toString('base64url');
  if (opts.share) {
    db = opts.share.db;
    stores = opts.share.stores;
    mediaDir = opts.share.mediaDir;
    mediaUrlSecret = opts.share.mediaUrlSecret;
  } else {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-media-'));
    mediaDir = dir;
    cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const t = await openTestDb(opts.mode);
    db = t.db;
    cleanups.push(t.drop, () => db.close());
    stores = createStores(
      opts.mode === 'cluster'
        ? {
            redisUrl: opts.redisUrl ?? 'redis://127.0.0.1:6379',
            prefix: `parley-test:${randomBytes(5).toString('hex')}:`,
            onRedisError: () => undefined,
            onRedisBack: () => {
              for (const c of chats) void c.server.reclaimRoutes();
            },
          }
        : {},
    );
    cleanups.push(() => stores.close());
  }
  const smtp = await startSmtpSink();
  cleanups.push(() => smtp.close());
  const limits = testLimits(opts.limits);

  // Tokens durable in the database and cached in the stores, as the launcher runs them.
  const tokens = durableTokens(prismaTokenRows(db), stores.tokens);
  const statusServer = createStatusServer({
    stores: { registry: stores.registry, tokens },
    tokenTtlMs: 3_600_000,
    logger: silentLogger,
  });
  const statusAddr = `${host}:${await statusServer.listen(host, 0)}`;
  cleanups.push(() => statusServer.close());
  const verifyServer = createVerifyServer({
    stores,
    limits,
    codeTtlMs: opts.codeTtlMs ?? 600_000,
    smtpUrl: smtp.url,
    mailFrom: 'Parley <no-reply@parley.test>',
    logger: silentLogger,
  });
  const verifyAddr = `${host}:${await verifyServer.listen(host, 0)}`;
  cleanups.push(() => verifyServer.close());

  const status = connectStatus(statusAddr);
  const verify = connectVerify(verifyAddr);
  cleanups.push(() => Promise.resolve((status.close(), verify.close())));

  const chats: TestSystem['chats'] = [];
  // Embedded: peers forward through an in-process hub (or between threads); cluster: over gRPC.
  const hub = new PeerHub();
  const threaded =
    opts.mode === 'embedded' &&
    !opts.wrapPeers &&
    !opts.metrics && // a metrics registry lives in this thread: its ChatServers must too
    (opts.threads ?? threadsByDefault);
  const chatConfig = {
    messagesPerSecond: opts.messagesPerSecond ?? 1_000,
    ...(opts.maxGroupMembers !== undefined ? { maxGroupMembers: opts.maxGroupMembers } : {}),
    ...(opts.recallWindowMs !== undefined ? { recallWindowMs: opts.recallWindowMs } : {}),
    ...(opts.searchScanReach !== undefined ? { searchScanReach: opts.searchScanReach } : {}),
    ...(opts.searchIndexWindow !== undefined ? { searchIndexWindow: opts.searchIndexWindow } : {}),
  };
  const threads = threaded
    ? new ChatThreads({
        db,
        routes: stores.routes,
        tokens: durableTokens(prismaTokenRows(db), stores.tokens),
        statusAddr,
        logger: silentLogger,
        logLevel: 'silent',
        metricsService: null,
        // A failed thread must fail the test loudly, not leave it waiting.
        onFatal: (reason) => {
          throw new Error(reason);
        },
      })
    : null;
  const addChat = async () => {
    const i = chats.length;
    const name = `chat-${randomBytes(3).toString('hex')}-${i + 1}`;
    if (threads) {
      const t = await threads.start({ name, host, port: 0, publicHost: host, config: chatConfig });
      cleanups.push(() => t.close());
      const chat = {
        server: {
          name,
          drain: (o?: DrainOptions) => t.drain(o),
          close: () => t.close(),
          reclaimRoutes: () => t.reclaimRoutes(),
          threadId: t.threadId,
        },
        port: t.port,
      };
      chats.push(chat);
      return chat;
    }
    const transport =
      opts.mode === 'embedded'
        ? hub.transport()
        : grpcPeerTransport({ host, port: 0, logger: silentLogger });
    const server = createChatServer({
      name,
      publicHost: host,
      db,
      stores,
      status,
      peers: opts.wrapPeers ? opts.wrapPeers(transport, i) : transport,
      logger: silentLogger,
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      config: chatConfig,
    });
    const port = await server.listen(host, 0);
    cleanups.push(() => server.close());
    const chat = { server, port };
    chats.push(chat);
    return chat;
  };
  for (let i = 0; i < (opts.chatServers ?? 2); i++) await addChat();
  const gate = createGateServer({
    db,
    status,
    verify,
    limiter: stores.limits,
    limits,
    devMailbox: false,
    media: {
      storage: diskStorage(mediaDir),
      limits: { image: 64 * 1024, file: 256 * 1024, voice: 32 * 1024, ...opts.media },
      urlSecret: mediaUrlSecret,
      urlTtlMs: opts.mediaUrlTtlMs ?? 10 * 60_000,
    },
    logger: silentLogger,
  });
  const gatePort = await gate.listen(host, 0);
  cleanups.push(() => gate.close());
  // The first registry reports are sent on listen; wait until StatusServer lists every server.
  for (let i = 0; i < 50 && (await status.list()).length < chats.length; i++)
    await new Promise((r) => setTimeout(r, 20));

  return {
    mode: opts.mode,
    db,
    stores,
    smtp,
    status,
    gateUrl: `http://${host}:${gatePort}`,
    chats,
    addChat,
    threads: threaded,
    mediaDir,
    mediaUrlSecret,
    async close() {
      for (const c of cleanups.reverse()) await c().catch(() => undefined);
    },
  };
}

export interface HttpReply {
  status: number;
  body: Record<string, unknown>;
}

export async function post(
  base: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpReply> {
  const res = await fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
