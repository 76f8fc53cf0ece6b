// A promise-based StatusServer client for GateServer, ChatServers and the bridge. Protocol errors
// come back as ParleyError; a transport failure becomes INTERNAL/UNAVAILABLE.
import { call, createStatusClient } from '@parley/proto/grpc';
import { ErrorCode, ParleyError, type ErrorCodeValue } from '@parley/proto';

export interface ChatServerAddr {
  name: string;
  host: string;
  port: number;
  load: number;
  /** gRPC address of the ChatServer's PeerService ('' when it has none). */
  peer?: string;
  /** Stopping on purpose (PROTOCOL.md §9.5): listed, but not picked for new clients. */
  draining?: boolean;
}

export interface StatusClient {
  report(s: ChatServerAddr): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<ChatServerAddr[]>;
  pick(): Promise<ChatServerAddr>;
  issueToken(uid: string): Promise<{ token: string; expiresAt: number }>;
  validateToken(token: string): Promise<string>;
  revokeToken(token: string): Promise<void>;
  revokeUserTokens(uid: string): Promise<void>;
  close(): void;
}

function check<T extends { error: number; message: string }>(r: T): T {
  if (r.error !== 0) throw new ParleyError(r.error as ErrorCodeValue, r.message || undefined);
  return r;
}

function transport(err: unknown): never {
  if (err instanceof ParleyError) throw err;
  throw new ParleyError(ErrorCode.INTERNAL, 'status service unreachable');
}

export function connectStatus(address: string): StatusClient {
  const c = createStatusClient(address);
  const run = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await p();
    } catch (err) {
      return transport(err);
    }
  };
  return {
    report: (s) => run(async () => void check(await call(c, 'ReportChatServer', { server: s }))),
    remove: (name) => run(async () => void check(await call(c, 'RemoveChatServer', { name }))),
    list: () => run(async () => (await call(c, 'ListChatServers', {})).servers),
    pick: () =>
      run(async () => {
        const r = check(await call(c, 'PickChatServer', {}));
        if (!r.server) throw new ParleyError(ErrorCode.UNAVAILABLE);
        return r.server;
      }),
    issueToken: (uid) =>
      run(async () => {
        const r = check(await call(c, 'IssueToken', { uid }));
        return { token: r.token, expiresAt: r.expiresAt };
      }),
    validateToken: (token) => run(async () => check(await call(c, 'ValidateToken', { token })).uid),
    revokeToken: (token) => run(async () => void check(await call(c, 'RevokeToken', { token }))),
    revokeUserTokens: (uid) =>
      run(async () => void check(await call(c, 'RevokeUserTokens', { uid }))),
    close: () => c.close(),
  };
}
