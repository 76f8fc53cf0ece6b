/**
 * The one behavioural suite every Stores implementation must pass (memory in stores.test.ts,
 * Redis in stores.integration.test.ts), like socket.io's shared adapter tests.
 *
 * To add an implementation: call runStoreSuite with a factory returning a StoreHarness whose
 * `peer` is a second handle on the same state (a second connection, as another process would
 * hold). To add a behaviour: add an `it` here, so every implementation is held to it.
 *
 * Tests share one harness, so each uses fresh keys from `fresh()`; registry tests, whose list()
 * is global, look only at names carrying their own tag.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatServerEntry, Route, Stores } from '../../src/stores/index';

export interface StoreHarness {
  stores: Stores;
  /** Same state, other handle; concurrency tests split their calls across both. */
  peer: Stores;
  close(): Promise<void>;
}

const SHORT_TTL_MS = 80; // lapses during LAPSE_WAIT_MS
const LAPSE_WAIT_MS = 160; // 2× SHORT_TTL_MS: slack for a busy machine / Redis expiry resolution
const LONG_TTL_MS = 60_000; // 1 min: never lapses during a test
const MAX_ATTEMPTS = 5;
const CONCURRENT_CONSUMES = 50;
const CLAIM_ROUNDS = 20;

export function runStoreSuite(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} stores`, () => {
    let h: StoreHarness;
    let seq = 0;
    const run = randomUUID().slice(0, 8);
    /** A key no other test (or earlier run) uses. */
    const fresh = (label: string): string => `${label}-${run}-${++seq}`;

    before(async () => {
      h = await open();
    });
    after(async () => {
      await h.close();
    });

    describe('codes', () => {
      it('consumes the right hash once', async () => {
        const key = fresh('register:alice@example.com');
        await h.stores.codes.put(key, 'hash-1', LONG_TTL_MS);
        assert.equal(await h.stores.codes.consume(key, 'hash-1', MAX_ATTEMPTS), 'ok');
        assert.equal(await h.stores.codes.consume(key, 'hash-1', MAX_ATTEMPTS), 'expired');
      });

      it('answers expired for a key never put', async () => {
        assert.equal(await h.stores.codes.consume(fresh('none'), 'x', MAX_ATTEMPTS), 'expired');
      });

      it('answers invalid for a wrong hash and keeps the code usable', async () => {
        const key = fresh('code');
        await h.stores.codes.put(key, 'right', LONG_TTL_MS);
        for (let i = 1; i < MAX_ATTEMPTS; i++) {
          assert.equal(await h.stores.codes.consume(key, `wrong-${i}`, MAX_ATTEMPTS), 'invalid');
        }
        assert.equal(await h.stores.codes.consume(key, 'right', MAX_ATTEMPTS), 'ok');
      });

      it('deletes the code at maxAttempts wrong tries, so even the right hash is then expired', async () => {
        const key = fresh('code');
        await h.stores.codes.put(key, 'right', LONG_TTL_MS);
        for (let i = 1; i <= MAX_ATTEMPTS; i++) {
          assert.equal(await h.stores.codes.consume(key, 'wrong', MAX_ATTEMPTS), 'invalid');
        }
        assert.equal(await h.stores.codes.consume(key, 'right', MAX_ATTEMPTS), 'expired');
        assert.equal(await h.stores.codes.consume(key, 'wrong', MAX_ATTEMPTS), 'expired');
      });

      it('expires after its TTL', async () => {
        const short = fresh('code');
        const long = fresh('code');
        await h.stores.codes.put(short, 'h', SHORT_TTL_MS);
        await h.stores.codes.put(long, 'h', LONG_TTL_MS);
        await sleep(LAPSE_WAIT_MS);
        assert.equal(await h.stores.codes.consume(short, 'h', MAX_ATTEMPTS), 'expired');
        assert.equal(await h.stores.codes.consume(long, 'h', MAX_ATTEMPTS), 'ok');
      });

      it('put replaces the old code and resets the wrong-try counter', async () => {
        const key = fresh('code');
        await h.stores.codes.put(key, 'old', LONG_TTL_MS);
        for (let i = 1; i < MAX_ATTEMPTS; i++)
          await h.stores.codes.consume(key, 'bad', MAX_ATTEMPTS);
        await h.stores.codes.put(key, 'new', LONG_TTL_MS);
        assert.equal(await h.stores.codes.consume(key, 'old', MAX_ATTEMPTS), 'invalid');
        // Without the reset this would be the MAX_ATTEMPTS-th wrong try and delete the code.
        for (let i = 2; i < MAX_ATTEMPTS; i++) {
          assert.equal(await h.stores.codes.consume(key, 'bad', MAX_ATTEMPTS), 'invalid');
        }
        assert.equal(await h.stores.codes.consume(key, 'new', MAX_ATTEMPTS), 'ok');
      });

      it(`lets exactly one of ${CONCURRENT_CONSUMES} concurrent right consumes succeed`, async () => {
        const key = fresh('code');
        await h.stores.codes.put(key, 'right', LONG_TTL_MS);
        const results = await Promise.all(
          Array.from({ length: CONCURRENT_CONSUMES }, (_, i) =>
            (i % 2 === 0 ? h.stores : h.peer).codes.consume(key, 'right', MAX_ATTEMPTS),
          ),
        );
        assert.equal(results.filter((r) => r === 'ok').length, 1);
        assert.equal(results.filter((r) => r === 'expired').length, CONCURRENT_CONSUMES - 1);
      });

      it('rejects a non-positive TTL', async () => {
        await assert.rejects(h.stores.codes.put(fresh('code'), 'h', 0), RangeError);
      });
    });

    describe('rate limits', () => {
      it('counts hits and blocks above the limit with a retry delay', async () => {
        const key = fresh('rl');
        for (let n = 1; n <= 3; n++) {
          assert.deepEqual(await h.stores.limits.hit(key, 3, LONG_TTL_MS), {
            allowed: true,
            count: n,
            retryAfterMs: 0,
          });
        }
        const blocked = await h.stores.limits.hit(key, 3, LONG_TTL_MS);
        assert.equal(blocked.allowed, false);
        assert.equal(blocked.count, 4);
        assert.ok(
          blocked.retryAfterMs > 0 && blocked.retryAfterMs <= LONG_TTL_MS,
          `${blocked.retryAfterMs}`,
        );
      });

      it('starts a new window after windowMs', async () => {
        const key = fresh('rl');
        assert.equal((await h.stores.limits.hit(key, 1, SHORT_TTL_MS)).allowed, true);
        const blocked = await h.stores.limits.hit(key, 1, SHORT_TTL_MS);
        assert.equal(blocked.allowed, false);
        assert.ok(blocked.retryAfterMs > 0 && blocked.retryAfterMs <= SHORT_TTL_MS);
        await sleep(LAPSE_WAIT_MS);
        assert.deepEqual(await h.stores.limits.hit(key, 1, SHORT_TTL_MS), {
          allowed: true,
          count: 1,
          retryAfterMs: 0,
        });
      });

      it('peek reports without counting', async () => {
        const key = fresh('rl');
        assert.deepEqual(await h.stores.limits.peek(key, 2), {
          allowed: true,
          count: 0,
          retryAfterMs: 0,
        });
        await h.stores.limits.hit(key, 2, LONG_TTL_MS);
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await h.stores.limits.peek(key, 2), {
            allowed: true,
            count: 1,
            retryAfterMs: 0,
          });
        }
        await h.stores.limits.hit(key, 2, LONG_TTL_MS);
        // peek asks "may one more hit pass?": at count == limit it may not.
        const full = await h.stores.limits.peek(key, 2);
        assert.equal(full.allowed, false);
        assert.equal(full.count, 2);
        assert.ok(full.retryAfterMs > 0 && full.retryAfterMs <= LONG_TTL_MS);
        assert.equal((await h.stores.limits.hit(key, 2, LONG_TTL_MS)).count, 3);
      });

      it('reset clears the window', async () => {
        const key = fresh('rl');
        for (let i = 0; i < 4; i++) await h.stores.limits.hit(key, 2, LONG_TTL_MS);
        await h.stores.limits.reset(key);
        assert.equal((await h.stores.limits.peek(key, 2)).count, 0);
        assert.deepEqual(await h.stores.limits.hit(key, 2, LONG_TTL_MS), {
          allowed: true,
          count: 1,
          retryAfterMs: 0,
        });
      });

      it('keeps keys apart and counts concurrent hits exactly', async () => {
        const key = fresh('rl');
        const other = fresh('rl');
        const decisions = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            (i % 2 === 0 ? h.stores : h.peer).limits.hit(key, 10, LONG_TTL_MS),
          ),
        );
        const counts = decisions.map((d) => d.count).sort((a, b) => a - b);
        assert.deepEqual(
          counts,
          Array.from({ length: 30 }, (_, i) => i + 1),
        );
        assert.equal(decisions.filter((d) => d.allowed).length, 10);
        assert.equal((await h.stores.limits.peek(other, 10)).count, 0);
      });
    });

    describe('tokens', () => {
      it('looks up a saved token and nothing else', async () => {
        const tok = fresh('tok');
        await h.stores.tokens.save(tok, 'u-alice', Date.now() + LONG_TTL_MS);
        assert.equal(await h.stores.tokens.lookup(tok), 'u-alice');
        assert.equal(await h.peer.tokens.lookup(tok), 'u-alice');
        assert.equal(await h.stores.tokens.lookup(fresh('tok')), null);
      });

      it('forgets a token at expiresAt', async () => {
        const short = fresh('tok');
        const past = fresh('tok');
        await h.stores.tokens.save(short, 'u-alice', Date.now() + SHORT_TTL_MS);
        await h.stores.tokens.save(past, 'u-alice', Date.now() - 1);
        assert.equal(await h.stores.tokens.lookup(short), 'u-alice');
        assert.equal(await h.stores.tokens.lookup(past), null);
        await sleep(LAPSE_WAIT_MS);
        assert.equal(await h.stores.tokens.lookup(short), null);
      });

      it('revoke kills one token', async () => {
        const a = fresh('tok');
        const b = fresh('tok');
        await h.stores.tokens.save(a, 'u-alice', Date.now() + LONG_TTL_MS);
        await h.stores.tokens.save(b, 'u-alice', Date.now() + LONG_TTL_MS);
        await h.stores.tokens.revoke(a);
        await h.stores.tokens.revoke(fresh('tok')); // unknown: a no-op
        assert.equal(await h.stores.tokens.lookup(a), null);
        assert.equal(await h.stores.tokens.lookup(b), 'u-alice');
      });

      it('revokeUser kills every token of one user and counts the live ones', async () => {
        const alice = fresh('u-alice');
        const bob = fresh('u-bob');
        const a1 = fresh('tok');
        const a2 = fresh('tok');
        const aShort = fresh('tok');
        const aRevoked = fresh('tok');
        const b1 = fresh('tok');
        for (const tok of [a1, a2, aRevoked]) {
          await h.stores.tokens.save(tok, alice, Date.now() + LONG_TTL_MS);
        }
        await h.stores.tokens.save(aShort, alice, Date.now() + SHORT_TTL_MS);
        await h.stores.tokens.save(b1, bob, Date.now() + LONG_TTL_MS);
        await h.stores.tokens.revoke(aRevoked);
        await sleep(LAPSE_WAIT_MS);

        assert.equal(await h.stores.tokens.revokeUser(alice), 2); // a1, a2
        for (const tok of [a1, a2, aShort, aRevoked])
          assert.equal(await h.stores.tokens.lookup(tok), null);
        assert.equal(await h.stores.tokens.lookup(b1), bob);
        assert.equal(await h.stores.tokens.revokeUser(alice), 0);
        assert.equal(await h.stores.tokens.revokeUser(fresh('u-nobody')), 0);
      });

      it('a hash saved again under another uid belongs to that uid only', async () => {
        const alice = fresh('u-alice');
        const bob = fresh('u-bob');
        const tok = fresh('tok');
        await h.stores.tokens.save(tok, alice, Date.now() + LONG_TTL_MS);
        await h.stores.tokens.save(tok, bob, Date.now() + LONG_TTL_MS);
        assert.equal(await h.stores.tokens.revokeUser(alice), 0);
        assert.equal(await h.stores.tokens.lookup(tok), bob);
        assert.equal(await h.stores.tokens.revokeUser(bob), 1);
        assert.equal(await h.stores.tokens.lookup(tok), null);
      });
    });

    describe('registry', () => {
      const mine = async (tag: string): Promise<ChatServerEntry[]> =>
        (await h.stores.registry.list()).filter((e) => e.name.startsWith(tag));

      it('keeps the peer address of an entry', async () => {
        const name = fresh('chat-peer');
        await h.stores.registry.upsert(
          { name, host: '127.0.0.1', port: 1, load: 0, peer: '127.0.0.1:9' },
          LONG_TTL_MS,
        );
        assert.equal((await h.peer.registry.get(name))?.peer, '127.0.0.1:9');
        await h.stores.registry.upsert({ name, host: '127.0.0.1', port: 1, load: 0 }, LONG_TTL_MS);
        assert.equal((await h.peer.registry.get(name))?.peer, '');
        await h.stores.registry.remove(name);
      });

      it('keeps the draining flag of an entry, and clears it on a report without it', async () => {
        const name = fresh('chat-drain');
        await h.stores.registry.upsert(
          { name, host: '127.0.0.1', port: 1, load: 0, draining: true },
          LONG_TTL_MS,
        );
        assert.equal((await h.peer.registry.get(name))?.draining, true);
        await h.stores.registry.upsert({ name, host: '127.0.0.1', port: 1, load: 0 }, LONG_TTL_MS);
        assert.equal((await h.peer.registry.get(name))?.draining, false);
        await h.stores.registry.remove(name);
      });

      it('upserts, lists sorted by name, gets and removes', async () => {
        const tag = fresh('chat');
        const t0 = Date.now();
        for (const [suffix, port] of [
          ['-b', 7002],
          ['-a', 7001],
          ['-c', 7003],
        ] as const) {
          await h.stores.registry.upsert(
            { name: tag + suffix, host: '127.0.0.1', port, load: port - 7000 },
            LONG_TTL_MS,
          );
        }
        const t1 = Date.now();
        const listed = await mine(tag);
        assert.deepEqual(
          listed.map(({ name, host, port, load }) => ({ name, host, port, load })),
          [
            { name: `${tag}-a`, host: '127.0.0.1', port: 7001, load: 1 },
            { name: `${tag}-b`, host: '127.0.0.1', port: 7002, load: 2 },
            { name: `${tag}-c`, host: '127.0.0.1', port: 7003, load: 3 },
          ],
        );
        for (const e of listed) assert.ok(e.updatedAt >= t0 && e.updatedAt <= t1, `${e.updatedAt}`);
        assert.deepEqual(await h.peer.registry.get(`${tag}-b`), listed[1]);

        await h.stores.registry.remove(`${tag}-b`);
        assert.deepEqual(
          (await mine(tag)).map((e) => e.name),
          [`${tag}-a`, `${tag}-c`],
        );
        assert.equal(await h.stores.registry.get(`${tag}-b`), null);
        assert.equal(await h.stores.registry.get(fresh('chat')), null);
      });

      it('re-upsert updates the entry in place', async () => {
        const name = fresh('chat');
        await h.stores.registry.upsert(
          { name, host: '10.0.0.1', port: 7000, load: 5 },
          LONG_TTL_MS,
        );
        const first = await h.stores.registry.get(name);
        await sleep(5); // so updatedAt can move
        await h.stores.registry.upsert(
          { name, host: '10.0.0.1', port: 7000, load: 42 },
          LONG_TTL_MS,
        );
        const listed = await mine(name);
        assert.equal(listed.length, 1);
        assert.equal(listed[0]?.load, 42);
        assert.ok(
          first !== null && listed[0] !== undefined && listed[0].updatedAt > first.updatedAt,
        );
      });

      it('drops an entry whose TTL lapsed', async () => {
        const tag = fresh('chat');
        await h.stores.registry.upsert(
          { name: `${tag}-dead`, host: 'h', port: 1, load: 0 },
          SHORT_TTL_MS,
        );
        await h.stores.registry.upsert(
          { name: `${tag}-live`, host: 'h', port: 2, load: 0 },
          LONG_TTL_MS,
        );
        assert.equal((await mine(tag)).length, 2);
        await sleep(LAPSE_WAIT_MS);
        assert.deepEqual(
          (await mine(tag)).map((e) => e.name),
          [`${tag}-live`],
        );
        assert.equal(await h.stores.registry.get(`${tag}-dead`), null);
      });
    });

    describe('routes', () => {
      const route = (
        server: string,
        sessionId: string,
        deviceId = 'default',
        activeAt = 1,
      ): Route => ({
        server,
        sessionId,
        deviceId,
        activeAt,
      });
      const none = { replaced: null, evicted: null };

      it('claim returns the route of the same device it replaced', async () => {
        const uid = fresh('u');
        assert.deepEqual(await h.stores.routes.get(uid), []);
        assert.deepEqual(
          await h.stores.routes.claim(uid, route('chat-1', 's1'), LONG_TTL_MS),
          none,
        );
        assert.deepEqual(await h.peer.routes.get(uid), [route('chat-1', 's1')]);
        assert.deepEqual(await h.peer.routes.claim(uid, route('chat-2', 's2'), LONG_TTL_MS), {
          replaced: route('chat-1', 's1'),
          evicted: null,
        });
        assert.deepEqual(await h.stores.routes.get(uid), [route('chat-2', 's2')]);
      });

      it('different devices are routed side by side (§9.2)', async () => {
        const uid = fresh('u');
        const laptop = route('chat-1', 's1', 'laptop-1');
        const phone = route('chat-2', 's2', 'phone-22');
        assert.deepEqual(await h.stores.routes.claim(uid, phone, LONG_TTL_MS), none);
        assert.deepEqual(await h.peer.routes.claim(uid, laptop, LONG_TTL_MS), none);
        assert.deepEqual(await h.stores.routes.get(uid), [laptop, phone]);
        assert.deepEqual(await h.stores.routes.release(uid, 's1'), {
          released: true,
          remaining: 1,
        });
        assert.deepEqual(await h.stores.routes.get(uid), [phone]);
      });

      it('past maxDevices, the device idle longest is evicted', async () => {
        const uid = fresh('u');
        for (const [i, activeAt] of [50, 10, 40].entries())
          await h.stores.routes.claim(
            uid,
            route('c', `s${i}`, `device-${i}`, activeAt),
            LONG_TTL_MS,
            3,
          );
        // device-1 was idle longest, but a refresh with newer activity saves it.
        assert.equal(await h.stores.routes.refresh(uid, 's1', LONG_TTL_MS, 60), true);
        const r = await h.peer.routes.claim(uid, route('c', 's3', 'device-3', 70), LONG_TTL_MS, 3);
        assert.deepEqual(r, { replaced: null, evicted: route('c', 's2', 'device-2', 40) });
        assert.deepEqual(
          (await h.stores.routes.get(uid)).map((x) => x.deviceId),
          ['device-0', 'device-1', 'device-3'],
        );
        // The same device again replaces itself and evicts nobody.
        const again = await h.stores.routes.claim(
          uid,
          route('c', 's4', 'device-3', 80),
          LONG_TTL_MS,
          3,
        );
        assert.deepEqual(again, { replaced: route('c', 's3', 'device-3', 70), evicted: null });
      });

      it('release by a stale session leaves the newer route; by the owner deletes it', async () => {
        const uid = fresh('u');
        await h.stores.routes.claim(uid, route('chat-1', 's1'), LONG_TTL_MS);
        await h.stores.routes.claim(uid, route('chat-2', 's2'), LONG_TTL_MS);
        assert.deepEqual(await h.stores.routes.release(uid, 's1'), {
          released: false,
          remaining: 1,
        });
        assert.deepEqual(await h.stores.routes.get(uid), [route('chat-2', 's2')]);
        assert.deepEqual(await h.stores.routes.release(uid, 's2'), {
          released: true,
          remaining: 0,
        });
        assert.deepEqual(await h.stores.routes.get(uid), []);
        assert.deepEqual(await h.stores.routes.release(uid, 's2'), {
          released: false,
          remaining: 0,
        });
      });

      it('refresh extends only the current session', async () => {
        const uid = fresh('u');
        await h.stores.routes.claim(uid, route('chat-1', 's1'), LONG_TTL_MS);
        await h.stores.routes.claim(uid, route('chat-2', 's2'), SHORT_TTL_MS);
        assert.equal(await h.stores.routes.refresh(uid, 's1', LONG_TTL_MS), false);
        assert.equal(await h.stores.routes.refresh(uid, 's2', LONG_TTL_MS), true);
        await sleep(LAPSE_WAIT_MS); // past the claim's TTL, within the refreshed one
        assert.deepEqual(await h.stores.routes.get(uid), [route('chat-2', 's2')]);
      });

      it('a route not refreshed expires, and cannot be refreshed after', async () => {
        const uid = fresh('u');
        await h.stores.routes.claim(uid, route('chat-1', 's1'), SHORT_TTL_MS);
        await h.stores.routes.claim(uid, route('chat-1', 's9', 'laptop-1'), LONG_TTL_MS);
        await sleep(LAPSE_WAIT_MS);
        assert.deepEqual(await h.stores.routes.get(uid), [route('chat-1', 's9', 'laptop-1')]);
        assert.equal(await h.stores.routes.refresh(uid, 's1', LONG_TTL_MS), false);
        assert.deepEqual(
          await h.stores.routes.claim(uid, route('chat-1', 's3'), LONG_TTL_MS),
          none,
        );
      });

      it(`serializes two concurrent claims of one device (${CLAIM_ROUNDS} rounds)`, async () => {
        for (let round = 0; round < CLAIM_ROUNDS; round++) {
          const uid = fresh('u');
          const a = route('chat-a', `sa-${round}`);
          const b = route('chat-b', `sb-${round}`);
          const [prevA, prevB] = await Promise.all([
            h.stores.routes.claim(uid, a, LONG_TTL_MS),
            h.peer.routes.claim(uid, b, LONG_TTL_MS),
          ]);
          const final = await h.stores.routes.get(uid);
          // Exactly one claim ran second: it saw the first, and its route is the one left.
          assert.equal(
            (prevA.replaced === null) !== (prevB.replaced === null),
            true,
            `round ${round}: ${JSON.stringify([prevA, prevB])}`,
          );
          if (prevA.replaced !== null) {
            assert.deepEqual(prevA.replaced, b);
            assert.deepEqual(final, [a]);
          } else {
            assert.deepEqual(prevB.replaced, a);
            assert.deepEqual(final, [b]);
          }
        }
      });

      it('getMany answers in order, [] where there is no route', async () => {
        const [u1, u2, u3] = [fresh('u'), fresh('u'), fresh('u')] as const;
        await h.stores.routes.claim(u1, route('chat-1', 's1'), LONG_TTL_MS);
        await h.stores.routes.claim(u3, route('chat-3', 's3'), LONG_TTL_MS);
        assert.deepEqual(await h.peer.routes.getMany([u1, u2, u3, u1]), [
          [route('chat-1', 's1')],
          [],
          [route('chat-3', 's3')],
          [route('chat-1', 's1')],
        ]);
        assert.deepEqual(await h.stores.routes.getMany([]), []);
      });

      it('does not keep a reference to the caller’s route object', async () => {
        const uid = fresh('u');
        const r = route('chat-1', 's1');
        await h.stores.routes.claim(uid, r, LONG_TTL_MS);
        r.sessionId = 'mutated';
        const got = await h.stores.routes.get(uid);
        assert.deepEqual(got, [route('chat-1', 's1')]);
        if (got[0]) got[0].server = 'mutated';
        assert.deepEqual(await h.stores.routes.get(uid), [route('chat-1', 's1')]);
      });
    });
  });
}
