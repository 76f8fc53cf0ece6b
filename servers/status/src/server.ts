// StatusServer: the gRPC face of the registry and token authority. Factory only.
import {
  bindServer,
  grpc,
  shutdownServer,
  statusService,
  type StatusServiceHandlers,
} from '@parley/proto/grpc';
import { ErrorCode, isParleyError } from '@parley/proto';
import type { Logger, Stores } from '@parley/core';
import { createStatusService, type StatusService } from './service';

/** What StatusServer writes on an Attach stream (status.proto `Ack`). */
interface AttachAck {
  error: number;
  message: string;
  kickUid?: string;
  kickReason?: string;
}

export interface StatusServerOptions {
  stores: Pick<Stores, 'registry' | 'tokens'>;
  tokenTtlMs: number;
  registryTtlMs?: number;
  logger: Logger;
}

export interface StatusServer {
  service: StatusService;
  listen(host: string, port: number): Promise<number>;
  close(): Promise<void>;
}

function fail(err: unknown, logger: Logger): { error: number; message: string } {
  if (isParleyError(err)) return { error: err.code, message: err.message };
  logger.error({ err }, 'status: unexpected failure');
  return { error: ErrorCode.INTERNAL, message: 'internal error' };
}

export function createStatusServer(opts: StatusServerOptions): StatusServer {
  const logger = opts.logger.child({ svc: 'status' });
  const service = createStatusService(opts);
  const server = new grpc.Server();
  /** The Attach stream of each ChatServer: the newest one per name counts. */
  /** ChatServer name → its Attach stream (liveness, and §9.2 kicks of a uid everywhere). */
  const attached = new Map<string, { write(ack: AttachAck): unknown }>();
  /** Shutting down: our own streams end, which says nothing about the ChatServers. */
  let closing = false;
  const ok = { error: 0, message: '' };
  /** Every handler answers with a body; protocol errors travel in it, never as gRPC errors. */
  const reply = <T>(p: Promise<T>, cb: (e: null, v: object) => void, map: (v: T) => object): void =>
    void p.then(
      (v) => cb(null, map(v)),
      (err: unknown) => cb(null, fail(err, logger)),
    );

  const toInfo = (s: {
    name: string;
    host: string;
    port: number;
    load: number;
    peer?: string;
    draining?: boolean;
  }) => ({
    name: s.name,
    host: s.host,
    port: s.port,
    load: s.load,
    peer: s.peer ?? '',
    draining: s.draining ?? false,
  });

  const handlers: StatusServiceHandlers = {
    ReportChatServer(call, cb) {
      const s = call.request.server;
      reply(service.report(s ?? { name: '', host: '', port: 0, load: 0 }), cb, () => ok);
    },
    RemoveChatServer(call, cb) {
      reply(service.remove(call.request.name), cb, () => ok);
    },
    Attach(call) {
      const name = call.request.name;
      if (!name) {
        call.write({ error: ErrorCode.BAD_REQUEST, message: 'name is required' });
        call.end();
        return;
      }
      attached.set(name, call);
      call.write(ok);
      let done = false;
      const gone = () => {
        if (done) return;
        done = true;
        if (attached.get(name) !== call) return; // a newer process of that name attached since
        attached.delete(name);
        if (closing) return;
        // The ChatServer died or lost us: out of the pick now, not when its entry's TTL ends.
        logger.warn({ server: name }, 'ChatServer link lost: removed from the registry');
        service
          .remove(name)
          .catch((err: unknown) => logger.error({ err, server: name }, 'registry remove failed'));
      };
      call.on('cancelled', gone);
      call.on('error', gone);
      call.on('close', gone);
    },
    ListChatServers(_call, cb) {
      service.list().then(
        (list) => cb(null, { servers: list.map(toInfo) }),
        (err: unknown) => cb({ code: grpc.status.INTERNAL, details: String(err) }),
      );
    },
    PickChatServer(_call, cb) {
      reply(service.pick(), cb, (s) => ({ ...ok, server: toInfo(s) }));
    },
    IssueToken(call, cb) {
      reply(service.issueToken(call.request.uid), cb, (t) => ({ ...ok, ...t }));
    },
    ValidateToken(call, cb) {
      reply(service.validateToken(call.request.token), cb, (uid) => ({ ...ok, uid }));
    },
    RevokeToken(call, cb) {
      reply(service.revokeToken(call.request.token), cb, () => ok);
    },
    RevokeUserTokens(call, cb) {
      const { uid, kickReason } = call.request;
      reply(
        service.revokeUserTokens(uid).then(() => {
          // §9.2: the tokens are gone; now every device of the uid, on every ChatServer, is
          // closed with the reason (a password reset logs everyone out at once).
          if (kickReason)
            for (const c of attached.values()) c.write({ ...ok, kickUid: uid, kickReason });
        }),
        cb,
        () => ok,
      );
    },
    RevokeTokenHashes(call, cb) {
      reply(service.revokeTokenHashes(call.request.hashes), cb, () => ok);
    },
  };
  server.addService(statusService(), handlers);
  return {
    service,
    listen: (host, port) => bindServer(server, host, port),
    close: () => {
      closing = true;
      return shutdownServer(server);
    },
  };
}
