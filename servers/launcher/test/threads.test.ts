// Embedded mode's ChatServers on threads of their own (issue 9 item 1, CHAT_THREADS=1): they
// really run off this thread; a thread that fails is reported with its reason (issue 11 item 1:
// never a silent hang); and the real launcher serves /metrics per ChatServer and stops cleanly.
// The system suites (chat.test.ts, drain.test.ts, …) run on threads too: it is the default.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { silentLogger } from '@parley/core';
import { durableTokens } from '@parley/status';
import { ChatThreads } from '../src/threads/chat-threads';
import { prismaTokenRows } from '../src/services';
import { startSystem, type TestSystem } from './helpers/system';
import { friendsAcross, sendText, collect, tracked } from './helpers/people';
import { startLauncher, until, type Launcher } from './helpers/launcher';
import { freePortBlocks } from './helpers/ports';

describe('ChatServer threads (embedded mode)', () => {
  let sys: TestSystem;
  const clients = tracked();
  before(async () => {
    sys = await startSystem({ mode: 'embedded', threads: true });
  });
  after(async () => {
    clients.closeAll();
    await sys.close();
  });

  it('runs each ChatServer on a thread of its own, and they chat across threads', async () => {
    assert.equal(sys.threads, true);
    const ids = sys.chats.map((c) => c.server.threadId);
    assert.equal(new Set(ids).size, 2, `thread ids ${ids.join(', ')}`);
    for (const id of ids) assert.ok(id !== undefined && id !== threadId, 'not on this thread');
    const { a, ca, cb, conv } = await friendsAcross(sys, clients.on);
    const got = collect(cb, 3);
    for (const text of ['one', 'two', 'three']) await sendText(ca, conv, text);
    assert.deepEqual(
      (await got).map((m) => [m.seq, m.text, m.from]),
      [1, 2, 3].map((seq, i) => [seq, ['one', 'two', 'three'][i], a.uid]),
    );
  });

  it(
    'reports a thread that fails with its reason instead of hanging',
    { timeout: 120_000 },
    async () => {
      const fatal: string[] = [];
      const threads = new ChatThreads({
        db: sys.db,
        routes: sys.stores.routes,
        tokens: durableTokens(prismaTokenRows(sys.db), sys.stores.tokens),
        statusAddr: '127.0.0.1:1', // never reached: the thread fails first
        logger: silentLogger,
        logLevel: 'silent',
        metricsService: null,
        onFatal: (reason) => fatal.push(reason),
      });
      const t = await threads.start({
        name: 'doomed',
        host: '127.0.0.1',
        port: 0,
        publicHost: '127.0.0.1',
        config: {},
      });
      await t.crash('a bug in a handler');
      await t.ended;
      assert.equal(fatal.length, 1);
      assert.match(fatal[0]!, /doomed.*a bug in a handler/);
      // A port that is taken: start() rejects with the reason, and nothing is reported as a crash.
      const holder = createServer();
      await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
      const taken = (holder.address() as AddressInfo).port;
      await assert.rejects(
        threads.start({
          name: 'clash',
          host: '127.0.0.1',
          port: taken,
          publicHost: '127.0.0.1',
          config: {},
        }),
        /EADDRINUSE/,
      );
      holder.close();
      assert.equal(fatal.length, 1);
    },
  );
});

describe('npm start with CHAT_THREADS=1 (embedded mode)', () => {
  let l: Launcher;
  let metricsPort: number;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-threads-'));
  before(async () => {
    metricsPort = (await freePortBlocks([1]))[0]!;
    l = await startLauncher({
      env: {
        REDIS_URL: '',
        DATABASE_URL: `file:${path.join(dir, 'parley.db')}`,
        CHAT_THREADS: '1',
        METRICS_PORT_BASE: String(metricsPort),
      },
    });
  });
  after(async () => {
    await l.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  // A timeout, so a request that is never answered fails here instead of holding the run.
  it(
    'serves /readyz and per-ChatServer /metrics from the main thread, then stops with 0',
    { timeout: 120_000 },
    async () => {
      const base = `http://127.0.0.1:${metricsPort}`;
      await until(
        '/readyz',
        () =>
          fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
            (r) => r.ok,
            () => false,
          ),
        30_000,
      );
      const text = await (
        await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(10_000) })
      ).text();
      for (const server of ['chat-1', 'chat-2']) {
        assert.match(text, new RegExp(`parley_chat_sessions\\{[^}]*server="${server}"`));
        assert.match(
          text,
          new RegExp(`parley_chat_event_loop_utilization\\{[^}]*server="${server}"`),
        );
      }
      // The main thread's own series are still there, once each.
      assert.equal(text.match(/^# TYPE parley_event_loop_utilization /gm)?.length, 1);
      assert.equal(text.match(/^# TYPE parley_chat_sessions /gm)?.length, 1);
      assert.equal(await l.stop(), 0, l.output());
    },
  );
});

describe('npm start when a ChatServer thread cannot start', () => {
  it('exits 1 with the reason', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-threads-'));
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const taken = (holder.address() as AddressInfo).port;
    const l = await startLauncher({
      waitUp: false,
      chatServers: 1,
      env: {
        REDIS_URL: '',
        DATABASE_URL: `file:${path.join(dir, 'parley.db')}`,
        CHAT_THREADS: '1',
        CHAT_PORT_BASE: String(taken),
      },
    });
    try {
      const code = await new Promise<number | null>((r) => {
        if (l.child.exitCode !== null) r(l.child.exitCode);
        else l.child.once('exit', (c) => r(c));
      });
      assert.equal(code, 1, l.output());
      assert.match(l.output(), /chat-1/);
      assert.match(l.output(), /EADDRINUSE/);
    } finally {
      holder.close();
      await l.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
