// GateServer: the HTTP front door (PROTOCOL.md §7). Factory only; never binds on import.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, ParleyError, isParleyError } from '@parley/proto';
import type { Logger, RateLimits, RateLimitStore } from '@parley/core';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import type { VerifyClient } from '@parley/verify';
import { bearer, clientIp, readJson, sendError, sendJson, watchdog } from './http';
import { createUserRepo } from './users';
import { createAuthRoutes } from './routes/auth';
import { createMediaRoutes, isMediaPath, type MediaOptions } from './routes/media';

/** Auth bodies are tiny; anything larger is refused before parsing. */
export const AUTH_BODY_LIMIT = 16 * 1024;
/** How long a request body may take to arrive: JSON bodies are tiny; a 100 MB upload on a slow
 *  link takes minutes (and is also cut off when it stalls, routes/media.ts). */
const REQUEST_MS = 30_000; // 30 s
const UPLOAD_REQUEST_MS = 15 * 60_000; // 15 min

export interface GateOptions {
  db: Db;
  status: StatusClient;
  verify: VerifyClient;
  limiter: RateLimitStore;
  limits: RateLimits;
  devMailbox: boolean;
  /** Media storage and per-kind upload limits (PROTOCOL.md §7 `POST /media`). */
  media: MediaOptions;
  logger: Logger;
}

export interface GateServer {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

export function createGateServer(opts: GateOptions): GateServer {
  const logger = opts.logger.child({ svc: 'gate' });
  const auth = createAuthRoutes({ ...opts, users: createUserRepo(opts.db) });
  const media = createMediaRoutes({ ...opts, logger });
  const POST_ROUTES: Record<
    string,
    (req: IncomingMessage) => Promise<{ status: number; body: unknown }>
  > = {
    '/auth/code': async (req) => auth.code(await readJson(req, AUTH_BODY_LIMIT), clientIp(req)),
    '/auth/register': async (req) =>
      auth.register(await readJson(req, AUTH_BODY_LIMIT), clientIp(req)),
    '/auth/login': async (req) => auth.login(await readJson(req, AUTH_BODY_LIMIT), clientIp(req)),
    '/auth/reset': async (req) => auth.reset(await readJson(req, AUTH_BODY_LIMIT), clientIp(req)),
    '/auth/logout': (req) => auth.logout(bearer(req)),
    '/auth/assign': (req) => auth.assign(bearer(req)),
  };

  async function handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { error: 0 });
    if (req.method === 'GET' && path === '/dev/mailbox') {
      if (!opts.devMailbox)
        throw new ParleyError(ErrorCode.NOT_FOUND, 'mail goes to a real SMTP server');
      return sendJson(res, 200, { error: 0, mails: await opts.verify.outbox(50) });
    }
    if (isMediaPath(path)) return media.handle(req, res, path);
    const route = POST_ROUTES[path];
    if (!route) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such route');
    if (req.method !== 'POST')
      throw new ParleyError(ErrorCode.BAD_REQUEST, 'use POST', { status: 405 });
    const out = await route(req);
    sendJson(res, out.status, out.body);
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    watchdog(req, isMediaPath(path) ? UPLOAD_REQUEST_MS : REQUEST_MS);
    handle(req, res, path).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (isParleyError(err)) return sendError(res, err);
      logger.error({ err, url: req.url }, 'gate: unexpected failure');
      sendError(res, new ParleyError(ErrorCode.INTERNAL, 'internal error'));
    });
  });
  server.headersTimeout = 10_000;
  // Per request instead (watchdog above): Node's requestTimeout is one value for every route.
  server.requestTimeout = 0;

  return {
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
