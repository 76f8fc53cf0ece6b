// VerifyServer: the gRPC face of the verification service. Factory only; never binds on import.
import {
  bindServer,
  grpc,
  shutdownServer,
  verifyService,
  type VerifyServiceHandlers,
} from '@parley/proto/grpc';
import { ErrorCode, isParleyError } from '@parley/proto';
import type { Logger, RateLimits, Stores } from '@parley/core';
import { createVerifyService, type VerifyService } from './service';
import { createOutboxMailer, createSmtpMailer, type Mailer } from './mailer';

export interface VerifyServerOptions {
  stores: Pick<Stores, 'codes' | 'limits'>;
  limits: RateLimits;
  codeTtlMs: number;
  smtpUrl?: string | undefined;
  mailFrom: string;
  logger: Logger;
}

export interface VerifyServer {
  service: VerifyService;
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

/** gRPC replies carry the protocol's error codes in the body (PROTOCOL.md §6), so callers map them
 *  straight to HTTP; only transport failures surface as gRPC status errors. */
export function toReply(
  err: unknown,
  logger: Logger,
): { error: number; message: string; retryAfterMs?: number } {
  if (isParleyError(err)) {
    const retry = err.extra?.['retryAfterMs'];
    return {
      error: err.code,
      message: err.message,
      ...(typeof retry === 'number' ? { retryAfterMs: retry } : {}),
    };
  }
  logger.error({ err }, 'verify: unexpected failure');
  return { error: ErrorCode.INTERNAL, message: 'internal error' };
}

export function createVerifyServer(opts: VerifyServerOptions): VerifyServer {
  const logger = opts.logger.child({ svc: 'verify' });
  const mailer: Mailer = opts.smtpUrl
    ? createSmtpMailer(opts.smtpUrl, opts.mailFrom)
    : createOutboxMailer(logger);
  const service = createVerifyService({
    stores: opts.stores,
    mailer,
    limits: opts.limits,
    codeTtlMs: opts.codeTtlMs,
    logger,
  });
  const server = new grpc.Server();
  const handlers: VerifyServiceHandlers = {
    SendCode(call, cb) {
      const { email, purpose, silent } = call.request;
      service.sendCode(email, purpose, silent).then(
        () => cb(null, { error: 0, message: '' }),
        (err: unknown) => cb(null, toReply(err, logger)),
      );
    },
    CheckCode(call, cb) {
      const { email, purpose, code } = call.request;
      service.checkCode(email, purpose, code).then(
        () => cb(null, { error: 0, message: '' }),
        (err: unknown) => cb(null, toReply(err, logger)),
      );
    },
    ListOutbox(call, cb) {
      cb(null, { error: 0, mails: service.outbox(Math.min(call.request.limit || 50, 200)) });
    },
  };
  server.addService(verifyService(), handlers);
  return {
    service,
    listen: (host, port) => bindServer(server, host, port),
    async close() {
      await shutdownServer(server);
      mailer.close();
    },
  };
}
