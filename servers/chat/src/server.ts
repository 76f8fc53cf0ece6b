// ChatServer: TCP, length-prefixed frames (PROTOCOL.md §1). Factory only; never binds on import.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  ErrorCode,
  FrameTooLargeError,
  MsgType,
  MsgTypeName,
  isParleyError,
  parseRequest,
  responseTypeOf,
  ParleyError,
  type Frame,
} from '@parley/proto';
import type { Logger, Registry, Stores } from '@parley/core';
import { ChatCounters, chatMetrics } from './metrics';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import { Connection } from './connection';
import { Later, RawReply, type ChatConfig, type ChatContext } from './context';
import { handlerFor } from './router';
import { startReporter, type Reporter } from './reporter';
import { announce, kick, kickedBody, refreshRoute, type KickReason } from './handlers/session';
import { createUserData } from './data/users';
import { createFriendData } from './data/friends';
import { createConversationData } from './data/conversations';
import { createGroupData } from './data/groups';
import { createSearchData, INDEX_WINDOW, SCAN_REACH } from './data/search';
import { applyControl } from './delivery/control';
import { MessageWriter } from './data/message-writer';
import { loadQuotes } from './data/quotes';
import { CursorWriter } from './data/cursor-writer';
import { acquireHotStore, type HotStore } from './data/store';
import { acquireSearchIndex, type SearchIndex } from './data/search-index';
import { Fanout, type PeerDirectory } from './delivery/fanout';
import { OnlineUsers } from './delivery/online';
import { createDeviceCursorData } from './data/device-cursors';
import { createDeviceTokenData } from './data/device-tokens';
import type { PeerTransport } from './peers/types';

export interface ChatServerOptions {
  name: string;
  /** Address announced to StatusServer for clients and the bridge. */
  publicHost: string;
  db: Db;
  stores: Pick<Stores, 'routes'>;
  status: StatusClient;
  /** How this server reaches its peers: a PeerHub transport in one process, gRPC across processes. */
  peers: PeerTransport;
  logger: Logger;
  config?: Partial<ChatConfig>;
  /** The process's Prometheus registry (issue 11 item 8); without it nothing is exported. */
  metrics?: Registry;
  /** The hot store and search index to use instead of this thread's own per-database ones: a
   *  ChatServer on a thread of its own (embedded mode, issue 9) reaches the process's single
   *  store worker and indexer through the main thread, so each database file keeps one writer.
   *  The server still calls `release()` on them once when it closes. */
  shared?: { hot: HotStore; searchIndex: SearchIndex | null };
}

export interface ChatServer {
  readonly name: string;
  readonly ctx: ChatContext;
  listen(host: string, port: number): Promise<number>;
  /** Live authenticated connections (the load reported to StatusServer). */
  load(): number;
  /** /readyz: null when serving, else why not (not listening yet, draining, closed). */
  ready(): string | null;
  /** The route store came back, maybe empty (issue 11): write every session's route and this
   *  server's registry entry again now, rather than at each client's next HEARTBEAT. Returns
   *  how many sessions were checked. */
  reclaimRoutes(): Promise<number>;
  /** A planned stop (PROTOCOL.md §9.5): marked draining in the registry, SERVER_NOTICE to every
   *  connection, no new logins; waits up to `timeoutMs` for clients to move, then close(). */
  drain(opts?: DrainOptions): Promise<void>;
  /** Stop now: connections closed, commits and pushes in flight finished, this server's routes
   *  released — all before it returns, so the caller may then close the stores. */
  close(): Promise<void>;
}

export interface DrainOptions {
  /** SERVER_NOTICE's reconnectInMs: clients come back within a random delay up to this. */
  reconnectInMs?: number;
  /** How long clients get to leave before the rest are closed (default reconnectInMs + 2 s). */
  timeoutMs?: number;
}

/** §9.5 defaults: clients spread their reconnects over 1 s, so all are back within 2 s. */
export const DRAIN_RECONNECT_MS = 1_000;
/** Time beyond reconnectInMs for the slowest client's goodbye before it is closed. */
const DRAIN_GRACE_MS = 2_000;

export const DEFAULT_CHAT_CONFIG: ChatConfig = {
  heartbeatMs: 20_000,
  maxBody: 64 * 1024,
  loginTimeoutMs: 10_000, // PROTOCOL.md §4
  messagesPerSecond: 50,
  maxGroupMembers: 500, // issue 5
  recallWindowMs: 2 * 60_000, // PROTOCOL.md §3 RECALL: 2 minutes
  searchScanReach: SCAN_REACH,
  searchIndexWindow: INDEX_WINDOW,
  maxConcurrentLogins: 64,
};

/** How often idle/login deadlines are checked. */
const SWEEP_MS = 1_000;
/** How long the peer directory (registry snapshot) is trusted before it is read again. */
const DIRECTORY_TTL_MS = 2_000;

function directory(status: StatusClient): PeerDirectory {
  let snapshot = new Map<string, { name: string; peer?: string | undefined }>();
  let at = 0;
  let loading: Promise<void> | null = null;
  const refresh = () =>
    (loading ??= status
      .list()
      .then((list) => {
        snapshot = new Map(list.map((s) => [s.name, s]));
        at = Date.now();
      })
      .finally(() => (loading = null)));
  return {
    async lookup(name) {
      if (Date.now() - at > DIRECTORY_TTL_MS || !snapshot.has(name))
        await refresh().catch(() => undefined);
      return snapshot.get(name) ?? null;
    },
  };
}

export function createChatServer(opts: ChatServerOptions): ChatServer {
  const config = { ...DEFAULT_CHAT_CONFIG, ...opts.config };
  const logger = opts.logger.child({ svc: 'chat', server: opts.name });
  const online = new OnlineUsers();
  const pendingLogins = new Map<string, Connection>();
  const fanout = new Fanout(
    opts.name,
    online,
    pendingLogins,
    opts.stores.routes,
    opts.peers,
    directory(opts.status),
    logger,
  );
  const metrics = opts.metrics ? chatMetrics(opts.metrics, opts.name) : null;
  const counters = metrics?.counters ?? new ChatCounters();
  const users = createUserData(opts.db);
  const hot = opts.shared?.hot ?? acquireHotStore(opts.db, logger);
  const searchIndex =
    opts.shared !== undefined ? opts.shared.searchIndex : acquireSearchIndex(opts.db, logger);
  const deviceCursors = createDeviceCursorData(opts.db);
  const ctx: ChatContext = {
    name: opts.name,
    config,
    db: opts.db,
    stores: opts.stores,
    status: opts.status,
    logger,
    online,
    pendingLogins,
    users,
    friends: createFriendData(opts.db),
    conversations: createConversationData(opts.db),
    groups: createGroupData(opts.db, users),
    search: createSearchData(opts.db, searchIndex),
    writer: new MessageWriter(hot, logger, metrics?.batch, (rows) =>
      loadQuotes(opts.db.prisma, rows),
    ),
    cursors: new CursorWriter(hot, logger, deviceCursors),
    deviceCursors,
    deviceTokens: createDeviceTokenData(opts.db),
    reads: hot,
    fanout,
    counters,
  };
  const conns = new Set<Connection>();
  let nextId = 1;
  let reporter: Reporter | undefined;
  let draining = false;
  let listening = false;
  // LOGIN admission (issue 11): a fixed number at once, the rest in arrival order.
  let loginsActive = 0;
  const loginQueue: (() => void)[] = [];
  /** Connections whose LOGIN has arrived and is queued or running: the 10 s login deadline
   *  (§4) is for clients that never log in, not for ones this server keeps waiting. */
  const loginWaiting = new WeakSet<Connection>();
  const admit = (): Promise<void> | void => {
    if (loginsActive < config.maxConcurrentLogins) {
      loginsActive++;
      return;
    }
    return new Promise<void>((resolve) => loginQueue.push(resolve));
  };
  const leave = (): void => {
    const next = loginQueue.shift();
    if (next)
      next(); // the slot passes straight on
    else loginsActive--;
  };
  let closing: Promise<void> | null = null;
  /** Route releases of closed connections still on their way to the route store: close() waits
   *  for them, so a stop never leaves routes pointing here (issue 11). */
  const releases = new Set<Promise<unknown>>();

  function reqIdOf(body: Uint8Array): number | undefined {
    // Only used to echo reqId on a failed parse; a body that is not JSON has none.
    try {
      const v = JSON.parse(new TextDecoder().decode(body)) as { reqId?: unknown };
      return Number.isInteger(v.reqId) ? (v.reqId as number) : undefined;
    } catch {
      return undefined;
    }
  }

  function fail(
    conn: Connection,
    type: number,
    err: ParleyError,
    reqId?: number,
    close = false,
  ): void {
    const rsp = responseTypeOf(type);
    const retry = err.extra?.['retryAfterMs'];
    const body = {
      error: err.code,
      message: err.message,
      ...(typeof retry === 'number' ? { retryAfterMs: retry } : {}),
      ...(reqId !== undefined ? { reqId } : {}),
    };
    const [t, b] = rsp !== undefined ? [rsp, body] : [MsgType.ERROR, { ...body, refType: type }];
    if (close) conn.end(t, b);
    else conn.send(t, b);
  }

  function failure(conn: Connection, type: number, err: unknown): ParleyError {
    if (isParleyError(err)) return err;
    // The text in the message itself: "handler failed ()" told an operator nothing (issue 11).
    const why = err instanceof Error ? err.message || err.name : String(err);
    conn.log.error({ err, type }, `handler failed (${MsgTypeName[type] ?? type}): ${why}`);
    return new ParleyError(ErrorCode.INTERNAL, 'internal error');
  }

  /** A handler's answer as the request's response: error 0, its fields, the reqId echoed. */
  function answer(conn: Connection, type: number, reqId: number | undefined, out: object | void) {
    const rsp = responseTypeOf(type);
    if (rsp === undefined || out === undefined) return;
    if (out instanceof RawReply) {
      const tail = reqId !== undefined ? `,"reqId":${reqId}}` : '}';
      conn.sendBody(rsp, `{"error":0,${out.fields}${tail}`);
    } else {
      conn.send(rsp, {
        error: 0,
        message: '',
        ...out,
        ...(reqId !== undefined ? { reqId } : {}),
      });
    }
  }

  async function dispatch(conn: Connection, frame: Frame): Promise<void> {
    const { type } = frame;
    if (conn.closed) return;
    if (!conn.session && type !== MsgType.LOGIN) {
      // §4: the first frame must be LOGIN.
      return fail(
        conn,
        type,
        new ParleyError(ErrorCode.NOT_LOGGED_IN, 'log in first'),
        reqIdOf(frame.body),
        true,
      );
    }
    const handler = handlerFor(type);
    if (!handler) {
      return conn.send(MsgType.ERROR, {
        error: ErrorCode.UNKNOWN_TYPE,
        message: 'unknown type',
        refType: type,
      });
    }
    if (draining && type === MsgType.LOGIN) {
      // §9.5: a draining server takes no logins; the client asks GateServer for another.
      const err = new ParleyError(ErrorCode.UNAVAILABLE, 'this server is restarting');
      return fail(conn, type, err, reqIdOf(frame.body), true);
    }
    const parsed = parseRequest(type, frame.body);
    if (!parsed.ok) return fail(conn, type, parsed.error, reqIdOf(frame.body));
    const body = parsed.value;
    const reqId = body.reqId;
    const isLogin = type === MsgType.LOGIN;
    if (isLogin) {
      loginWaiting.add(conn);
      await admit();
    }
    let result = 'ok';
    try {
      if (conn.closed) return; // gave up while its LOGIN was queued
      const out = await handler(ctx, conn, body);
      if (type === MsgType.LOGIN) reporter?.nudge();
      if (out instanceof Later) {
        out.result.then(
          (o) => answer(conn, type, reqId, o),
          (err: unknown) => fail(conn, type, failure(conn, type, err), reqId),
        );
      } else answer(conn, type, reqId, out);
    } catch (err) {
      // A failed LOGIN closes the connection: it cannot do anything else (§4).
      const e = failure(conn, type, err);
      result = String(e.code);
      fail(conn, type, e, reqId, type === MsgType.LOGIN);
    } finally {
      if (isLogin) {
        metrics?.login(result);
        leave();
        loginWaiting.delete(conn);
      }
    }
  }

  function onConnection(socket: Socket): void {
    socket.setNoDelay(true);
    const id = nextId++;
    const conn = new Connection(id, socket, config.maxBody, logger);
    conns.add(conn);
    // Frames of one connection are handled in order: LOGIN must finish before the next frame,
    // and SEND_MSGs are admitted to the group commit in the order they arrived.
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      let frames: Frame[];
      try {
        frames = conn.push(chunk);
      } catch (err) {
        // FRAME_TOO_LARGE: the good frames before the bad header are still served, then the
        // ERROR push, then close — without reading the body (§1).
        const e = isParleyError(err) ? err : new ParleyError(ErrorCode.BAD_REQUEST);
        const before = err instanceof FrameTooLargeError ? err.frames : [];
        const refType = e.extra?.['type'] as number | undefined;
        socket.pause();
        for (const f of before) chain = chain.then(() => dispatch(conn, f));
        chain = chain.then(() =>
          conn.end(MsgType.ERROR, {
            error: e.code,
            message: e.message,
            ...(refType !== undefined ? { refType } : {}),
          }),
        );
        return;
      }
      counters.framesIn += frames.length;
      for (const f of frames) {
        // HEARTBEAT of a logged-in connection skips the queue: it must be answered even while
        // the requests before it wait on a store (issue 11), or the client takes the server for
        // dead. It touches no state the queued requests depend on.
        if (f.type === MsgType.HEARTBEAT && conn.session) void dispatch(conn, f);
        else {
          // §9.2: what counts as use when a sixth device replaces the one idle longest.
          conn.activeAt = conn.lastSeen;
          chain = chain.then(() => dispatch(conn, f));
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      conn.closed = true;
      conn.inbox?.close();
      conns.delete(conn);
      releaseRoute(conn);
    });
  }

  /** The connection is gone (or about to be, in close()): give up its route, once. */
  function releaseRoute(conn: Connection): void {
    const s = conn.session;
    if (s && online.remove(conn)) {
      reporter?.nudge();
      // DEVICES' lastSeen of this device (best effort: a lost write only shows an older time).
      void ctx.deviceTokens
        .touch(s.tokenHash, Date.now())
        .catch((err: unknown) => logger.warn({ err }, 'device last-seen not written'));
      // Compare-and-delete: never removes a newer session's route. Only a user who is really
      // gone (no device left anywhere, §9.2) is announced offline.
      const release = ctx.stores.routes
        .release(s.uid, s.sessionId)
        .then(
          (r) => (r.released && r.remaining === 0 ? announce(ctx, s.uid, false) : undefined),
          (err: unknown) => logger.warn({ err }, 'route release failed'),
        )
        .catch((err: unknown) => logger.warn({ err }, 'presence failed'))
        .finally(() => releases.delete(release));
      releases.add(release);
    }
  }

  const server = createServer(onConnection);
  counters.sample = () => {
    counters.connections = conns.size;
    counters.online = online.size;
    counters.draining = draining;
    counters.peerStreams = opts.peers.streams?.() ?? 0;
  };
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const c of conns) {
      if (!c.session && loginWaiting.has(c)) continue;
      const limit = c.session ? config.heartbeatMs * 3 : config.loginTimeoutMs;
      if (now - c.lastSeen > limit && !c.closed) c.destroy();
    }
  }, SWEEP_MS);
  sweeper.unref();

  return {
    name: opts.name,
    ctx,
    load: () => online.size,
    async listen(host, port) {
      await hot.ready(); // LOGIN reads through it: no client waits for its thread to start
      const peer = await opts.peers.start(opts.name, (_from, envelopes) => {
        // Control first (a group change drops cached member lists), then the users' frames.
        fanout.receive(applyControl(ctx, envelopes));
      });
      const bound = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
      listening = true;
      reporter = startReporter({
        status: opts.status,
        // §9.2: a password reset closes every device of the user, wherever it is connected.
        onKick: (uid, reason) => {
          for (const c of [...online.devices(uid)]) kick(c, kickedBody(kickReason(reason)));
        },
        info: () => ({
          name: opts.name,
          host: opts.publicHost,
          port: bound,
          load: online.size,
          peer,
          draining,
        }),
        logger,
      });
      return bound;
    },
    ready: () => (closing ? 'closed' : draining ? 'draining' : listening ? null : 'not listening'),
    async reclaimRoutes() {
      const sessions = [...online.all()];
      if (reporter) await reporter.report().catch(() => undefined);
      // A bounded number at once: 10,000 sessions must not become 10,000 commands in one tick.
      for (let i = 0; i < sessions.length; i += RECLAIM_BATCH) {
        await Promise.all(
          sessions
            .slice(i, i + RECLAIM_BATCH)
            .map((c) =>
              refreshRoute(ctx, c).catch((err: unknown) =>
                c.log.warn({ err }, 'route reclaim failed'),
              ),
            ),
        );
      }
      logger.info({ sessions: sessions.length }, 'routes written again after a route-store outage');
      return sessions.length;
    },
    async drain(o = {}) {
      if (draining || closing) return closing ?? close();
      draining = true;
      const reconnectInMs = o.reconnectInMs ?? DRAIN_RECONNECT_MS;
      const timeoutMs = o.timeoutMs ?? reconnectInMs + DRAIN_GRACE_MS;
      logger.info({ connections: conns.size, reconnectInMs }, 'draining');
      // Out of the pick first, so no client is sent here while the notices go out; still listed,
      // so peers keep forwarding to the users that have not moved yet.
      if (reporter) await reporter.report().catch(() => undefined);
      server.close(); // no new connections
      const notice = JSON.stringify({ reason: 'draining', reconnectInMs });
      for (const c of conns) c.sendBody(MsgType.SERVER_NOTICE, notice);
      const deadline = Date.now() + timeoutMs;
      while (conns.size > 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
      // Answer the sends already admitted before the stragglers are closed.
      await ctx.writer.close();
      logger.info({ left: conns.size }, 'drained');
      return close();
    },
    close,
  };

  function close(): Promise<void> {
    return (closing ??= (async () => {
      clearInterval(sweeper);
      // Out of the registry first, so nobody is sent here while the rest shuts down.
      await reporter?.stop();
      server.close();
      // end(), not destroy(): what is queued (responses to sends just stored) still goes out.
      for (const c of conns) c.end();
      await ctx.writer.close();
      await ctx.cursors.close();
      // The routes of every connection here are released now, not when each socket finishes
      // closing: they must land before the caller closes the route store.
      for (const c of conns) releaseRoute(c);
      while (releases.size > 0) await Promise.all(releases);
      await fanout.idle();
      await hot.release();
      await searchIndex?.release();
      await opts.peers.close();
      metrics?.remove();
    })());
  }
}

const KICK_REASONS: readonly string[] = ['replaced', 'device_limit', 'revoked', 'password_reset'];
/** A reason StatusServer sends, as one of §9.2's ("revoked" for one this version does not know). */
function kickReason(reason: string): KickReason {
  return KICK_REASONS.includes(reason) ? (reason as KickReason) : 'revoked';
}

/** Route refreshes in flight at once when the route store comes back. */
const RECLAIM_BATCH = 256;

/** How often a drain checks whether every client has gone. */
const DRAIN_POLL_MS = 50;
