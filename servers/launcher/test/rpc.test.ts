// The MessagePort RPC between the main thread and ChatServer threads (src/threads/rpc.ts), over a
// real MessageChannel. Generic by design: a method nobody listed is called by name.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { RpcEndpoint, RemoteError } from '../src/threads/rpc';

interface Counter {
  add(n: number): Promise<number>;
  fail(): Promise<never>;
  never(): Promise<never>;
  /** Added after the endpoints were made: it must need no change in rpc.ts. */
  claimDevice?(uid: string, device: string): Promise<{ uid: string; device: string }>;
}

function pair(target: object) {
  const { port1, port2 } = new MessageChannel();
  const server = new RpcEndpoint(port1, { counter: target });
  const client = new RpcEndpoint(port2, {});
  return {
    server,
    client,
    counter: client.remote<Required<Counter>>('counter'),
    close: () => (port1.close(), port2.close()),
  };
}

describe('rpc over a MessagePort', () => {
  it('calls a method by name with its arguments, in order, and returns its value', async () => {
    let total = 0;
    const target: Counter = {
      add: (n) => Promise.resolve((total += n)),
      fail: () => Promise.reject(new Error('x')),
      never: () => new Promise(() => undefined),
    };
    const p = pair(target);
    const got = await Promise.all([1, 2, 3].map((n) => p.counter.add(n)));
    assert.deepEqual(got, [1, 3, 6]);
    assert.equal(total, 6);
    // A method added to the target later crosses with no change to the proxy.
    target.claimDevice = (uid, device) => Promise.resolve({ uid, device });
    assert.deepEqual(await p.counter.claimDevice('7', 'phone'), { uid: '7', device: 'phone' });
    p.close();
  });

  it("keeps a thrown error's name, message and code; an unknown method is a coded error", async () => {
    const err = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    err.name = 'SqliteStoreError';
    const p = pair({ fail: () => Promise.reject(err) });
    await assert.rejects(p.counter.fail(), (e: unknown) => {
      assert.ok(e instanceof RemoteError);
      assert.equal(e.name, 'SqliteStoreError');
      assert.equal(e.message, 'database is locked');
      assert.equal(e.code, 'SQLITE_BUSY');
      return true;
    });
    await assert.rejects(p.counter.add(1), { code: 'NO_METHOD' });
    await assert.rejects(p.client.call('nobody', 'add', [1]), { code: 'NO_METHOD' });
    p.close();
  });

  it('fails what is waiting when the other side goes away, and every call after', async () => {
    const p = pair({ never: () => new Promise(() => undefined) });
    const waiting = p.counter.never();
    p.close();
    await assert.rejects(waiting, { code: 'THREAD_GONE' });
    await assert.rejects(p.counter.never(), /rpc/);
  });
});
