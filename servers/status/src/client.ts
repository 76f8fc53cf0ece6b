// A promise-based StatusServer client for GateServer, ChatServers and the bridge. Protocol errors
// come back as ParleyError; a transport failure becomes INTERNAL/UNAVAILABLE.
import { call, createStatusClient } from '@parley/proto/grpc';
import { ErrorCode, ParleyError, type ErrorCodeValue } from '@parley/proto';
import type { RegistryEntry, TokenStore } from '@parley/core';
import { validateTokenIn } from './service';

/** A ChatServer as clients are told of it: its registry entry (@parley/core). */
export type ChatServerAddr = RegistryEntry;

export interface StatusClient {
  report(s: ChatServerAddr): Promise<void>;
  remove(name: string): Promise<void>;
  /** Hold the liveness stream for ChatServer `name` (StatusServer drops the entry when it
   *  breaks); `onLost` is called once if it ends other than by `close()`. */
  attach(
    name: string,
    onLost: (err: Error) => void,
    onAttached?: () => void,
    onKick?: (uid: string, reason: string) => void,
  ): { close(): void };
  list(): Promise<ChatServerAddr[]>;
  pick(): Promise<ChatServerAddr>;
  issueToken(uid: string): Promise<{ token: string; expiresAt: number }>;
  validateToken(token: string): Promise<string>;
  revokeToken(token: string): Promise<void>;
  /** With `kickReason`, every ChatServer then closes the uid's connections with KICKED of that
   *  reason (PROTOCOL.md §9.2: "password_reset"). */
  revokeUserTokens(uid: string, kickReason?: string): Promise<void>;
  /** PROTOCOL.md §9.2 DEVICE_REVOKE: revoke tokens known only by their hashes. */
  revokeTokenHashes(hashes: string[]): Promise<void>;
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
    attach(name, onLost, onAttached, onKick) {
      const stream = c.Attach({ name });
      let over = false;
      const end = (err: Error) => {
        if (over) return;
        over = true;
        onLost(err);
      };
      stream.on(
        'data',
        (a: { error: number; message: string; kickUid?: string; kickReason?: string }) => {
          if (a.error !== 0) end(new ParleyError(a.error as ErrorCodeValue, a.message));
          else if (a.kickUid) onKick?.(a.kickUid, a.kickReason ?? '');
          else onAttached?.();
        },
      );
      stream.on('error', (err: Error) => end(err));
      stream.on('end', () => end(new Error('StatusServer ended the stream')));
      return {
        close() {
          over = true;
          stream.cancel();
        },
      };
    },
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
    revokeUserTokens: (uid, kickReason) =>
      run(async () => void check(await call(c, 'RevokeUserTokens', { uid, kickReason }))),
    revokeTokenHashes: (hashes) =>
      run(async () => void check(await call(c, 'RevokeTokenHashes', { hashes }))),
    close: () => c.close(),
  };
}

/** `client` with validateToken answered from `tokens`, the store StatusServer itself reads: for a
 *  service that shares it, a token check costs no gRPC round trip. Everything else still goes to
 *  StatusServer (issuing and revoking tokens write through the same store, so both see them). */
export function withLocalTokens(
  client: StatusClient,
  tokens: Pick<TokenStore, 'lookup'>,
): StatusClient {
  return { ...client, validateToken: (token) => validateTokenIn(tokens, token) };
}
