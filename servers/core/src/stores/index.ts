/**
 * Store selection, done once at start-up (like choosing a socket.io adapter): memory for embedded
 * mode and tests, Redis for cluster mode. Everything else imports only the interfaces.
 */
import { Redis } from 'ioredis';
import { createMemoryStores, type Clock } from './memory';
import { createRedisStores } from './redis';
import type { Stores } from './types';

export type * from './types';
export { MAX_DEVICES } from './types';
export {
  createMemoryStores,
  MEMORY_SWEEP_INTERVAL_MS,
  MemoryCodeStore,
  MemoryRateLimitStore,
  MemoryRegistryStore,
  MemoryRouteStore,
  MemoryTokenStore,
  type Clock,
  type MemoryStores,
  type MemoryStoresOptions,
} from './memory';
export {
  createRedisStores,
  DEFAULT_REDIS_PREFIX,
  RedisCodeStore,
  RedisRateLimitStore,
  RedisRegistryStore,
  RedisRouteStore,
  RedisTokenStore,
  redisKeys,
  type RedisKeys,
  type RedisStores,
  type RedisStoresOptions,
} from './redis';

export interface CreateStoresOptions {
  /** Cluster mode: the stores open (and close() quits) their own connection. */
  redisUrl?: string;
  /** Key prefix for Redis (default `parley:`), so several deployments or test runs can share one Redis. */
  prefix?: string;
  /** Cluster mode over a connection the caller owns: close() leaves it open. Wins over redisUrl. */
  redis?: Redis;
  /** Clock for the memory stores (tests); Redis keeps time itself. */
  now?: Clock;
  /** Errors of the connection opened from redisUrl (lost connection, refused reconnects). Without
   *  a listener ioredis prints "Unhandled error event" for each one. */
  onRedisError?: (err: Error) => void;
  /** The connection from redisUrl is usable again after it was lost: Redis may have restarted
   *  empty, so whatever lives only there (routes, the registry) should be written again. */
  onRedisBack?: () => void;
}

export function createStores(opts: CreateStoresOptions = {}): Stores {
  const { redis, redisUrl, prefix, now, onRedisError, onRedisBack } = opts;
  if (redis !== undefined) return createRedisStores({ redis, prefix, ownsConnection: false });
  if (redisUrl !== undefined && redisUrl !== '') {
    const own = new Redis(redisUrl);
    own.on('error', (err: Error) => onRedisError?.(err));
    let lost = false;
    own.on('close', () => (lost = true));
    own.on('ready', () => {
      if (!lost) return; // the first connect
      lost = false;
      onRedisBack?.();
    });
    return createRedisStores({ redis: own, prefix, ownsConnection: true });
  }
  return createMemoryStores({ now });
}
