// StatusServer's logic: the registry of live ChatServers (load = live connections) and the token
// authority. Tokens are opaque 256-bit values; only their hashes are stored (issue 2).
import { ErrorCode, ParleyError } from '@parley/proto';
import { newToken, sha256, type ChatServerEntry, type Stores } from '@parley/core';

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
}

export function createStatusService(deps: StatusDeps): StatusService {
  const { stores, tokenTtlMs } = deps;
  const ttl = deps.registryTtlMs ?? REGISTRY_TTL_MS;
  return {
    async report(entry) {
      if (!entry.name || !entry.host || !entry.port) {
        throw new ParleyError(ErrorCode.BAD_REQUEST, 'name, host and port are required');
      }
      await stores.registry.upsert(entry, ttl);
    },
    remove: (name) => stores.registry.remove(name),
    list: () => stores.registry.list(),
    async pick() {
      // A draining server (PROTOCOL.md §9.5) stays listed for its peers but takes no one new.
      const live = (await stores.registry.list()).filter((s) => !s.draining);
      if (live.length === 0)
        throw new ParleyError(ErrorCode.UNAVAILABLE, 'no ChatServer available');
      // Least loaded; ties go to the first by name so the choice is deterministic.
      let best = live[0]!;
      for (const s of live) if (s.load < best.load) best = s;
      return best;
    },
    async issueToken(uid) {
      if (!uid) throw new ParleyError(ErrorCode.BAD_REQUEST, 'uid is required');
      const token = newToken();
      const expiresAt = Date.now() + tokenTtlMs;
      await stores.tokens.save(sha256(token), uid, expiresAt);
      return { token, expiresAt };
    },
    async validateToken(token) {
      const uid = token ? await stores.tokens.lookup(sha256(token)) : null;
      if (!uid) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token unknown, expired or revoked');
      return uid;
    },
    async revokeToken(token) {
      if (token) await stores.tokens.revoke(sha256(token));
    },
    async revokeUserTokens(uid) {
      await stores.tokens.revokeUser(uid);
    },
  };
}
