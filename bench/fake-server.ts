// A trivial stand-in for the ChatServers (`npm run bench -- --fake`), to measure the load
// generator's own ceiling: it speaks just enough of PROTOCOL.md (LOGIN, SEND_MSG → SEND_MSG_RSP +
// MSG_NOTIFY to the peer, ACK, HEARTBEAT), stores nothing and checks nothing. Whatever rate the
// generator reaches against it is the most it can measure on this machine.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { encodeFrame, encodeFrameBytes, FrameDecoder, MsgType } from '@parley/proto';

const FIRST_UID = 10_001;
const utf8 = new TextDecoder();
const utf8enc = new TextEncoder();

interface FakeConn {
  socket: Socket;
  out: Uint8Array[];
  queued: boolean;
}

export async function startFake(opts: {
  servers: number;
  users: number;
  pairs: [number, number][];
}): Promise<{
  ports: number[];
  users: { uid: string; token: string }[];
  conversations: string[];
  close(): Promise<void>;
}> {
  const online = new Map<string, FakeConn>();
  const seqs = new Map<string, number>();
  const dirty: FakeConn[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    for (const c of dirty.splice(0)) {
      c.queued = false;
      const frames = c.out;
      c.out = [];
      c.socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    }
  };
  const queue = (c: FakeConn, frame: Uint8Array) => {
    c.out.push(frame);
    if (!c.queued) {
      c.queued = true;
      dirty.push(c);
    }
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const servers = Array.from({ length: opts.servers }, () =>
    createServer((socket) => {
      socket.setNoDelay(true);
      const conn: FakeConn = { socket, out: [], queued: false };
      const decoder = new FrameDecoder();
      let uid = '';
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (online.get(uid) === conn) online.delete(uid);
      });
      socket.on('data', (chunk: Buffer) => {
        for (const f of decoder.push(chunk)) {
          const body = JSON.parse(utf8.decode(f.body)) as Record<string, unknown>;
          const reqId = body['reqId'];
          if (f.type === MsgType.LOGIN) {
            uid = String(body['uid']);
            online.set(uid, conn);
            queue(
              conn,
              encodeFrame(MsgType.LOGIN_RSP, {
                error: 0,
                message: '',
                user: { uid },
                server: 'fake',
                heartbeatMs: 20_000,
                reqId,
              }),
            );
          } else if (f.type === MsgType.SEND_MSG) {
            const conversationId = String(body['conversationId']);
            const seq = (seqs.get(conversationId) ?? 0) + 1;
            seqs.set(conversationId, seq);
            const message = {
              msgId: `${conversationId}:${seq}`,
              conversationId,
              seq,
              from: uid,
              kind: 'text',
              text: body['text'],
              sentAt: Date.now(),
              clientMsgId: body['clientMsgId'],
            };
            queue(conn, encodeFrame(MsgType.SEND_MSG_RSP, { error: 0, message, reqId }));
            const [, a, b] = conversationId.split('_');
            const peer = online.get(a === uid ? b! : a!);
            if (peer)
              queue(
                peer,
                encodeFrameBytes(MsgType.MSG_NOTIFY, utf8enc.encode(JSON.stringify({ message }))),
              );
          } else if (f.type === MsgType.ACK || f.type === MsgType.HEARTBEAT) {
            queue(
              conn,
              encodeFrame(f.type + 1, { error: 0, message: '', reqId, serverTime: Date.now() }),
            );
          }
        }
      });
    }),
  );
  const ports = await Promise.all(
    servers.map(
      (s) =>
        new Promise<number>((resolve) =>
          s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)),
        ),
    ),
  );
  const users = Array.from({ length: opts.users }, (_, i) => ({
    uid: String(FIRST_UID + i),
    token: 'fake',
  }));
  const conversations = opts.pairs.map(
    ([a, b]) => `d_${FIRST_UID + Math.min(a, b)}_${FIRST_UID + Math.max(a, b)}`,
  );
  return {
    ports,
    users,
    conversations,
    close: async () => {
      for (const c of online.values()) c.socket.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
