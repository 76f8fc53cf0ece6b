// ChatServer: TCP, length-prefixed frames (PROTOCOL.md §1). Factory only; never binds on import.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import {
  ErrorCode,
  FrameTooLargeError,
  MsgType,
  isParleyError,
  parseRequest,
  responseTypeOf,
  ParleyError,
} from '@parley/proto';
import type { Frame } from '@parley/proto';
import type { Logger, Stores } from '@parley/core';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import { Connection } from './connection';
import type { ChatConfig, ChatContext } from './context';
import { handlers } from './router';
import { startReporter } from './reporter';

export interface ChatServerOptions {
  name: string;
  /** Address announced to StatusServer for clients and the bridge. */
  publicHost: string;
  db: Db;
  stores: Pick<Stores, 'routes'>;
  status: StatusClient;
  logger: Logger;
  config?: Partial<ChatConfig>;
}

export interface ChatServer {
  readonly name: string;
  readonly ctx: ChatContext;
  listen(host: string, port: number): Promise<number>;
  /** Live authenticated connections (the load reported to StatusServer). */
  load(): number;
  close(): Promise<void>;
}

export const DEFAULT_CHAT_CONFIG: ChatConfig = {
  heartbeatMs: 20_000,
  maxBody: 64 * 1024,
  loginTimeoutMs: 10_000, // PROTOCOL.md §4
};

/** How often idle/login deadlines are checked. */
const SWEEP_MS = 1_000;

export function createChatServer(opts: ChatServerOptions): ChatServer {
  const config = { ...DEFAULT_CHAT_CONFIG, ...opts.config };
  const logger = opts.logger.child({ svc: 'chat', server: opts.name });
  const ctx: ChatContext = {
    name: opts.name,
    config,
    db: opts.db,
    stores: opts.stores,
    status: opts.status,
    logger,
    online: new Map(),
  };
  const conns = new Set<Connection>();
  let nextId = 1;
  let stopReporter: (() => Promise<void>) | undefined;

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
    const body = {
      error: err.code,
      message: err.message,
      ...(reqId !== undefined ? { reqId } : {}),
    };
    const [t, b] = rsp !== undefined ? [rsp, body] : [MsgType.ERROR, { ...body, refType: type }];
    if (close) conn.end(t, b);
    else conn.send(t, b);
  }

  async function dispatch(conn: Connection, frame: Frame): Promise<void> {
    const { type } = frame;
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
    const handler = handlers[type];
    if (!handler) {
      return conn.send(MsgType.ERROR, {
        error: ErrorCode.UNKNOWN_TYPE,
        message: 'unknown type',
        refType: type,
      });
    }
    const parsed = parseRequest(type, frame.body);
    if (!parsed.ok) return fail(conn, type, parsed.error, reqIdOf(frame.body));
    const body = parsed.value as Record<string, unknown>;
    const reqId = Number.isInteger(body['reqId']) ? (body['reqId'] as number) : undefined;
    try {
      const out = await handler(ctx, conn, body);
      const rsp = responseTypeOf(type);
      if (rsp !== undefined && out !== undefined) {
        conn.send(rsp, {
          error: 0,
          message: '',
          ...out,
          ...(reqId !== undefined ? { reqId } : {}),
        });
      }
    } catch (err) {
      const e = isParleyError(err) ? err : new ParleyError(ErrorCode.INTERNAL, 'internal error');
      if (!isParleyError(err)) conn.log.error({ err, type }, 'handler failed');
      // A failed LOGIN closes the connection: it cannot do anything else (§4).
      fail(conn, type, e, reqId, type === MsgType.LOGIN);
    }
  }

  function onConnection(socket: Socket): void {
    socket.setNoDelay(true);
    const conn = new Connection(
      nextId++,
      socket,
      config.maxBody,
      logger.child({ connId: nextId - 1 }),
    );
    conns.add(conn);
    // Frames of one connection are handled strictly in order: LOGIN must finish before the next.
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
      for (const f of frames) chain = chain.then(() => dispatch(conn, f));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      conn.closed = true;
      conns.delete(conn);
      const s = conn.session;
      if (s && ctx.online.get(s.uid) === conn) {
        ctx.online.delete(s.uid);
        // Compare-and-delete: never removes a newer session's route.
        ctx.stores.routes
          .release(s.uid, s.sessionId)
          .catch((err: unknown) => logger.warn({ err }, 'route release failed'));
      }
    });
  }

  const server = createServer(onConnection);
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const c of conns) {
      const limit = c.session ? config.heartbeatMs * 3 : config.loginTimeoutMs;
      if (now - c.lastSeen > limit && !c.closed) c.destroy();
    }
  }, SWEEP_MS);
  sweeper.unref();

  return {
    name: opts.name,
    ctx,
    load: () => ctx.online.size,
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const bound = (server.address() as AddressInfo).port;
          stopReporter = startReporter({
            status: opts.status,
            info: () => ({
              name: opts.name,
              host: opts.publicHost,
              port: bound,
              load: ctx.online.size,
            }),
            logger,
          });
          resolve(bound);
        });
      }),
    async close() {
      clearInterval(sweeper);
      await stopReporter?.();
      for (const c of conns) c.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
