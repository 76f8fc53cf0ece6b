// The bridge over real sockets: a WebSocket client on one side, a real ChatServer (registered
// with a real StatusServer) on the other (issue 4 §1, PROTOCOL.md §1 and §8).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import WebSocket from 'ws';
import { silentLogger } from '@parley/core';
import { encodeFrame, ErrorCode, FrameDecoder, MsgType } from '@parley/proto';
import type { StatusClient } from '@parley/status';
import { ChatClient, type ChatServer } from '@parley/chat';
import { startOneServer, type OneServer } from '../../servers/chat/test/helpers/one-server';
import { Close, createBridge, registryLookup, type Bridge } from '../src/index';

const ORIGIN = 'http://localhost:3000';

describe('bridge', () => {
  let one: OneServer;
  let status: StatusClient;
  let chat: ChatServer;
  let bridge: Bridge;
  let port: number;
  let uid: string;
  let trap: Server;
  let trapHits = 0;

  before(async () => {
    one = await startOneServer('chat-b');
    ({ status, chat } = one);
    bridge = createBridge({
      lookup: registryLookup(() => status.list(), 0),
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
      pingIntervalMs: 200,
    });
    port = await bridge.listen('127.0.0.1', 0);
    uid = await one.user('bob');
    // A TCP listener that is NOT a registered ChatServer: the bridge must never dial it.
    trap = createServer((s) => {
      trapHits++;
      s.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await bridge.close();
    await one.close();
    trap.close();
  });

  const url = (server: string) => `ws://127.0.0.1:${port}/ws?server=${encodeURIComponent(server)}`;

  function open(server = 'chat-b', origin = ORIGIN): Promise<WebSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url(server), { origin });
      ws.binaryType = 'nodebuffer';
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** Messages as decoded frames; asserts each WebSocket message is exactly one frame. */
  function frames(ws: WebSocket): {
    next(type: number): Promise<Record<string, unknown>>;
    count: () => number;
  } {
    const got: { type: number; body: Record<string, unknown> }[] = [];
    const waiters: { type: number; resolve: (b: Record<string, unknown>) => void }[] = [];
    let n = 0;
    ws.on('message', (data: Buffer) => {
      const d = new FrameDecoder({ maxBody: 1 << 24 });
      const fs = d.push(data);
      assert.equal(fs.length, 1, 'one frame per WebSocket message');
      assert.equal(d.buffered, 0);
      n++;
      const f = {
        type: fs[0]!.type,
        body: JSON.parse(Buffer.from(fs[0]!.body).toString('utf8')) as Record<string, unknown>,
      };
      const w = waiters.findIndex((x) => x.type === f.type);
      if (w >= 0) waiters.splice(w, 1)[0]!.resolve(f.body);
      else got.push(f);
    });
    return {
      count: () => n,
      next: (type) => {
        const i = got.findIndex((g) => g.type === type);
        if (i >= 0) return Promise.resolve(got.splice(i, 1)[0]!.body);
        return new Promise((resolve, reject) => {
          waiters.push({ type, resolve });
          setTimeout(() => reject(new Error(`no frame ${type}`)), 3_000).unref();
        });
      },
    };
  }

  const closed = (ws: WebSocket) =>
    new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

  it('carries LOGIN and HEARTBEAT frames byte for byte, one frame per message', async () => {
    const { token } = await status.issueToken(uid);
    const ws = await open();
    const f = frames(ws);
    ws.send(encodeFrame(MsgType.LOGIN, { uid, token, protocol: 1, reqId: 1 }));
    const rsp = await f.next(MsgType.LOGIN_RSP);
    assert.equal(rsp['error'], 0);
    assert.equal(rsp['server'], 'chat-b');
    // Two requests in flight come back as two separate messages even if TCP coalesces them.
    ws.send(encodeFrame(MsgType.HEARTBEAT, { reqId: 2 }));
    ws.send(encodeFrame(MsgType.HEARTBEAT, { reqId: 3 }));
    const [a, b] = [await f.next(MsgType.HEARTBEAT_RSP), await f.next(MsgType.HEARTBEAT_RSP)];
    assert.deepEqual([a['reqId'], b['reqId']], [2, 3]);
    assert.equal(chat.load(), 1);
    ws.close();
    await closed(ws);
    for (let i = 0; i < 50 && chat.load() > 0; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(chat.load(), 0, 'closing the WebSocket closes the TCP side');
  });

  it('refuses a server name that is not a live registered ChatServer, and dials nothing', async () => {
    const trapPort = (trap.address() as import('node:net').AddressInfo).port;
    for (const name of ['nope', `127.0.0.1:${trapPort}`, '', 'chat-b/../x']) {
      await assert.rejects(open(name), /HTTP 404/);
    }
    assert.equal(trapHits, 0);
  });

  it('refuses an Origin that is not allowed, before anything else', async () => {
    await assert.rejects(open('chat-b', 'http://evil.example'), /HTTP 403/);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const ws = new WebSocket(url('chat-b'));
        ws.once('open', resolve);
        ws.once('unexpected-response', (_q, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
      /HTTP 403/,
    );
  });

  it('closes with 1007 on a message that is not exactly one frame, forwarding nothing', async () => {
    for (const bad of [
      Buffer.from([0x03, 0xff, 0, 0, 0, 5, 0x7b]), // header says 5, 1 body byte
      Buffer.concat([encodeFrame(MsgType.HEARTBEAT, {}), encodeFrame(MsgType.HEARTBEAT, {})]), // two frames
      Buffer.from([0x03]), // a partial header
    ]) {
      const ws = await open();
      const f = frames(ws);
      const code = closed(ws);
      ws.send(bad);
      assert.equal(await code, Close.INVALID);
      assert.equal(f.count(), 0, 'nothing came back: the frame never reached the ChatServer');
    }
  });

  it('closes with 1009 on a frame over the body limit and 1003 on a text message', async () => {
    const big = await open();
    const c1 = closed(big);
    big.send(encodeFrame(MsgType.SEND_MSG, { text: 'x'.repeat(70 * 1024) }));
    assert.equal(await c1, Close.TOO_BIG);
    const text = await open();
    const c2 = closed(text);
    text.send('{"uid":"1"}');
    assert.equal(await c2, Close.UNSUPPORTED);
  });

  it('answers protocol errors from the ChatServer as frames (first frame not LOGIN)', async () => {
    const ws = await open();
    const f = frames(ws);
    const code = closed(ws);
    ws.send(encodeFrame(MsgType.HEARTBEAT, { reqId: 9 }));
    assert.equal((await f.next(MsgType.HEARTBEAT_RSP))['error'], ErrorCode.NOT_LOGGED_IN);
    assert.equal(await code, Close.RESTART, 'the ChatServer closed its side');
  });

  it('drops a browser that stops answering pings, and its ChatServer connection with it', async () => {
    const { token } = await status.issueToken(uid);
    const ws = await open();
    const f = frames(ws);
    ws.send(encodeFrame(MsgType.LOGIN, { uid, token, protocol: 1, reqId: 1 }));
    assert.equal((await f.next(MsgType.LOGIN_RSP))['error'], 0);
    assert.equal(chat.load(), 1);
    // A vanished browser: its socket stops reading, so no pong ever comes back.
    (ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
    for (let i = 0; i < 100 && (bridge.size() > 0 || chat.load() > 0); i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(bridge.size(), 0, 'the bridge terminated the silent WebSocket');
    assert.equal(chat.load(), 0, 'and closed its TCP side');
    ws.terminate();
  });

  it('closes browsers with 1012 when their ChatServer shuts down', async () => {
    const { chat: other } = await one.another('chat-gone');
    // Logged in, so the bridge's TCP side is surely up: a close that wins the race with its
    // connect is a refused dial (1011), not a server going away.
    const gone = await one.user('gone_user');
    const { token } = await status.issueToken(gone);
    const ws = await open('chat-gone');
    const f = frames(ws);
    const code = closed(ws);
    ws.send(encodeFrame(MsgType.LOGIN, { uid: gone, token, protocol: 1, reqId: 1 }));
    assert.equal((await f.next(MsgType.LOGIN_RSP))['error'], 0);
    await other.close();
    assert.equal(await code, Close.RESTART);
    await assert.rejects(open('chat-gone'), /HTTP 404/, 'a stopped server is no longer a target');
  });
  it('pauses the ChatServer side while a browser is not reading, and loses nothing', async () => {
    // Its own bridge with a slow ping: this browser stops reading on purpose, for ~1 s.
    const slow = createBridge({
      lookup: registryLookup(() => status.list(), 0),
      allowedOrigins: [ORIGIN],
      logger: silentLogger,
      pingIntervalMs: 60_000,
    });
    const slowPort = await slow.listen('127.0.0.1', 0);
    const { chat: fast, port: fastPort } = await one.another('chat-bp', {
      messagesPerSecond: 10_000,
    });
    try {
      const amy = await one.user('amy_bp');
      const bob = await one.user('bob_bp');
      const conversationId = `d_${amy}_${bob}`;
      await one.db.prisma.conversation.create({ data: { id: conversationId, kind: 'direct' } });
      await one.db.prisma.member.createMany({
        data: [
          { conversationId, userId: Number(amy) },
          { conversationId, userId: Number(bob) },
        ],
      });
      const ws = await new Promise<WebSocket>((resolve, reject) => {
        const w = new WebSocket(`ws://127.0.0.1:${slowPort}/ws?server=chat-bp`, {
          origin: ORIGIN,
        });
        w.binaryType = 'nodebuffer';
        w.once('open', () => resolve(w));
        w.once('error', reject);
      });
      const seqs: number[] = [];
      const f = frames(ws);
      ws.on('message', (data: Buffer) => {
        if (data.readUInt16BE(0) !== MsgType.MSG_NOTIFY) return;
        const body = JSON.parse(data.subarray(6).toString('utf8')) as { message: { seq: number } };
        seqs.push(body.message.seq);
      });
      ws.send(
        encodeFrame(MsgType.LOGIN, {
          uid: bob,
          token: (await status.issueToken(bob)).token,
          protocol: 1,
        }),
      );
      assert.equal((await f.next(MsgType.LOGIN_RSP))['error'], 0);
      // Bob's browser stops reading; Amy sends 9 MB at it (more than the kernel buffers on the way hold).
      const socket = (ws as unknown as { _socket: import('node:net').Socket })._socket;
      socket.pause();
      // Read again as soon as the bridge has paused the ChatServer side, so that the ChatServer's
      // own cut-off for readers that stop for good (5 s) never comes into it on a slow machine.
      let sawPause = false;
      const watch = setInterval(() => {
        if (!sawPause && slow.paused() > 0) {
          sawPause = true;
          socket.resume();
        }
      }, 5);
      const sender = await ChatClient.connect('127.0.0.1', fastPort);
      await sender.login(amy, (await status.issueToken(amy)).token);
      const N = 600;
      const text = 'x'.repeat(15_000);
      // In rounds of 100, each answered before the next: a loaded CI machine stores 1.5 MB
      // rounds in time where 9 MB pipelined at once could outlast a request's timeout.
      const sent = [];
      for (let round = 0; round < N / 100; round++) {
        const answers = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            sender.request(
              MsgType.SEND_MSG,
              { conversationId, clientMsgId: `bp-${round * 100 + i}`, kind: 'text', text },
              30_000,
            ),
          ),
        );
        sent.push(...answers);
      }
      assert.ok(sent.every((r) => r.body['error'] === 0));
      for (let i = 0; i < 500 && !sawPause; i++) await new Promise((r) => setTimeout(r, 10));
      clearInterval(watch);
      socket.resume();
      assert.ok(sawPause, 'the bridge paused the ChatServer connection');
      // Reading again: every message arrives, once, in order, over the same connection.
      for (let i = 0; i < 1_500 && seqs.length < N; i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(
        seqs,
        Array.from({ length: N }, (_, i) => i + 1),
      );
      assert.equal(slow.paused(), 0, 'and resumed it');
      await sender.close();
      ws.close();
    } finally {
      await slow.close();
      await fast.close();
    }
  });
});
