// StatusServer's logic: the registry of live ChatServers (load = live connections) and the token
// authority. Tokens are opaque 256-bit values; only their hashes are stored (issue 2).
import { ErrorCode, ParleyError } from '@parley/proto';
import { newToken, sha256, type ChatServerEntry, type Stores, type TokenStore } from '@parley/core';

/** A ChatServer reports every 3 s (servers/chat/src/reporter.ts); its entry lives
 *  REGISTRY_TTL_MS, so a dead one drops out within 15 s of its last report (issue 2) even if one
 *  report is lost. */
export const REGISTRY_TTL_MS = 10_000;

export interface StatusDeps {
  stores: Pick<Stores, 'registry' | 'tokens'>;
  tokenTtlMs: number;
  registryTtlMs?: number;
}

export interface StatusService {
  report(entry: {
    name: string;
    host: string;
    port: number;
    load: number;
    peer?: string;
    draining?: boolean;
  }): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<ChatServerEntry[]>;
  pick(): Promise<ChatServerEntry>;
  issueToken(uid: string): Promise<{ token: string; expiresAt: number }>;
  validateToken(token: string): Promise<string>;
  revokeToken(token: string): Promise<void>;
  revokeUserTokens(uid: string): Promise<void>;
  /** Tokens known by their hashes (a device's, PROTOCOL.md §9.2). */
  revokeTokenHashes(hashes: string[]): Promise<void>;
}

export function createStatusService(deps: StatusDeps): StatusService {
  const { stores, tokenTtlMs } = deps;
  const ttl = deps.registryTtlMs ?? REGISTRY_TTL_MS;
  /** Assignments handed out per ChatServer since its last report. A report's load is up to 3 s
   *  old, so picking by it alone sent all 1,000 logins of a burst to one server (issue 9); the
   *  load a pick sees is the reported one plus what this StatusServer has handed out since. */
  const handedOut = new Map<string, number>();
  return {
    async report(entry) {
      if (!entry.name || !entry.host || !entry.port) {
        throw new ParleyError(ErrorCode.BAD_REQUEST, 'name, host and port are required');
      }
      await stores.registry.upsert(entry, ttl);
      // The reported load now counts the clients that came in; the ones still on their way are
      // few next to a burst, and the next report counts them.
      handedOut.delete(entry.name);
    },
    async remove(name) {
      handedOut.delete(name);
      await stores.registry.remove(name);
    },
    list: () => stores.registry.list(),
    async pick() {
      // A draining server (PROTOCOL.md §9.5) stays listed for its peers but takes no one new.
      const live = (await stores.registry.list()).filter((s) => !s.draining);
      if (live.length === 0)
        throw new ParleyError(ErrorCode.UNAVAILABLE, 'no ChatServer available');
      // Least loaded counting recent assignments; ties go to the first by name, so a burst
      // against equal servers goes round-robin.
      let best = live[0]!;
      let bestLoad = best.load + (handedOut.get(best.name) ?? 0);
      for (const s of live) {
        const load = s.load + (handedOut.get(s.name) ?? 0);
        if (load < bestLoad) {
          best = s;
          bestLoad = load;
        }
      }
      handedOut.set(best.name, (handedOut.get(best.name) ?? 0) + 1);
      return best;
    },
    async issueToken(uid) {
      if (!uid) throw new ParleyError(ErrorCode.BAD_REQUEST, 'uid is required');
      const token = newToken();
      const expiresAt = Date.now() + tokenTtlMs;
      await stores.tokens.save(sha256(token), uid, expiresAt);
      return { token, expiresAt };
    },
    validateToken: (token) => validateTokenIn(stores.tokens, token),
    async revokeToken(token) {
      if (token) await stores.tokens.revoke(sha256(token));
    },
    async revokeUserTokens(uid) {
      await stores.tokens.revokeUser(uid);
    },
    async revokeTokenHashes(hashes) {
      for (const hash of hashes) if (hash) await stores.tokens.revoke(hash);
    },
  };
}

/** The uid a live token belongs to, read straight from the token store; TOKEN_INVALID if it is
 *  unknown, expired or revoked. StatusServer answers ValidateToken with this, and a ChatServer
 *  that shares the store (the memory stores of embedded mode, Redis in cluster mode) calls it
 *  itself: one map lookup or one Redis GET per LOGIN instead of a gRPC round trip (issue 9). */
export async function validateTokenIn(
  tokens: Pick<TokenStore, 'lookup'>,
  token: string,
): Promise<string> {
  const uid = token ? await tokens.lookup(sha256(token)) : null;
  if (!uid) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token unknown, expired or revoked');
  return uid;
}
