// ChatClient checks every server body against proto's schema for its type (issue 10): a server
// that answers outside the contract is reported, and the frame is still delivered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeFrame, FrameDecoder, MsgType } from '@parley/proto';
import { ChatClient, ContractViolation } from '../src/client';

/** A stand-in server that answers each request with the next scripted body. */
function scripted(bodies: ((reqId: number) => unknown)[]): Server {
  return createServer((sock: Socket) => {
    const dec = new FrameDecoder();
    sock.on('data', (chunk) => {
      for (const f of dec.push(chunk)) {
        const req = JSON.parse(new TextDecoder().decode(f.body)) as { reqId: number };
        const next = bodies.shift();
        if (next) sock.write(encodeFrame(f.type + 1, next(req.reqId)));
      }
    });
  });
}

describe('ChatClient contract check', () => {
  let server: Server;
  let port = 0;
  before(async () => {
    server = scripted([
      (reqId) => ({ error: 0, message: '', reqId, serverTime: Date.now() }),
      // HEARTBEAT_RSP without serverTime, and a Message missing its seq: both outside §3.
      (reqId) => ({ error: 0, reqId }),
      (reqId) => ({
        error: 0,
        reqId,
        message: { msgId: 'm1', conversationId: 'c', from: '1', kind: 'text', sentAt: 1 },
      }),
      (reqId) => ({ error: 1007, message: 'no such conversation', reqId }),
    ]);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  it('reports bodies outside the contract and still delivers them', async () => {
    const seen: ContractViolation[] = [];
    const c = await ChatClient.connect('127.0.0.1', port, { onViolation: (v) => seen.push(v) });
    const good = await c.request(MsgType.HEARTBEAT);
    assert.equal(typeof good.body['serverTime'], 'number');
    assert.equal(seen.length, 0, 'a valid body is not reported');

    const bad = await c.request(MsgType.HEARTBEAT);
    assert.equal(bad.body['error'], 0, 'delivered as received');
    const sent = await c.request(MsgType.SEND_MSG, { conversationId: 'c' });
    assert.equal((sent.body['message'] as { msgId: string }).msgId, 'm1');
    const failed = await c.request(MsgType.HISTORY, { conversationId: 'c' });
    assert.equal(failed.body['error'], 1007);

    assert.equal(seen.length, 2, seen.map((v) => v.message).join('; '));
    assert.ok(seen[0] instanceof ContractViolation);
    assert.equal(seen[0].type, MsgType.HEARTBEAT_RSP);
    assert.match(seen[0].message, /HEARTBEAT_RSP outside the contract: serverTime/);
    assert.equal(seen[1]?.type, MsgType.SEND_MSG_RSP);
    assert.match(seen[1]?.message ?? '', /message\.seq/);
    await c.close();
  });
});
