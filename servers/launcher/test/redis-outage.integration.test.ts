// Redis restarted empty (issue 11 item 3): nobody is logged out — tokens are durable in the
// database — and routes, which live only in Redis, are written again by every ChatServer as soon
// as the connection comes back, so a receiver that only listens (never sends a HEARTBEAT here)
// gets cross-server messages again without reconnecting. The test runs its own redis-server and kills
// that one; the shared Redis is never touched.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MsgType } from '@parley/proto';
import { befriend, sendText, person, tracked } from './helpers/people';
import { freePortBlocks } from './helpers/ports';
import { post, startSystem, type TestSystem } from './helpers/system';

function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const probe = () => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(child);
      });
      s.once('error', () => {
        if (Date.now() > deadline) reject(new Error('redis-server did not start'));
        else setTimeout(probe, 50);
      });
    };
    probe();
  });
}

const stop = (c: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once('exit', () => resolve());
    c.kill('SIGKILL');
  });

describe('Redis restarted empty (cluster)', () => {
  let sys: TestSystem;
  let redis: ChildProcess;
  let port: number;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-redis-'));
  const clients = tracked();

  before(async () => {
    [port] = (await freePortBlocks([1])) as [number];
    redis = await startRedis(port, dir);
    sys = await startSystem({ mode: 'cluster', redisUrl: `redis://127.0.0.1:${port}` });
  });
  after(async () => {
    clients.closeAll();
    await sys?.close();
    await stop(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the routes again when Redis is back, so a listening receiver gets live messages', async () => {
    const a = await person(sys, 'a');
    const b = await person(sys, 'b');
    const ca = await clients.on(sys, a, 0);
    const cb = await clients.on(sys, b, 1);
    const conv = await befriend(ca, a, cb, b);
    await sendText(ca, conv, 'before');
    assert.equal(
      ((await cb.next(MsgType.MSG_NOTIFY)).body['message'] as { text: string }).text,
      'before',
    );

    await stop(redis);
    redis = await startRedis(port, dir); // empty: no routes, no registry
    // Nobody logs in or heartbeats: the route comes back because the ChatServer rewrote it.
    const routes = () => sys.stores.routes.get(b.uid).catch(() => []);
    for (let i = 0; i < 200 && (await routes()).length === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(
      (await sys.stores.routes.get(b.uid)).map((r) => r.server),
      [sys.chats[1]!.server.name],
    );

    // Nobody is logged out: tokens are durable in the database and Redis only caches them.
    assert.equal(await sys.status.validateToken(a.token), a.uid);
    const assign = await post(
      sys.gateUrl,
      '/auth/assign',
      {},
      { authorization: `Bearer ${b.token}` },
    );
    assert.equal(assign.status, 200, JSON.stringify(assign.body));

    await sendText(ca, conv, 'after');
    assert.equal(
      ((await cb.next(MsgType.MSG_NOTIFY)).body['message'] as { text: string }).text,
      'after',
    );
  });
});
