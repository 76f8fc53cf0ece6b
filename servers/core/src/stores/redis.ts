/**
 * Redis stores for cluster mode: many Gate/Verify/Chat processes share one Redis, so every
 * read-modify-write is one Redis command or one Lua script (redis-scripts.ts) — never a GET
 * followed by a SET from Node, which another process could interleave.
 *
 * Deadlines are Redis PX TTLs, so expired records disappear by themselves; the two indexes
 * (registry index, per-user token sets) are cleaned by the scripts that read them.
 */
import type { ChainableCommander, Redis } from 'ioredis';
import { defineScripts } from './redis-scripts';
import {
  checkDurationMs,
  checkPositiveInt,
  decodeEntry,
  decodeRoute,
  encodeEntry,
  encodeRoute,
  rateDecision,
} from './shared';
import type {
  ChatServerEntry,
  CodeStore,
  ConsumeResult,
  RateDecision,
  RateLimitStore,
  RegistryStore,
  RegistryEntry,
  ClaimResult,
  Route,
  RouteStore,
  Stores,
  TokenStore,
} from './types';
import { MAX_DEVICES } from './types';

export const DEFAULT_REDIS_PREFIX = 'parley:';

/** Every key the Redis stores touch, under one prefix (so a test run can delete exactly its own). */
export function redisKeys(prefix: string) {
  return {
    code: (key: string) => `${prefix}code:${key}`,
    rate: (key: string) => `${prefix}rate:${key}`,
    tokenPrefix: `${prefix}tok:`,
    token: (tokenHash: string) => `${prefix}tok:${tokenHash}`,
    userTokensPrefix: `${prefix}utok:`,
    userTokens: (uid: string) => `${prefix}utok:${uid}`,
    serverPrefix: `${prefix}srv:`,
    server: (name: string) => `${prefix}srv:${name}`,
    serverIndex: `${prefix}srv-index`,
    route: (uid: string) => `${prefix}route:${uid}`,
  } as const;
}

export type RedisKeys = ReturnType<typeof redisKeys>;

/** Runs a MULTI; ioredis reports per-command errors in the result instead of rejecting. */
async function execAll(tx: ChainableCommander): Promise<void> {
  const results = await tx.exec();
  if (results === null) throw new Error('Redis transaction was aborted');
  for (const [err] of results) if (err) throw err;
}

export class RedisCodeStore implements CodeStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async put(key: string, codeHash: string, ttlMs: number): Promise<void> {
    const ttl = checkDurationMs('ttlMs', ttlMs);
    const k = this.#keys.code(key);
    // One MULTI: a consume from another process sees the old record or the new one, never a
    // new hash with the old wrong-try count (n is written back to 0 with it).
    await execAll(this.#redis.multi().hset(k, 'h', codeHash, 'n', 0).pexpire(k, ttl));
  }

  async consume(key: string, codeHash: string, maxAttempts: number): Promise<ConsumeResult> {
    checkPositiveInt('maxAttempts', maxAttempts);
    return this.#redis.parleyCodeConsume(this.#keys.code(key), codeHash, maxAttempts);
  }
}

export class RedisRateLimitStore implements RateLimitStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    checkPositiveInt('limit', limit);
    const windowLen = checkDurationMs('windowMs', windowMs);
    const [count, leftMs] = await this.#redis.parleyRateHit(this.#keys.rate(key), windowLen);
    return rateDecision(count, count <= limit, leftMs);
  }

  async peek(key: string, limit: number): Promise<RateDecision> {
    checkPositiveInt('limit', limit);
    const [count, leftMs] = await this.#redis.parleyRatePeek(this.#keys.rate(key));
    return rateDecision(count, count < limit, leftMs);
  }

  async reset(key: string): Promise<void> {
    await this.#redis.del(this.#keys.rate(key));
  }
}

export class RedisTokenStore implements TokenStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async save(tokenHash: string, uid: string, expiresAt: number): Promise<void> {
    if (!Number.isFinite(expiresAt)) throw new RangeError('expiresAt must be finite');
    // PX from this process's clock, the same clock that chose expiresAt.
    const ttlMs = Math.ceil(expiresAt - Date.now());
    if (ttlMs <= 0) {
      // Already expired: nothing to keep, but an older record under this hash must not stay live.
      await this.revoke(tokenHash);
      return;
    }
    const keys = this.#keys;
    await this.#redis.parleyTokenSave(
      keys.token(tokenHash),
      keys.userTokens(uid),
      uid,
      tokenHash,
      ttlMs,
      keys.userTokensPrefix,
    );
  }

  lookup(tokenHash: string): Promise<string | null> {
    return this.#redis.get(this.#keys.token(tokenHash));
  }

  async revoke(tokenHash: string): Promise<void> {
    const keys = this.#keys;
    await this.#redis.parleyTokenRevoke(keys.token(tokenHash), tokenHash, keys.userTokensPrefix);
  }

  revokeUser(uid: string): Promise<number> {
    const keys = this.#keys;
    return this.#redis.parleyTokenRevokeUser(keys.userTokens(uid), keys.tokenPrefix, uid);
  }
}

export class RedisRegistryStore implements RegistryStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async upsert(entry: RegistryEntry, ttlMs: number): Promise<void> {
    const ttl = checkDurationMs('ttlMs', ttlMs);
    const value = encodeEntry({ ...entry, peer: entry.peer ?? '', updatedAt: Date.now() });
    const keys = this.#keys;
    // Score 0 for every member: the index then orders by name, which is what list() returns.
    await execAll(
      this.#redis
        .multi()
        .set(keys.server(entry.name), value, 'PX', ttl)
        .zadd(keys.serverIndex, 0, entry.name),
    );
  }

  async remove(name: string): Promise<void> {
    const keys = this.#keys;
    await execAll(this.#redis.multi().del(keys.server(name)).zrem(keys.serverIndex, name));
  }

  async list(): Promise<ChatServerEntry[]> {
    const keys = this.#keys;
    const raw = await this.#redis.parleyRegistryList(keys.serverIndex, keys.serverPrefix);
    return raw.map(decodeEntry);
  }

  async get(name: string): Promise<ChatServerEntry | null> {
    const raw = await this.#redis.get(this.#keys.server(name));
    return raw === null ? null : decodeEntry(raw);
  }
}

export class RedisRouteStore implements RouteStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async claim(
    uid: string,
    route: Route,
    ttlMs: number,
    maxDevices = MAX_DEVICES,
  ): Promise<ClaimResult> {
    const ttl = checkDurationMs('ttlMs', ttlMs);
    checkPositiveInt('maxDevices', maxDevices);
    // One script: two logins at once serialize, and exactly one of them sees (and kicks) the
    // other (PROTOCOL.md §4, §9.2) — for the same device and for the device limit alike.
    const [replaced, evicted] = await this.#redis.parleyRouteClaim(
      this.#keys.route(uid),
      route.deviceId,
      encodeRoute(route),
      ttl,
      Math.max(0, Math.floor(route.activeAt)),
      maxDevices,
    );
    return {
      replaced: replaced ? decodeRoute(replaced) : null,
      evicted: evicted ? decodeRoute(evicted) : null,
    };
  }

  async refresh(uid: string, sessionId: string, ttlMs: number, activeAt = 0): Promise<boolean> {
    const ttl = checkDurationMs('ttlMs', ttlMs);
    const key = this.#keys.route(uid);
    return (await this.#redis.parleyRouteRefresh(key, sessionId, ttl, Math.floor(activeAt))) === 1;
  }

  async release(uid: string, sessionId: string): Promise<{ released: boolean; remaining: number }> {
    const [released, remaining] = await this.#redis.parleyRouteRelease(
      this.#keys.route(uid),
      sessionId,
    );
    return { released: released === 1, remaining };
  }

  async get(uid: string): Promise<Route[]> {
    return sortRoutes((await this.#redis.parleyRouteList(this.#keys.route(uid))).map(decodeRoute));
  }

  async getMany(uids: string[]): Promise<Route[][]> {
    if (uids.length === 0) return [];
    // One round trip for the whole tick's lookups (fan-out calls this once per tick).
    const p = this.#redis.pipeline();
    for (const uid of uids) p.parleyRouteList(this.#keys.route(uid));
    const results = (await p.exec()) ?? [];
    return results.map(([err, raws]) => {
      if (err) throw err;
      return sortRoutes((raws as string[]).map(decodeRoute));
    });
  }
}

function sortRoutes(routes: Route[]): Route[] {
  return routes.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
}

export interface RedisStoresOptions {
  redis: Redis;
  prefix?: string;
  /** Quit the connection in close(); true only for a connection the stores opened themselves. */
  ownsConnection?: boolean;
}

export interface RedisStores extends Stores {
  kind: 'redis';
  keys: RedisKeys;
}

export function createRedisStores(opts: RedisStoresOptions): RedisStores {
  const { redis, prefix = DEFAULT_REDIS_PREFIX, ownsConnection = false } = opts;
  // ioredis would prefix KEYS but not the key prefixes the scripts get in ARGV.
  if (redis.options.keyPrefix) {
    throw new Error('pass the key prefix as `prefix`, not as the connection keyPrefix option');
  }
  defineScripts(redis);
  const keys = redisKeys(prefix);
  let closed = false;
  return {
    kind: 'redis',
    keys,
    codes: new RedisCodeStore(redis, keys),
    limits: new RedisRateLimitStore(redis, keys),
    tokens: new RedisTokenStore(redis, keys),
    registry: new RedisRegistryStore(redis, keys),
    routes: new RedisRouteStore(redis, keys),
    async close() {
      if (closed || !ownsConnection) return;
      closed = true;
      await redis.quit();
    },
  };
}
