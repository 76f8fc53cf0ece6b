// The CLI's Session over real TCP: typed failures carry their §6 code, and the heartbeat keeps a
// connection alive that the server would otherwise close as silent (§4). The ChatServer here has
// a 200 ms heartbeat so the test takes about two seconds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@parley/core';
import { ErrorCode, MsgType, ParleyError } from '@parley/proto';
import { ChatClient, createChatServer, PeerHub, type ChatServer } from '../src/index';
import { Session } from '../src/cli/session';
import { startSystem, type TestSystem } from '../../launcher/test/helpers/system';
import { person } from '../../launcher/test/helpers/people';

const HEARTBEAT_MS = 200;

describe('cli Session', () => {
  let sys: TestSystem;
  let fast: ChatServer;
  let port: number;
  const sessions: Session[] = [];
  let silent: ChatClient | undefined;

  before(async () => {
    sys = await startSystem({ mode: 'embedded', chatServers: 1 });
    fast = createChatServer({
      name: 'chat-fast-heartbeat',
      publicHost: '127.0.0.1',
      db: sys.db,
      stores: sys.stores,
      status: sys.status,
      peers: new PeerHub().transport(),
      logger: silentLogger,
      config: { heartbeatMs: HEARTBEAT_MS },
    });
    port = await fast.listen('127.0.0.1', 0);
  });
  after(async () => {
    await Promise.all(sessions.map((s) => s.close()));
    await silent?.close();
    await fast?.close();
    await sys?.close();
  });

  async function open(): Promise<Session> {
    const s = await Session.connect('127.0.0.1', port);
    sessions.push(s);
    return s;
  }

  it('turns failure responses into ParleyErrors with the server code', async () => {
    const p = await person(sys, 'tok');
    const s = await open();
    await assert.rejects(
      s.call(MsgType.LOGIN, { uid: p.uid, token: 'not-a-token', protocol: 1 }),
      (e: unknown) => e instanceof ParleyError && e.code === ErrorCode.TOKEN_INVALID,
    );
  });

  it('heartbeats every heartbeatMs, so only the silent connection is closed', async () => {
    const [a, b] = [await person(sys, 'beat'), await person(sys, 'mute')];
    const s = await open();
    const rsp = await s.call(MsgType.LOGIN, { uid: a.uid, token: a.token, protocol: 1 });
    assert.equal(rsp.heartbeatMs, HEARTBEAT_MS);
    assert.equal(rsp.user.uid, a.uid);
    s.startHeartbeat(rsp.heartbeatMs, (err) => assert.fail(String(err)));
    silent = await ChatClient.connect('127.0.0.1', port);
    assert.equal((await silent.login(b.uid, b.token)).body['error'], 0);
    // 3 × heartbeatMs of silence, plus the server's 1 s sweep.
    await Promise.race([silent.closed, new Promise((r) => setTimeout(r, 3_000))]);
    assert.equal(silent.isClosed, true, 'the silent connection should have been closed');
    assert.equal(s.isClosed, false, 'the heartbeating session must stay open');
    const friends = await s.call(MsgType.FRIEND_LIST, {});
    assert.deepEqual(friends.friends, []);
  });
});
