// GateServer: the HTTP front door (PROTOCOL.md §7). Factory only; never binds on import.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode, ParleyError, isParleyError } from '@parley/proto';
import type { Logger, RateLimits, RateLimitStore } from '@parley/core';
import type { Db } from '@parley/db';
import type { StatusClient } from '@parley/status';
import type { VerifyClient } from '@parley/verify';
import { bearer, clientIp, readJson, sendError, sendJson } from './http';
import { createUserRepo } from './users';
import { createAuthRoutes } from './routes/auth';

/** Auth bodies are tiny; anything larger is refused before parsing. */
export const AUTH_BODY_LIMIT = 16 * 1024;

export interface GateOptions {
  db: Db;
  status: StatusClient;
  verify: VerifyClient;
  limiter: RateLimitStore;
  limits: RateLimits;
  devMailbox: boolean;
  logger: Logger;
}

export interface GateServer {
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

export function createGateServer(opts: GateOptions): GateServer {
  const logger = opts.logger.child({ svc: 'gate' });
  const auth = createAuthRoutes({ ...opts, users: createUserRepo(opts.db) });
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { error: 0 });
    if (req.method === 'GET' && path === '/dev/mailbox') {
      if (!opts.devMailbox)
        throw new ParleyError(ErrorCode.NOT_FOUND, 'mail goes to a real SMTP server');
      return sendJson(res, 200, { error: 0, mails: await opts.verify.outbox(50) });
    }
    const route = POST_ROUTES[path];
    if (!route) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such route');
    if (req.method !== 'POST')
      throw new ParleyError(ErrorCode.BAD_REQUEST, 'use POST', { status: 405 });
    const out = await route(req);
    sendJson(res, out.status, out.body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (isParleyError(err)) return sendError(res, err);
      logger.error({ err, url: req.url }, 'gate: unexpected failure');
      sendError(res, new ParleyError(ErrorCode.INTERNAL, 'internal error'));
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

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
