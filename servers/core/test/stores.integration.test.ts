/**
 * Redis stores against the machine's Redis: the shared suite over two connections (two
 * "processes" on one Redis), plus what only Redis has — its indexes and connection ownership.
 * Every run uses its own key prefix and deletes exactly those keys afterwards.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import {
  createRedisStores,
  createStores,
  type RedisStores,
  type Stores,
} from '../src/stores/index';
import { runStoreSuite } from './helpers/store-suite';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SHORT_TTL_MS = 80;
const LAPSE_WAIT_MS = 160;
const LONG_TTL_MS = 60_000;
const SCAN_BATCH = 500;

function testPrefix(): string {
  return `parley-test:${randomUUID()}:`;
}

/** Deletes every key under prefix (SCAN, not KEYS, so a shared Redis is not blocked). */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_BATCH);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function countKeys(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let n = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_BATCH);
    n += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return n;
}

runStoreSuite('redis', async () => {
  const prefix = testPrefix();
  const admin = new Redis(REDIS_URL);
  // Each createStores opens its own connection, so concurrent calls really race inside Redis.
  const stores = createStores({ redisUrl: REDIS_URL, prefix });
  const peer = createStores({ redisUrl: REDIS_URL, prefix });
  await admin.ping();
  return {
    stores,
    peer,
    async close() {
      await deleteKeys(admin, prefix);
      await Promise.all([stores.close(), peer.close()]);
      await admin.quit();
    },
  };
});

describe('redis stores: indexes and connections', () => {
  const prefix = testPrefix();
  let admin: Redis;
  let stores: RedisStores;

  before(async () => {
    admin = new Redis(REDIS_URL);
    await admin.ping();
    stores = createRedisStores({ redis: admin, prefix });
  });
  after(async () => {
    await deleteKeys(admin, prefix);
    await stores.close(); // not ours to quit: admin must still work below
    assert.equal(await admin.ping(), 'PONG');
    await admin.quit();
  });

  it('keeps every key under the prefix, and the token index expires with its tokens', async () => {
    await stores.tokens.save('tok-1', 'alice', Date.now() + SHORT_TTL_MS);
    await stores.codes.put('register:a@example.com', 'h', LONG_TTL_MS);
    await stores.limits.hit('ip:1', 5, LONG_TTL_MS);
    await stores.routes.claim(
      'alice',
      { server: 'chat-1', sessionId: 's1', deviceId: 'default', activeAt: 0 },
      LONG_TTL_MS,
    );
    assert.equal(await countKeys(admin, prefix), 5); // tok, utok, code, rate, route
    const indexTtl = await admin.pttl(stores.keys.userTokens('alice'));
    assert.ok(indexTtl > 0 && indexTtl <= SHORT_TTL_MS, `${indexTtl}`);
    await sleep(LAPSE_WAIT_MS);
    assert.equal(await admin.exists(stores.keys.userTokens('alice')), 0);
  });

  it('list() removes lapsed servers from the registry index', async () => {
    await stores.registry.upsert({ name: 'chat-dead', host: 'h', port: 1, load: 0 }, SHORT_TTL_MS);
    await stores.registry.upsert({ name: 'chat-live', host: 'h', port: 2, load: 0 }, LONG_TTL_MS);
    await sleep(LAPSE_WAIT_MS);
    assert.equal(await admin.zcard(stores.keys.serverIndex), 2); // lapsed, not yet cleaned
    assert.deepEqual(
      (await stores.registry.list()).map((e) => e.name),
      ['chat-live'],
    );
    assert.deepEqual(await admin.zrange(stores.keys.serverIndex, 0, -1), ['chat-live']);
  });

  it('two stores on one passed-in connection (scripts defined twice) both work', async () => {
    const other = createStores({ redis: admin, prefix });
    assert.equal(other.kind, 'redis');
    await other.codes.put('shared', 'h', LONG_TTL_MS);
    assert.equal(await stores.codes.consume('shared', 'h', 5), 'ok');
    await other.close();
    assert.equal(await admin.ping(), 'PONG');
  });

  it('refuses a connection with its own keyPrefix', () => {
    const prefixed = new Redis(REDIS_URL, { keyPrefix: 'x:', lazyConnect: true });
    assert.throws(() => createRedisStores({ redis: prefixed }), /prefix/);
    prefixed.disconnect();
  });

  it('close() quits a connection it opened, once', async () => {
    const own: Stores = createStores({ redisUrl: REDIS_URL, prefix });
    await own.routes.get('nobody');
    await own.close();
    await own.close(); // idempotent: quitting twice would reject
    await assert.rejects(own.routes.get('nobody'), /closed/i);
  });
});
