/**
 * Memory stores: the shared suite, plus what only the memory implementation has — an injectable
 * clock (exact deadlines without sleeping) and the sweep that keeps memory from growing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemoryStores, createStores } from '../src/stores/index';
import { runStoreSuite } from './helpers/store-suite';

runStoreSuite('memory', () => {
  const stores = createMemoryStores();
  // One process: the "other process" is the same object.
  return Promise.resolve({ stores, peer: stores, close: () => stores.close() });
});

/** A clock the test moves by hand. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

const TTL_MS = 1_000;
const LONG_TTL_MS = 60_000;

describe('memory stores with a fake clock', () => {
  it('a code is live until just before its deadline and gone at it', async () => {
    const clock = fakeClock();
    const stores = createMemoryStores({ now: clock.now });
    await stores.codes.put('k', 'h', TTL_MS);
    clock.advance(TTL_MS - 1);
    assert.equal(await stores.codes.consume('k', 'wrong', 5), 'invalid');
    clock.advance(1);
    assert.equal(await stores.codes.consume('k', 'h', 5), 'expired');
    await stores.close();
  });

  it('retryAfterMs is the time left in the window, which starts at the first hit', async () => {
    const clock = fakeClock();
    const stores = createMemoryStores({ now: clock.now });
    await stores.limits.hit('k', 1, TTL_MS);
    clock.advance(400);
    assert.deepEqual(await stores.limits.hit('k', 1, TTL_MS), {
      allowed: false,
      count: 2,
      retryAfterMs: 600,
    });
    assert.deepEqual(await stores.limits.peek('k', 1), {
      allowed: false,
      count: 2,
      retryAfterMs: 600,
    });
    clock.advance(600);
    assert.deepEqual(await stores.limits.hit('k', 1, TTL_MS), {
      allowed: true,
      count: 1,
      retryAfterMs: 0,
    });
    await stores.close();
  });

  it('sweep drops expired records of every store and keeps live ones', async () => {
    const clock = fakeClock();
    const stores = createMemoryStores({ now: clock.now });
    const route = { server: 'chat-1', sessionId: 's1', deviceId: 'default', activeAt: 0 };
    const entry = { name: 'chat-1', host: 'h', port: 1, load: 0 };
    await stores.codes.put('short', 'h', TTL_MS);
    await stores.limits.hit('short', 1, TTL_MS);
    await stores.tokens.save('short', 'alice', clock.now() + TTL_MS);
    await stores.registry.upsert(entry, TTL_MS);
    await stores.routes.claim('short', route, TTL_MS);
    await stores.codes.put('long', 'h', LONG_TTL_MS);
    await stores.tokens.save('long', 'alice', clock.now() + LONG_TTL_MS);
    await stores.routes.claim('long', route, LONG_TTL_MS);

    assert.equal(stores.sweep(), 0);
    clock.advance(TTL_MS);
    assert.equal(stores.sweep(), 5);
    assert.equal(stores.sweep(), 0);
    assert.equal(await stores.codes.consume('long', 'h', 5), 'ok');
    assert.equal(await stores.routes.get('long').then((r) => r[0]?.sessionId), 's1');
    // The swept token also left alice's index: only the live one is counted.
    assert.equal(await stores.tokens.revokeUser('alice'), 1);
    await stores.close();
  });

  it('sweeps on a timer without being asked', async () => {
    const SWEEP_MS = 10;
    const clock = fakeClock();
    const stores = createMemoryStores({ now: clock.now, sweepIntervalMs: SWEEP_MS });
    await stores.codes.put('k', 'h', TTL_MS);
    clock.advance(TTL_MS);
    await sleep(SWEEP_MS * 5);
    assert.equal(stores.sweep(), 0); // the timer got there first
    await stores.close();
  });

  it('createStores without Redis options gives memory stores on the given clock', async () => {
    const clock = fakeClock();
    const stores = createStores({ now: clock.now });
    assert.equal(stores.kind, 'memory');
    await stores.tokens.save('t', 'alice', clock.now() + TTL_MS);
    assert.equal(await stores.tokens.lookup('t'), 'alice');
    clock.advance(TTL_MS);
    assert.equal(await stores.tokens.lookup('t'), null);
    await stores.close();
  });

  it('rejects bad arguments as rejections, not synchronous throws', async () => {
    const stores = createMemoryStores();
    await assert.rejects(stores.limits.hit('k', 0, TTL_MS), RangeError);
    await assert.rejects(stores.codes.consume('k', 'h', 0), RangeError);
    await assert.rejects(
      stores.routes.claim(
        'u',
        { server: 's', sessionId: 'x', deviceId: 'default', activeAt: 0 },
        -1,
      ),
      RangeError,
    );
    await stores.close();
  });
});
