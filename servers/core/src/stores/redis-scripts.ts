/**
 * Lua scripts behind the Redis stores. Redis runs a script without interleaving other commands,
 * which gives consume, hit, the route compare-and-set and revokeUser the same atomicity the
 * memory stores get from running synchronously.
 *
 * Key names follow `redisKeys` in redis.ts. A few scripts derive keys from values (a token's uid,
 * the members of the registry index) and receive the key prefix in ARGV instead of every key in
 * KEYS: that is fine on one Redis (Parley's cluster mode is many processes sharing one Redis),
 * but would need hash tags on Redis Cluster.
 */
import type { Redis, Result } from 'ioredis';
import type { ConsumeResult } from './types';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    parleyCodeConsume(
      key: string,
      codeHash: string,
      maxAttempts: number,
    ): Result<ConsumeResult, Context>;
    parleyRateHit(key: string, windowMs: number): Result<[number, number], Context>;
    parleyRatePeek(key: string): Result<[number, number], Context>;
    parleyTokenSave(
      tokenKey: string,
      userKey: string,
      uid: string,
      tokenHash: string,
      ttlMs: number,
      userKeyPrefix: string,
    ): Result<number, Context>;
    parleyTokenRevoke(
      tokenKey: string,
      tokenHash: string,
      userKeyPrefix: string,
    ): Result<number, Context>;
    parleyTokenRevokeUser(
      userKey: string,
      tokenKeyPrefix: string,
      uid: string,
    ): Result<number, Context>;
    parleyRegistryList(indexKey: string, serverKeyPrefix: string): Result<string[], Context>;
    parleyRouteClaim(
      routeKey: string,
      deviceId: string,
      routeJson: string,
      ttlMs: number,
      activeAt: number,
      maxDevices: number,
    ): Result<[string | null, string | null], Context>;
    parleyRouteRefresh(
      routeKey: string,
      sessionId: string,
      ttlMs: number,
      activeAt: number,
    ): Result<number, Context>;
    parleyRouteRelease(routeKey: string, sessionId: string): Result<[number, number], Context>;
    parleyRouteList(routeKey: string): Result<string[], Context>;
  }
}

/** Helpers shared by the device-route scripts (PROTOCOL.md §9.2): a uid's routes are one hash,
 *  a field per device, each with its own deadline, judged by Redis's clock so every ChatServer
 *  agrees on what has expired. */
const ROUTE_LUA = `
local function redis_now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function live_fields(key, now)
  local out = {}
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    local dev, raw = all[i], all[i + 1]
    local a = string.find(raw, '|', 1, true)
    local b = string.find(raw, '|', a + 1, true)
    local exp = tonumber(string.sub(raw, 1, a - 1))
    if exp <= now then
      redis.call('HDEL', key, dev)
    else
      local json = string.sub(raw, b + 1)
      out[dev] = { dev = dev, raw = raw, json = json, active = tonumber(string.sub(raw, a + 1, b - 1)),
        session = cjson.decode(json).sessionId }
    end
  end
  return out
end
local function expire_at_last(key, now)
  local last = 0
  local all = redis.call('HVALS', key)
  for _, raw in ipairs(all) do
    local exp = tonumber(string.sub(raw, 1, string.find(raw, '|', 1, true) - 1))
    if exp > last then last = exp end
  end
  if last > now then redis.call('PEXPIRE', key, last - now) end
end
`;

interface ScriptDef {
  numberOfKeys: number;
  lua: string;
}

const SCRIPTS = {
  /** Code record: hash { h = code hash, n = wrong tries } with PX. See CodeStore.consume. */
  parleyCodeConsume: {
    numberOfKeys: 1,
    lua: `
local h = redis.call('HGET', KEYS[1], 'h')
if not h then return 'expired' end
if h == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 'ok'
end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
if n >= tonumber(ARGV[2]) then redis.call('DEL', KEYS[1]) end
return 'invalid'`,
  },

  /** Fixed window: the first INCR of a window sets its deadline. Returns { count, ms left }. */
  parleyRateHit: {
    numberOfKeys: 1,
    lua: `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  -- A counter without deadline would block forever; give it a fresh window.
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { count, left }`,
  },

  /** Returns { count, ms left }, { 0, 0 } when there is no window. Counts nothing. */
  parleyRatePeek: {
    numberOfKeys: 1,
    lua: `
local count = redis.call('GET', KEYS[1])
if not count then return { 0, 0 } end
return { tonumber(count), math.max(redis.call('PTTL', KEYS[1]), 0) }`,
  },

  /** tok:<hash> → uid with PX, and the hash in the user's set, which lives as long as its
   *  longest-lived token so revokeUser can find them all without the set leaking forever. */
  parleyTokenSave: {
    numberOfKeys: 2,
    lua: `
local previous = redis.call('GET', KEYS[1])
if previous and previous ~= ARGV[1] then
  -- The hash moves to another uid: the old owner's revokeUser must no longer count it.
  redis.call('SREM', ARGV[4] .. previous, ARGV[2])
end
local ttl = tonumber(ARGV[3])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('PTTL', KEYS[2]) < ttl then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1`,
  },

  parleyTokenRevoke: {
    numberOfKeys: 1,
    lua: `
local uid = redis.call('GET', KEYS[1])
if not uid then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SREM', ARGV[2] .. uid, ARGV[1])
return 1`,
  },

  /** Deletes every token of the uid; counts those still live (expired keys are already gone). */
  parleyTokenRevokeUser: {
    numberOfKeys: 1,
    lua: `
local live = 0
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. hash
  if redis.call('GET', key) == ARGV[2] then
    redis.call('DEL', key)
    live = live + 1
  end
end
redis.call('DEL', KEYS[1])
return live`,
  },

  /** The index is a sorted set with every score 0, so ZRANGE returns names in byte order.
   *  Names whose server key has expired are dropped from the index here. */
  parleyRegistryList: {
    numberOfKeys: 1,
    lua: `
local out = {}
for _, name in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local entry = redis.call('GET', ARGV[1] .. name)
  if entry then
    out[#out + 1] = entry
  else
    redis.call('ZREM', KEYS[1], name)
  end
end
return out`,
  },

  /** PROTOCOL.md §9.2: the route of (uid, deviceId) is taken by this session; if the uid then
   *  has more than ARGV[5] devices, the one with the oldest activeAt goes. Returns { replaced,
   *  evicted } (raw fields, nil for none). Fields are `<expiresAt>|<activeAt>|<json>`. */
  parleyRouteClaim: {
    numberOfKeys: 1,
    lua: `${ROUTE_LUA}
local now = redis_now()
local replaced, evicted = false, false
local live = {}
for dev, f in pairs(live_fields(KEYS[1], now)) do
  if dev == ARGV[1] then replaced = f.raw else live[#live + 1] = f end
end
if #live >= tonumber(ARGV[5]) then
  local idle = nil
  for _, f in ipairs(live) do
    if idle == nil or f.active < idle.active or (f.active == idle.active and f.dev < idle.dev) then
      idle = f
    end
  end
  redis.call('HDEL', KEYS[1], idle.dev)
  evicted = idle.raw
end
redis.call('HSET', KEYS[1], ARGV[1],
  string.format('%d|%d|%s', now + tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[2]))
expire_at_last(KEYS[1], now)
return { replaced, evicted }`,
  },

  /** Compare-and-expire on a device route's sessionId; activeAt only moves forward. */
  parleyRouteRefresh: {
    numberOfKeys: 1,
    lua: `${ROUTE_LUA}
local now = redis_now()
for dev, f in pairs(live_fields(KEYS[1], now)) do
  if f.session == ARGV[1] then
    local active = math.max(f.active, tonumber(ARGV[3]))
    redis.call('HSET', KEYS[1], dev,
      string.format('%d|%d|%s', now + tonumber(ARGV[2]), active, f.json))
    expire_at_last(KEYS[1], now)
    return 1
  end
end
return 0`,
  },

  /** Compare-and-delete on a device route's sessionId. Returns { released 0/1, devices left }. */
  parleyRouteRelease: {
    numberOfKeys: 1,
    lua: `${ROUTE_LUA}
local now = redis_now()
local released, left = 0, 0
for dev, f in pairs(live_fields(KEYS[1], now)) do
  if f.session == ARGV[1] then
    redis.call('HDEL', KEYS[1], dev)
    released = 1
  else
    left = left + 1
  end
end
return { released, left }`,
  },

  /** The uid's live device routes (expired fields are dropped on the way). */
  parleyRouteList: {
    numberOfKeys: 1,
    lua: `${ROUTE_LUA}
local out = {}
for _, f in pairs(live_fields(KEYS[1], redis_now())) do out[#out + 1] = f.raw end
return out`,
  },
} as const satisfies Record<string, ScriptDef>;

/** Defines the scripts as commands on the connection (EVALSHA, falling back to EVAL once). Idempotent. */
export function defineScripts(redis: Redis): void {
  for (const [name, def] of Object.entries(SCRIPTS)) redis.defineCommand(name, def);
}
