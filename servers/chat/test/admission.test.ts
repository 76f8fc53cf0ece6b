// LOGIN admission control (issue 11 item 6): a ChatServer works on a bounded number of LOGINs at
// once and queues the rest in arrival order. A queued LOGIN is answered when its turn comes —
// not closed by the login deadline, which is for clients that never send one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@parley/core';
import { MsgType } from '@parley/proto';
import type { StatusClient } from '@parley/status';
import { ChatClient, createChatServer, PeerHub, type ChatServer } from '../src/index';
import { startOneServer, type OneServer } from './helpers/one-server';

const VALIDATE_MS = 400; // each token check takes this long (a loaded StatusServer)
const LOGIN_TIMEOUT_MS = 300; // shorter than the queue: the last LOGIN waits ~1.6 s

describe('LOGIN admission', () => {
  let one: OneServer;
  let chat: ChatServer;
  let port: number;
  let running = 0;
  let most = 0;

  before(async () => {
    one = await startOneServer('chat-adm-base');
    // The real StatusServer, slowed down, counting how many token checks run at once.
    const slow: StatusClient = {
      ...one.status,
      async validateToken(token) {
        most = Math.max(most, ++running);
        try {
          await new Promise((r) => setTimeout(r, VALIDATE_MS));
          return await one.status.validateToken(token);
        } finally {
          running--;
        }
      },
    };
    chat = createChatServer({
      name: 'chat-adm',
      publicHost: '127.0.0.1',
      db: one.db,
      stores: one.stores,
      status: slow,
      peers: new PeerHub().transport(),
      logger: silentLogger,
      config: { loginTimeoutMs: LOGIN_TIMEOUT_MS, maxConcurrentLogins: 1 },
    });
    port = await chat.listen('127.0.0.1', 0);
  });
  after(async () => {
    await chat.close();
    await one.close();
  });

  it('queues LOGINs beyond the limit and answers every one, past the login deadline', async () => {
    const users = await Promise.all([1, 2, 3, 4].map((i) => one.user(`adm${i}`)));
    const clients = await Promise.all(users.map(() => ChatClient.connect('127.0.0.1', port)));
    const tokens = await Promise.all(users.map((u) => one.status.issueToken(u)));
    const answers = await Promise.all(
      clients.map((c, i) =>
        c.request(MsgType.LOGIN, { uid: users[i], token: tokens[i]!.token, protocol: 1 }, 10_000),
      ),
    );
    assert.deepEqual(
      answers.map((a) => a.body['error']),
      [0, 0, 0, 0],
    );
    assert.equal(most, 1, 'one LOGIN at a time');
    for (const c of clients) {
      assert.equal(c.isClosed, false);
      assert.equal((await c.request(MsgType.HEARTBEAT)).body['error'], 0);
      await c.close();
    }
  });

  it('still closes a connection that never sends LOGIN', async () => {
    const c = await ChatClient.connect('127.0.0.1', port);
    await c.closed; // LOGIN_TIMEOUT_MS plus the 1 s sweep
  });
});
