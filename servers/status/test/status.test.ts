// StatusServer over real gRPC on 127.0.0.1:0 with the memory stores.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createStores, silentLogger, type Stores } from '@parley/core';
import { ErrorCode, ParleyError } from '@parley/proto';
import {
  connectStatus,
  createStatusServer,
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
