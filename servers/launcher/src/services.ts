// Start functions for each service, shared by embedded mode (all in one process) and cluster
// mode (one process per service). Each returns a stop function.
import {
  createMetricsRegistry,
  createStores,
  rateLimits,
  startOpsServer,
  storeErrorCounter,
  type Config,
  type Logger,
  type Registry,
  type Stores,
} from '@parley/core';
import { openDb, type Db } from '@parley/db';
import {
  createStatusServer,
  connectStatus,
  durableTokens,
  startTokenSweep,
  withLocalTokens,
  type TokenRows,
} from '@parley/status';
import { createVerifyServer, connectVerify } from '@parley/verify';
import { createGateServer, diskStorage } from '@parley/gate';
import { createBridge, registryLookup } from '@parley/bridge';
import { createChatServer, grpcPeerTransport, PeerHub, type ChatConfig } from '@parley/chat';

export type Stop = () => Promise<void>;
/** /readyz of a service: null when ready, else why not. */
export type Ready = () => Promise<string | null> | string | null;

/** Redis connection errors are logged at most this often (a restart would flood the log). */
const REDIS_ERROR_LOG_MS = 5_000;

export interface Shared {
  config: Readonly<Config>;
  logger: Logger;
  stores: Stores;
  /** This process's Prometheus registry (issue 11 item 8). */
  metrics: Registry;
  /** Run `fn` whenever the Redis connection is back after being lost. */
  onRedisBack(fn: () => void): void;
  /** Opened on first use: VerifyServer never touches the database (StatusServer keeps tokens
   *  there). */
  db(): Promise<Db>;
}

/** The service label of this process's metrics: `embedded`, `status`, …, `chat-2`. */
function serviceLabel(c: Readonly<Config>): string {
  if (c.SERVICE === 'all') return c.mode === 'cluster' ? 'launcher' : 'embedded';
  return c.SERVICE === 'chat' ? `chat-${c.CHAT_INDEX + 1}` : c.SERVICE;
}

export function createShared(config: Readonly<Config>, logger: Logger): Shared & { close: Stop } {
  const metrics = createMetricsRegistry(serviceLabel(config));
  const redisErrors = storeErrorCounter(metrics);
  let lastLogged = 0;
  let quiet = 0;
  const onRedisError = (err: Error) => {
    redisErrors.inc({ store: 'redis' });
    const now = Date.now();
    if (now - lastLogged < REDIS_ERROR_LOG_MS) return void quiet++;
    logger.warn({ err, alsoSince: quiet }, `Redis: ${err.message || err.name}`);
    lastLogged = now;
    quiet = 0;
  };
  const backListeners: (() => void)[] = [];
  const onRedisBack = () => {
    logger.warn('Redis is back');
    for (const fn of backListeners) fn();
  };
  const stores = createStores(
    config.REDIS_URL
      ? { redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, onRedisError, onRedisBack }
      : {},
  );
  let db: Promise<Db> | undefined;
  return {
    config,
    logger,
    stores,
    metrics,
    onRedisBack: (fn) => void backListeners.push(fn),
    db: () => (db ??= openDb(config.databaseUrl)),
    async close() {
      if (db) await (await db).close();
      await stores.close();
    },
  };
}

/** Port offsets from METRICS_PORT_BASE, one per service process (README "Operations"). */
export const METRICS_OFFSET = { status: 0, verify: 1, gate: 2, bridge: 3, chat: 10 } as const;

/** /healthz, /readyz and /metrics for this process when METRICS_PORT_BASE is set. */
export async function startOps(
  s: Shared,
  offset: number,
  ready: Ready,
  more?: () => Promise<string>,
): Promise<Stop> {
  const base = s.config.METRICS_PORT_BASE;
  if (base === undefined) return () => Promise.resolve();
  const ops = await startOpsServer({
    host: s.config.HOST,
    port: base === 0 ? 0 : base + offset,
    registry: s.metrics,
    ...(more ? { more } : {}),
    ready,
    logger: s.logger,
  });
  s.logger.info({ port: ops.port }, 'serving /healthz, /readyz and /metrics');
  return () => ops.close();
}

/** A store answers within this long, or the service is not ready. */
const READY_PROBE_MS = 1_000;

/** /readyz of a service whose work needs the registry store (StatusServer). */
export function storeReady(s: Shared): Ready {
  return () =>
    Promise.race([
      s.stores.registry.list().then(
        () => null,
        (err: unknown) => `registry store: ${err instanceof Error ? err.message : String(err)}`,
      ),
      new Promise<string>((r) =>
        setTimeout(() => r('registry store did not answer'), READY_PROBE_MS).unref(),
      ),
    ]);
}

/** The `tokens` table as StatusServer's durable token rows (issue 11). */
export function prismaTokenRows(db: Db): TokenRows {
  return {
    async create(hash, uid, expiresAt) {
      await db.prisma.token.upsert({
        where: { hash },
        create: {
          hash,
          userId: Number(uid),
          expiresAt: BigInt(expiresAt),
          createdAt: BigInt(Date.now()),
          lastSeenAt: BigInt(Date.now()),
        },
        update: { userId: Number(uid), expiresAt: BigInt(expiresAt) },
      });
    },
    async find(hash) {
      const row = await db.prisma.token.findUnique({ where: { hash } });
      return row ? { uid: String(row.userId), expiresAt: Number(row.expiresAt) } : null;
    },
    async delete(hash) {
      await db.prisma.token.deleteMany({ where: { hash } });
    },
    async deleteUser(uid) {
      return (await db.prisma.token.deleteMany({ where: { userId: Number(uid) } })).count;
    },
    async deleteExpired(now, max) {
      // A bounded batch: one sweep never holds a long lock on the table logins read.
      const expired = await db.prisma.token.findMany({
        where: { expiresAt: { lte: BigInt(now) } },
        select: { hash: true },
        take: max,
      });
      if (expired.length === 0) return 0;
      const hashes = expired.map((t) => t.hash);
      return (await db.prisma.token.deleteMany({ where: { hash: { in: hashes } } })).count;
    },
  };
}

export async function startStatus(s: Shared, port: number): Promise<{ addr: string; stop: Stop }> {
  // Tokens are durable in the database, cached in the stores (Redis in cluster mode).
  const rows = prismaTokenRows(await s.db());
  const tokens = durableTokens(rows, s.stores.tokens);
  const server = createStatusServer({
    stores: { registry: s.stores.registry, tokens },
    tokenTtlMs: s.config.TOKEN_TTL_MS,
    logger: s.logger,
  });
  const bound = await server.listen(s.config.HOST, port);
  // Expired rows of the tokens table go away on a timer (lookups ignore them meanwhile); with
  // several StatusServers each sweeps, which is harmless: a delete finds nothing twice.
  const sweep = startTokenSweep({ rows, everyMs: s.config.TOKEN_SWEEP_MS, logger: s.logger });
  return {
    addr: `${s.config.HOST}:${bound}`,
    async stop() {
      await sweep.stop();
      await server.close();
    },
  };
}

export async function startVerify(s: Shared, port: number): Promise<{ addr: string; stop: Stop }> {
  const server = createVerifyServer({
    stores: s.stores,
    limits: rateLimits(s.config.RATE_LIMITS),
    codeTtlMs: s.config.CODE_TTL_MS,
    smtpUrl: s.config.SMTP_URL,
    mailFrom: s.config.MAIL_FROM,
    logger: s.logger,
  });
  const bound = await server.listen(s.config.HOST, port);
  return { addr: `${s.config.HOST}:${bound}`, stop: () => server.close() };
}

export async function startGate(
  s: Shared,
  statusAddr: string,
  verifyAddr: string,
): Promise<{ port: number; stop: Stop }> {
  const status = connectStatus(statusAddr);
  const verify = connectVerify(verifyAddr);
  const gate = createGateServer({
    db: await s.db(),
    status,
    verify,
    limiter: s.stores.limits,
    limits: rateLimits(s.config.RATE_LIMITS),
    devMailbox: s.config.devMailbox,
    media: {
      storage: diskStorage(s.config.mediaDir),
      limits: s.config.mediaLimits,
      urlSecret: s.config.mediaUrlSecret,
      urlTtlMs: s.config.MEDIA_URL_TTL_MS,
    },
    logger: s.logger,
  });
  const port = await gate.listen(s.config.HOST, s.config.GATE_PORT);
  return {
    port,
    async stop() {
      await gate.close();
      status.close();
      verify.close();
    },
  };
}

/** A ChatServer's settings from the configuration. */
export function chatConfig(c: Readonly<Config>): Partial<ChatConfig> {
  return {
    heartbeatMs: c.HEARTBEAT_MS,
    maxBody: c.MAX_BODY,
    messagesPerSecond: rateLimits(c.RATE_LIMITS).messagesPerUserSecond.limit,
    recallWindowMs: c.RECALL_WINDOW_MS,
  };
}

/** The token view LOGIN checks: StatusServer's store as a cache, the database behind it (issue
 *  11), so a token still checks out after Redis restarts empty. */
export async function loginTokens(s: Shared) {
  return durableTokens(prismaTokenRows(await s.db()), s.stores.tokens);
}

/** ChatServer `index` of this deployment. With a hub (embedded mode) peers forward in-process;
 *  without one each server serves gRPC PeerService on PEER_PORT_BASE + index. */
export async function startChat(
  s: Shared,
  index: number,
  statusAddr: string,
  hub?: PeerHub,
): Promise<{ name: string; port: number; ready: Ready; stop: Stop }> {
  // LOGIN checks its token in the token store StatusServer writes, not over gRPC (issue 9), when
  // this process shares it: embedded mode (one process, one memory store) or Redis. A lone
  // `SERVICE=chat` process on memory stores asks StatusServer as before.
  // The same durable view StatusServer has (issue 11): the store as a cache, the database behind
  // it, so a token still checks out after Redis restarts empty.
  const shared = hub !== undefined || s.stores.kind === 'redis';
  const remote = connectStatus(statusAddr);
  const status = shared ? withLocalTokens(remote, await loginTokens(s)) : remote;
  const name = `chat-${index + 1}`;
  const chat = createChatServer({
    name,
    publicHost: s.config.PUBLIC_HOST,
    db: await s.db(),
    stores: s.stores,
    status,
    peers: hub
      ? hub.transport()
      : grpcPeerTransport({
          host: s.config.HOST,
          port: s.config.PEER_PORT_BASE + index,
          logger: s.logger,
        }),
    logger: s.logger,
    metrics: s.metrics,
    config: chatConfig(s.config),
  });
  const port = await chat.listen(s.config.HOST, s.config.CHAT_PORT_BASE + index);
  s.onRedisBack(() => void chat.reclaimRoutes());
  return {
    name,
    port,
    ready: () => chat.ready(),
    async stop() {
      // Cluster mode: a planned stop of one ChatServer among others, so its clients move first
      // (PROTOCOL.md §9.5). Embedded mode stops every server at once: there is nowhere to move.
      if (hub) await chat.close();
      else
        await chat.drain({
          reconnectInMs: s.config.DRAIN_RECONNECT_MS,
          timeoutMs: s.config.DRAIN_TIMEOUT_MS,
        });
      status.close();
    },
  };
}

export async function startBridge(
  s: Shared,
  statusAddr: string,
): Promise<{ port: number; stop: Stop }> {
  const status = connectStatus(statusAddr);
  const bridge = createBridge({
    lookup: registryLookup(() => status.list()),
    allowedOrigins: s.config.allowedOrigins,
    maxBody: s.config.MAX_BODY,
    logger: s.logger,
  });
  const port = await bridge.listen(s.config.HOST, s.config.BRIDGE_PORT);
  return {
    port,
    async stop() {
      await bridge.close();
      status.close();
    },
  };
}
