// Issue 5 (recall) over real TCP and HTTP: RECALL → RECALL_NOTIFY (PROTOCOL.md §3, 1045-1047)
// across two ChatServers, the content gone from HISTORY, CONVERSATIONS, the login backlog, the
// database and GET /media. Run by recall.test.ts (embedded: memory stores + SQLite + in-process
// peer hub) and recall.integration.test.ts (cluster: Redis + MariaDB + gRPC peer streams).
//
// The window is the server's default (2 minutes); "too late" is reached by moving a stored
// message's sentAt back, and once more through a ChatServer configured with a 300 ms window.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MsgType, validateBody } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { startSystem, type Mode, type TestSystem } from './system';
import {
  befriend,
  collect,
  friendsAcross,
  goOffline,
  person,
  sendText,
  silent,
  type Person,
  type SentMessage,
  withSystem,
} from './people';
import { download, fetchPath, http, mintUrls, png, upload } from './media';

type Member = [ChatClient, Person];

export function recallSuite(mode: Mode): void {
  describe(`recall (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    const member = async (server: number, name = 'r'): Promise<Member> => {
      const p = await person(sys, name);
      return [await on(sys, p, server), p];
    };

    /** Two friends, A on ChatServer 0 and B on ChatServer 1. */
    async function pair() {
      const f = await friendsAcross(sys, on);
      return { a: [f.ca, f.a] as Member, b: [f.cb, f.b] as Member, conv: f.conv };
    }

    const recall = (c: ChatClient, conversationId: string, msgId: string) =>
      c.request(MsgType.RECALL, { conversationId, msgId });

    const expectRecalled = async (c: ChatClient, m: SentMessage, by: string) => {
      const n = await c.next(MsgType.RECALL_NOTIFY);
      assert.deepEqual(n.body, { conversationId: m.conversationId, msgId: m.msgId, by });
      assert.ok(validateBody(MsgType.RECALL_NOTIFY, n.body).ok);
    };

    const row = (m: SentMessage) =>
      sys.db.prisma.message.findUnique({
        where: { conversationId_seq: { conversationId: m.conversationId, seq: m.seq } },
      });

    /** Move a stored message's sentAt `ms` into the past. */
    const backdate = (m: SentMessage, ms: number) =>
      sys.db.prisma.message.update({
        where: { conversationId_seq: { conversationId: m.conversationId, seq: m.seq } },
        data: { sentAt: BigInt(m.sentAt - ms) },
      });

    const historyOf = async (c: ChatClient, conversationId: string) => {
      const h = await c.request(MsgType.HISTORY, { conversationId });
      assert.equal(h.body['error'], 0, JSON.stringify(h.body));
      assert.ok(validateBody(MsgType.HISTORY_RSP, h.body).ok, 'HISTORY_RSP fits the schema');
      return h.body['messages'] as SentMessage[];
    };

    const lastMessageOf = async (c: ChatClient, conversationId: string) => {
      const r = await c.request(MsgType.CONVERSATIONS);
      assert.ok(validateBody(MsgType.CONVERSATIONS_RSP, r.body).ok);
      const list = r.body['conversations'] as {
        conversationId: string;
        lastMessage?: SentMessage;
      }[];
      return list.find((x) => x.conversationId === conversationId)?.lastMessage;
    };

    /** What a recalled message looks like on the wire: its place kept, its content gone. */
    const recalledView = (m: SentMessage) => ({
      msgId: m.msgId,
      conversationId: m.conversationId,
      seq: m.seq,
      from: m.from,
      kind: 'recalled',
      sentAt: m.sentAt,
      clientMsgId: m.clientMsgId,
    });

    it('recalls a group message: members on both ChatServers are told, and the content is gone everywhere', async () => {
      const a = await member(0, 'a');
      const b = await member(1, 'b');
      const c = await member(0, 'c');
      const d = await member(1, 'd');
      for (const x of [b, c, d]) await befriend(a[0], a[1], x[0], x[1]);
      const g = await a[0].request(MsgType.GROUP_CREATE, {
        name: 'recall',
        memberUids: [b[1].uid, c[1].uid, d[1].uid],
      });
      assert.equal(g.body['error'], 0, JSON.stringify(g.body));
      const conv = (g.body['group'] as { conversationId: string }).conversationId;
      for (const x of [b, c, d]) await x[0].next(MsgType.GROUP_NOTIFY);
      // d is offline when the message is sent and recalled: it catches up later.
      await goOffline(sys, d[0], d[1]);

      const m = await sendText(a[0], conv, 'a secret');
      for (const x of [b, c]) assert.equal((await collect(x[0], 1))[0]?.text, 'a secret');
      const r = await recall(a[0], conv, m.msgId);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.RECALL_RSP, r.body).ok);
      // b is on the other ChatServer, c on the sender's.
      await expectRecalled(b[0], m, a[1].uid);
      await expectRecalled(c[0], m, a[1].uid);
      await silent(a[0], MsgType.RECALL_NOTIFY);

      // Gone from the database, not only hidden on the wire.
      const stored = await row(m);
      assert.equal(stored?.kind, 'recalled');
      assert.equal(stored?.text, null);
      assert.equal(stored?.mediaId, null);
      assert.ok(stored?.recalledAt !== null && stored?.recalledAt !== undefined);

      for (const x of [a, b, c]) {
        assert.deepEqual((await historyOf(x[0], conv)).at(-1), recalledView(m));
        assert.deepEqual(await lastMessageOf(x[0], conv), recalledView(m));
      }
      // The offline member's login backlog carries it recalled, without content.
      const d2 = await on(sys, d[1], 0);
      const [backlog] = await collect(d2, 1);
      assert.deepEqual(backlog, recalledView(m));
      await silent(d2, MsgType.MSG_NOTIFY);
    });

    it('recalls an image: other members can no longer fetch its media, the uploader still can', async () => {
      const { a, b, conv } = await pair();
      const up = await upload(sys.gateUrl, a[1].token, png(3, 3), { name: 'oops.png' });
      assert.equal(up.status, 201, up.body.toString());
      const mediaId = up.json()['mediaId'] as string;
      const s = await a[0].request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: 'img-recall',
        kind: 'image',
        mediaId,
        text: 'caption',
      });
      assert.equal(s.body['error'], 0, JSON.stringify(s.body));
      const m = s.body['message'] as SentMessage;
      await collect(b[0], 1);
      assert.equal((await download(sys.gateUrl, b[1].token, mediaId)).status, 200);
      // A signed URL minted before the recall is checked again when it is used.
      const minted = await mintUrls(sys.gateUrl, b[1].token, mediaId);
      assert.equal(minted.status, 200, minted.body.toString());
      const signedUrl = minted.json()['url'] as string;
      assert.equal((await fetchPath(sys.gateUrl, signedUrl)).status, 200);

      assert.equal((await recall(a[0], conv, m.msgId)).body['error'], 0);
      await expectRecalled(b[0], m, a[1].uid);
      const gone = await download(sys.gateUrl, b[1].token, mediaId);
      assert.equal(gone.status, 404, 'no longer served to the other member');
      assert.equal(gone.json()['error'], ErrorCode.NOT_FOUND);
      assert.equal((await fetchPath(sys.gateUrl, signedUrl)).status, 404);
      const thumb = await http(sys.gateUrl, {
        method: 'GET',
        path: `/media/${mediaId}?thumb=1`,
        headers: { authorization: `Bearer ${b[1].token}` },
      });
      assert.equal(thumb.status, 404, 'nor its thumbnail');
      assert.equal((await download(sys.gateUrl, a[1].token, mediaId)).status, 200, 'uploader');
      const [h] = (await historyOf(b[0], conv)).slice(-1);
      assert.deepEqual(h, recalledView(m), 'neither media nor caption in HISTORY');
    });

    it('refuses a recall by anyone but the sender (1012), by a non-member (1012), and of an unknown message (1007)', async () => {
      const { a, b, conv } = await pair();
      const c = await member(0, 'c');
      const m = await sendText(a[0], conv, 'mine');
      await collect(b[0], 1);
      const notSender = await recall(b[0], conv, m.msgId);
      assert.equal(notSender.body['error'], ErrorCode.FORBIDDEN, JSON.stringify(notSender.body));
      assert.ok(validateBody(MsgType.RECALL_RSP, notSender.body).ok);
      assert.equal((await recall(c[0], conv, m.msgId)).body['error'], ErrorCode.FORBIDDEN);
      // msgIds that name no message of this conversation.
      const other = await befriend(a[0], a[1], c[0], c[1]);
      const elsewhere = await sendText(a[0], other, 'elsewhere');
      await collect(c[0], 1);
      for (const msgId of [`${conv}:${m.seq + 10}`, elsewhere.msgId, 'nonsense', `${conv}:0`])
        assert.equal(
          (await recall(a[0], conv, msgId)).body['error'],
          ErrorCode.NOT_FOUND,
          `msgId ${msgId}`,
        );
      assert.equal((await recall(a[0], 'd_1_2', m.msgId)).body['error'], ErrorCode.NOT_FOUND);
      // Nothing changed, and nobody was told anything.
      assert.equal((await row(m))?.text, 'mine');
      assert.equal((await historyOf(b[0], conv)).at(-1)?.text, 'mine');
      await silent(b[0], MsgType.RECALL_NOTIFY);
      await silent(c[0], MsgType.RECALL_NOTIFY);
    });

    it('refuses a recall after the window with 1016 CONFLICT (the default 2 minutes, and a configured one)', async () => {
      const { a, b, conv } = await pair();
      const old = await sendText(a[0], conv, 'too old');
      const fresh = await sendText(a[0], conv, 'old but not too old');
      await collect(b[0], 2);
      await backdate(old, 121_000);
      await backdate(fresh, 100_000);
      const late = await recall(a[0], conv, old.msgId);
      assert.equal(late.body['error'], ErrorCode.CONFLICT, JSON.stringify(late.body));
      assert.match(late.body['message'] as string, /too late/);
      assert.equal((await row(old))?.text, 'too old', 'kept');
      await silent(b[0], MsgType.RECALL_NOTIFY);
      assert.equal((await recall(a[0], conv, fresh.msgId)).body['error'], 0);
      await expectRecalled(b[0], fresh, a[1].uid);

      // RECALL_WINDOW_MS reaches the ChatServer: one started with a 1 s window, on the same
      // database (A moves there; B, elsewhere, is not needed for this).
      const short = await startSystem({ mode, chatServers: 1, share: sys, recallWindowMs: 1_000 });
      try {
        const a2 = await on(short, a[1], 0);
        const m = await sendText(a2, conv, 'quick');
        assert.equal((await recall(a2, conv, m.msgId)).body['error'], 0, 'within 1 s');
        const m2 = await sendText(a2, conv, 'quick');
        await new Promise((r) => setTimeout(r, 1_200));
        assert.equal((await recall(a2, conv, m2.msgId)).body['error'], ErrorCode.CONFLICT);
        assert.equal((await row(m2))?.text, 'quick');
      } finally {
        await short.close();
      }
    });

    it("LOGIN's answer carries the recall window (limits.recallWindowMs, a Parley addition): the default and a configured one", async () => {
      /** LOGIN as `p` on `port`; the response body, after it fit the schema. */
      const loginBody = async (port: number, p: Person) => {
        const c = await ChatClient.connect('127.0.0.1', port);
        try {
          const r = await c.login(p.uid, p.token);
          assert.equal(r.body['error'], 0, JSON.stringify(r.body));
          const v = validateBody(MsgType.LOGIN_RSP, r.body);
          assert.ok(v.ok, v.ok ? '' : v.error.message);
          return r.body;
        } finally {
          await c.close();
        }
      };
      const p = await person(sys, 'w');
      assert.deepEqual((await loginBody(sys.chats[1]!.port, p))['limits'], {
        recallWindowMs: 120_000,
      });
      const short = await startSystem({ mode, chatServers: 1, share: sys, recallWindowMs: 1_500 });
      try {
        assert.deepEqual((await loginBody(short.chats[0]!.port, p))['limits'], {
          recallWindowMs: 1_500,
        });
      } finally {
        await short.close();
      }
    });

    it('answers a repeated recall with error 0, also once the window has passed', async () => {
      const { a, b, conv } = await pair();
      const m = await sendText(a[0], conv, 'twice');
      await collect(b[0], 1);
      for (let i = 0; i < 2; i++) {
        const r = await recall(a[0], conv, m.msgId);
        assert.equal(r.body['error'], 0, JSON.stringify(r.body));
        // Every success tells the others again, so a retry after a lost response reaches all.
        await expectRecalled(b[0], m, a[1].uid);
      }
      await backdate(m, 600_000);
      assert.equal((await recall(a[0], conv, m.msgId)).body['error'], 0);
      // Still the sender's alone, recalled or not.
      assert.equal((await recall(b[0], conv, m.msgId)).body['error'], ErrorCode.FORBIDDEN);
      // A resent SEND_MSG with the same clientMsgId returns the stored (recalled) message.
      const again = await a[0].request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: m.clientMsgId,
        kind: 'text',
        text: 'twice',
      });
      assert.equal((again.body['message'] as SentMessage).kind, 'recalled');
      assert.equal((again.body['message'] as SentMessage).text, undefined);
    });
  });
}
