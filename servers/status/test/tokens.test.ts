// Durable tokens (issue 11 item 3): the database copy outlives the cache; the cache is refilled
// on a miss, skipped when it does not answer, and a revocation reaches both or fails.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryTokenStore, type TokenStore } from '@parley/core';
import { durableTokens } from '../src/tokens';
import { RecordingTokenRows } from './helpers/token-rows';

const HOUR = 3_600_000;

describe('durableTokens', () => {
  it('serves from the cache, and from the database once the cache is emptied', async () => {
    const rows = new RecordingTokenRows();
    const first = new MemoryTokenStore();
    await durableTokens(rows, first).save('h1', '10001', Date.now() + HOUR);
    assert.equal(await durableTokens(rows, first).lookup('h1'), '10001');
    assert.ok(!rows.calls.includes('find'), 'a cache hit does not read the database');
    // A cache restarted empty: the row answers, and the cache is filled again.
    const fresh = new MemoryTokenStore();
    assert.equal(await durableTokens(rows, fresh).lookup('h1'), '10001');
    await new Promise((r) => setImmediate(r));
    assert.equal(await fresh.lookup('h1'), '10001');
  });

  it('answers from the database when the cache does not answer in time', async () => {
    const rows = new RecordingTokenRows();
    await rows.create('h2', '10002', Date.now() + HOUR);
    const hung: TokenStore = {
      save: () => new Promise(() => undefined),
      lookup: () => new Promise(() => undefined),
      revoke: () => Promise.reject(new Error('down')),
      revokeUser: () => Promise.reject(new Error('down')),
    };
    const tokens = durableTokens(rows, hung, { cacheWaitMs: 50 });
    assert.equal(await tokens.lookup('h2'), '10002');
    // A revocation that cannot reach the cache fails rather than leave the token cached.
    await assert.rejects(tokens.revoke('h2'), /down/);
    assert.equal(await rows.find('h2'), null);
  });

  it('treats an expired row as no token, and revokes one or all of a user in both places', async () => {
    const rows = new RecordingTokenRows();
    const cache = new MemoryTokenStore();
    const tokens = durableTokens(rows, cache);
    await rows.create('old', '10003', Date.now() - 1);
    assert.equal(await tokens.lookup('old'), null);
    await tokens.save('a', '10003', Date.now() + HOUR);
    await tokens.save('b', '10003', Date.now() + HOUR);
    await tokens.save('c', '10004', Date.now() + HOUR);
    await tokens.revoke('a');
    assert.equal(await tokens.lookup('a'), null);
    assert.equal(await tokens.revokeUser('10003'), 2); // b and the expired row
    assert.equal(await tokens.lookup('b'), null);
    assert.equal(await cache.lookup('b'), null);
    assert.equal(await tokens.lookup('c'), '10004');
  });
});
