// ChatServer session rules over real TCP (PROTOCOL.md §1, §4): LOGIN by token, first frame must
// be LOGIN, bad frames answered with coded errors while the connection stays usable.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { ErrorCode, MsgType, encodeFrame } from '@parley/proto';
import type { StatusClient } from '@parley/status';
import { ChatClient, type ChatServer } from '../src/index';
import { startOneServer, type OneServer } from './helpers/one-server';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('ChatServer sessions', () => {
  let one: OneServer;
  let status: StatusClient;
  let chat: ChatServer;
  let port: number;
  let uid: string;

  before(async () => {
    one = await startOneServer('chat-t', { loginTimeoutMs: 1_500 });
    ({ status, chat, port } = one);
    uid = await one.user('alice');
  });
  after(() => one.close());

  async function loggedIn(): Promise<ChatClient> {
    const { token } = await status.issueToken(uid);
    const c = await ChatClient.connect('127.0.0.1', port);
    const r = await c.login(uid, token);
    assert.equal(r.body['error'], 0);
    return c;
  }

  it('logs in with a token and answers HEARTBEAT with serverTime', async () => {
    const c = await loggedIn();
    const hb = await c.request(MsgType.HEARTBEAT);
    assert.equal(hb.type, MsgType.HEARTBEAT_RSP);
    assert.ok(Math.abs((hb.body['serverTime'] as number) - Date.now()) < 5_000);
    assert.equal(chat.load(), 1);
    await c.close();
  });

  it('answers a first frame that is not LOGIN with 1011 and closes', async () => {
    const c = await ChatClient.connect('127.0.0.1', port);
    const r = await c.request(MsgType.HEARTBEAT);
    assert.equal(r.type, MsgType.HEARTBEAT_RSP);
    assert.equal(r.body['error'], ErrorCode.NOT_LOGGED_IN);
    await c.closed;
  });

  it('refuses an unknown token with 1010 and closes', async () => {
    const c = await ChatClient.connect('127.0.0.1', port);
    const r = await c.login(uid, 'forged-token');
    assert.equal(r.body['error'], ErrorCode.TOKEN_INVALID);
    await c.closed;
  });

  it('answers a malformed body with 1001 in the response type and stays usable', async () => {
    const c = await loggedIn();
    c.sendRaw(hex('03ff000000057b6f6f7073')); // HEARTBEAT with body "{oops"
    const bad = await c.next(MsgType.HEARTBEAT_RSP);
    assert.equal(bad.body['error'], ErrorCode.BAD_REQUEST);
    c.sendRaw(hex('03ff000000047bff7d00')); // invalid UTF-8
    assert.equal((await c.next(MsgType.HEARTBEAT_RSP)).body['error'], ErrorCode.BAD_REQUEST);
    assert.equal((await c.request(MsgType.HEARTBEAT)).body['error'], 0);
    await c.close();
  });

  it('answers an unknown type with an ERROR push 1015 and stays usable', async () => {
    const c = await loggedIn();
    c.send(4242, {});
    const e = await c.next(MsgType.ERROR);
    assert.equal(e.body['error'], ErrorCode.UNKNOWN_TYPE);
    assert.equal(e.body['refType'], 4242);
    assert.equal((await c.request(MsgType.HEARTBEAT)).body['error'], 0);
    await c.close();
  });

  it('answers a 10 MB header with 1014 and closes without reading the body; others unaffected', async () => {
    const other = await loggedIn();
    const c = await ChatClient.connect('127.0.0.1', port);
    const header = Buffer.alloc(6);
    header.writeUInt16BE(MsgType.SEND_MSG, 0);
    header.writeUInt32BE(10 * 1024 * 1024, 2);
    c.sendRaw(header);
    const e = await c.next(MsgType.ERROR);
    assert.equal(e.body['error'], ErrorCode.FRAME_TOO_LARGE);
    await c.closed;
    assert.equal((await other.request(MsgType.HEARTBEAT)).body['error'], 0);
    await other.close();
  });

  it('closes a connection that does not log in within the deadline', async () => {
    const s = connect({ host: '127.0.0.1', port });
    const started = Date.now();
    await new Promise((resolve) => s.on('close', resolve));
    assert.ok(Date.now() - started >= 1_000, 'not before the deadline');
  });

  it('closes a logged-in connection silent for 3 × heartbeatMs, and keeps one that heartbeats', async () => {
    const { chat: quick, port: qport } = await one.another('chat-hb', { heartbeatMs: 300 });
    try {
      const { token } = await status.issueToken(uid);
      const silentOne = await ChatClient.connect('127.0.0.1', qport);
      assert.equal((await silentOne.login(uid, token)).body['heartbeatMs'], 300);
      const started = Date.now();
      await silentOne.closed;
      assert.ok(Date.now() - started >= 850, 'not before 3 × heartbeatMs');
      const chatty = await ChatClient.connect('127.0.0.1', qport);
      await chatty.login(uid, (await status.issueToken(uid)).token);
      for (let i = 0; i < 8; i++) {
        await new Promise((r) => setTimeout(r, 250));
        assert.equal((await chatty.request(MsgType.HEARTBEAT)).body['error'], 0);
      }
      assert.equal(chatty.isClosed, false);
      await chatty.close();
    } finally {
      await quick.close();
    }
  });

  it('a second login of the same uid kicks the first connection', async () => {
    const first = await loggedIn();
    const second = await loggedIn();
    const kicked = await first.next(MsgType.KICKED);
    assert.equal(typeof kicked.body['at'], 'number');
    await first.closed;
    assert.equal((await second.request(MsgType.HEARTBEAT)).body['error'], 0);
    await second.close();
  });

  it('coalesced frames in one write are all answered, in order', async () => {
    const c = await loggedIn();
    const a = encodeFrame(MsgType.HEARTBEAT, { reqId: 901 });
    const b = encodeFrame(MsgType.HEARTBEAT, { reqId: 902 });
    c.sendRaw(Buffer.concat([a, b]));
    const r1 = await c.next(MsgType.HEARTBEAT_RSP);
    const r2 = await c.next(MsgType.HEARTBEAT_RSP);
    assert.deepEqual([r1.body['reqId'], r2.body['reqId']], [901, 902]);
    await c.close();
  });
});
