// Fast failover (issue 11 item 5): a ChatServer's entry goes when its process dies — through the
// Attach stream breaking, not the registry TTL (set to a minute here, so it cannot be the cause) —
// and a StatusServer that stops does not take the live ChatServers' entries with it.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createStores, silentLogger, type Stores } from '@parley/core';
import { createStatusServer, type StatusServer } from '../src/index';

const CHILD = fileURLToPath(new URL('./helpers/attached-chat.ts', import.meta.url));
const TTL_MS = 60_000;

function startChild(addr: string, name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, addr, name], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}

describe('ChatServer liveness', () => {
  const stores: Stores = createStores({});
  const servers: StatusServer[] = [];
  const children: ChildProcess[] = [];
  const start = async () => {
    const s = createStatusServer({
      stores,
      tokenTtlMs: 60_000,
      registryTtlMs: TTL_MS,
      logger: silentLogger,
    });
    servers.push(s);
    return `127.0.0.1:${await s.listen('127.0.0.1', 0)}`;
  };
  const names = async () => (await stores.registry.list()).map((e) => e.name);
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    for (const s of servers) await s.close();
    await stores.close();
  });

  it('drops a killed ChatServer at once, without waiting for its TTL', async (t) => {
    const addr = await start();
    const child = await startChild(addr, 'doomed');
    children.push(child);
    assert.deepEqual(await names(), ['doomed']);
    child.kill('SIGKILL');
    const ms = await until('the entry to go', async () => !(await names()).includes('doomed'));
    t.diagnostic(`removed ${ms} ms after SIGKILL (TTL ${TTL_MS} ms)`);
  });

  it('keeps the entries of live ChatServers when StatusServer itself stops', async () => {
    const addr = await start();
    const child = await startChild(addr, 'survivor');
    children.push(child);
    assert.ok((await names()).includes('survivor'));
    await servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok((await names()).includes('survivor'));
  });
});
