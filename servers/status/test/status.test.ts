// StatusServer over real gRPC on 127.0.0.1:0 with the memory stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStores, silentLogger, type Stores } from '@parley/core';
import { ErrorCode, ParleyError } from '@parley/proto';
import {
  connectStatus,
  createStatusServer,
  createStatusService,
  withLocalTokens,
  type StatusClient,
  type StatusServer,
} from '../src/index';

describe('StatusServer', () => {
  let stores: Stores;
  let server: StatusServer;
  let client: StatusClient;
  before(async () => {
    stores = createStores({});
    server = createStatusServer({
      stores,
      tokenTtlMs: 60_000,
      registryTtlMs: 200,
      logger: silentLogger,
    });
    client = connectStatus(`127.0.0.1:${await server.listen('127.0.0.1', 0)}`);
  });
  after(async () => {
    client.close();
    await server.close();
    await stores.close();
  });

  it('answers UNAVAILABLE when no ChatServer is live', async () => {
    await assert.rejects(
      client.pick(),
      (e: unknown) => e instanceof ParleyError && e.code === ErrorCode.UNAVAILABLE,
    );
  });

  it('picks the least-loaded live ChatServer and drops one that stops reporting', async () => {
    await client.report({ name: 'a', host: '127.0.0.1', port: 1, load: 5 });
    await client.report({ name: 'b', host: '127.0.0.1', port: 2, load: 2 });
    await client.report({ name: 'c', host: '127.0.0.1', port: 3, load: 9 });
    assert.equal((await client.pick()).name, 'b');
    await client.report({ name: 'b', host: '127.0.0.1', port: 2, load: 7 });
    assert.equal((await client.pick()).name, 'a');
    // Keep a alive; b and c stop reporting and lapse after the 200 ms TTL.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await client.report({ name: 'a', host: '127.0.0.1', port: 1, load: 8 });
    }
    assert.deepEqual(
      (await client.list()).map((s) => s.name),
      ['a'],
    );
    await client.remove('a');
    assert.deepEqual(await client.list(), []);
  });

  it('lists a draining ChatServer but never picks it (PROTOCOL.md §9.5)', async () => {
    await client.report({ name: 'd1', host: '127.0.0.1', port: 1, load: 0, draining: true });
    await client.report({ name: 'd2', host: '127.0.0.1', port: 2, load: 50 });
    assert.equal((await client.pick()).name, 'd2');
    const listed = await client.list();
    assert.equal(listed.find((s) => s.name === 'd1')?.draining, true);
    await client.remove('d2');
    await assert.rejects(
      client.pick(),
      (e: unknown) => e instanceof ParleyError && e.code === ErrorCode.UNAVAILABLE,
    );
    await client.remove('d1');
  });

  it('issues opaque tokens, validates, revokes one and revokes all of a user', async () => {
    const t1 = await client.issueToken('10001');
    const t2 = await client.issueToken('10001');
    const other = await client.issueToken('10002');
    assert.notEqual(t1.token, t2.token);
    assert.ok(Buffer.from(t1.token, 'base64url').length >= 16, 'at least 128 bits');
    assert.equal(await client.validateToken(t1.token), '10001');
    await client.revokeToken(t1.token);
    await assert.rejects(
      client.validateToken(t1.token),
      (e: unknown) => e instanceof ParleyError && e.code === ErrorCode.TOKEN_INVALID,
    );
    assert.equal(await client.validateToken(t2.token), '10001');
    await client.revokeUserTokens('10001');
    await assert.rejects(client.validateToken(t2.token));
    assert.equal(await client.validateToken(other.token), '10002');
    await assert.rejects(client.validateToken('not-a-token'));
    await assert.rejects(client.validateToken(''));
  });

  it('never stores a token in the clear', async () => {
    const { token } = await client.issueToken('10003');
    // The memory store is keyed by hash: looking the raw token up as a hash finds nothing.
    assert.equal(await stores.tokens.lookup(token), null);
  });
});

describe('StatusServer placement under a burst (issue 9)', () => {
  let stores: Stores;
  let server: StatusServer;
  let client: StatusClient;
  before(async () => {
    stores = createStores({});
    // A long TTL: the burst must not outlive the reports it is measured against.
    server = createStatusServer({ stores, tokenTtlMs: 60_000, logger: silentLogger });
    client = connectStatus(`127.0.0.1:${await server.listen('127.0.0.1', 0)}`);
  });
  after(async () => {
    client.close();
    await server.close();
    await stores.close();
  });

  const counts = (names: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const n of names) m.set(n, (m.get(n) ?? 0) + 1);
    return m;
  };

  it('spreads 1,000 concurrent picks over the live ChatServers within ±10 %', async () => {
    for (const name of ['a', 'b', 'c', 'gone'])
      await client.report({ name, host: '127.0.0.1', port: 1, load: 0 });
    await client.remove('gone');
    const picked = await Promise.all(Array.from({ length: 1_000 }, () => client.pick()));
    const by = counts(picked.map((s) => s.name));
    assert.deepEqual([...by.keys()].sort(), ['a', 'b', 'c']);
    for (const [name, n] of by)
      assert.ok(Math.abs(n - 1_000 / 3) <= 1_000 / 3 / 10, `${name} got ${n} of 1,000`);
  });

  it('counts what it handed out on top of the reported load, until the next report', async () => {
    // a already holds 300 connections, b and c none: the burst fills b and c up to a first.
    await client.report({ name: 'a', host: '127.0.0.1', port: 1, load: 300 });
    await client.report({ name: 'b', host: '127.0.0.1', port: 1, load: 0 });
    await client.report({ name: 'c', host: '127.0.0.1', port: 1, load: 0 });
    const first = counts(
      (await Promise.all(Array.from({ length: 900 }, () => client.pick()))).map((s) => s.name),
    );
    // Totals end equal: 300 + 100 = 0 + 400 = 0 + 400.
    assert.deepEqual(Object.fromEntries(first), { a: 100, b: 400, c: 400 });
    // b reports the 400 it got plus 200 more from elsewhere: it is now the fullest.
    await client.report({ name: 'b', host: '127.0.0.1', port: 1, load: 600 });
    const next = await client.pick();
    assert.notEqual(next.name, 'b');
  });
});

describe('withLocalTokens (issue 9: no gRPC round trip per LOGIN)', () => {
  it('validates from the shared store exactly as StatusServer does, never calling it', async () => {
    const stores = createStores({});
    const service = createStatusService({ stores, tokenTtlMs: 60_000 });
    const unreachable = (): never => {
      throw new Error('validateToken went to StatusServer');
    };
    // A client whose every call fails: only validateToken may be answered, and locally.
    const remote: StatusClient = {
      report: unreachable,
      remove: unreachable,
      list: unreachable,
      pick: unreachable,
      issueToken: unreachable,
      validateToken: unreachable,
      revokeToken: unreachable,
      revokeUserTokens: unreachable,
      revokeTokenHashes: unreachable,
      attach: unreachable,
      close: unreachable,
    };
    const local = withLocalTokens(remote, stores.tokens);
    try {
      const live = await service.issueToken('20001');
      const revoked = await service.issueToken('20001');
      await service.revokeToken(revoked.token);
      assert.equal(await local.validateToken(live.token), '20001');
      for (const bad of [revoked.token, 'not-a-token', '']) {
        await assert.rejects(
          local.validateToken(bad),
          (e: unknown) => e instanceof ParleyError && e.code === ErrorCode.TOKEN_INVALID,
        );
      }
      await service.revokeUserTokens('20001');
      await assert.rejects(local.validateToken(live.token));
      assert.throws(() => local.list(), /went to StatusServer/);
    } finally {
      await stores.close();
    }
  });
});
