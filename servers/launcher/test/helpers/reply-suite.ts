// Issue 13 item 4, quoted replies (PROTOCOL.md §9.4) over real TCP: SEND_MSG `replyTo` → the
// stored Message's `replyTo: {msgId, seq, from, kind, preview}` in the answer, MSG_NOTIFY (on
// both ChatServers), the login backlog and HISTORY; its errors (1007, 1001) that store nothing;
// a recall of the original showing in every quote afterwards; media previews; idempotent resends.
// Run by reply.test.ts (embedded: memory stores + SQLite + in-process peer hub) and
// reply.integration.test.ts (cluster: Redis + MariaDB + gRPC peer streams).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MsgType, validateBody, type Message, type ReplyTo } from '@parley/proto';
import type { ChatClient } from '@parley/chat';
import type { Mode, TestSystem } from './system';
import {
  befriend,
  collect,
  friendsAcross,
  goOffline,
  person,
  sendText,
  silent,
  withSystem,
  type Person,
} from './people';
import { elf, png, upload } from './media';

type Member = [ChatClient, Person];

export function replySuite(mode: Mode): void {
  describe(`quoted replies (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    const member = async (server: number, name: string): Promise<Member> => {
      const p = await person(sys, name);
      return [await on(sys, p, server), p];
    };

    let n = 0;
    /** SEND_MSG with `replyTo`; returns the whole response body. */
    const reply = (
      c: ChatClient,
      conversationId: string,
      replyTo: unknown,
      text: string,
      clientMsgId = `reply-${++n}`,
    ) =>
      c
        .request(MsgType.SEND_MSG, { conversationId, clientMsgId, kind: 'text', text, replyTo })
        .then((r) => r.body);

    /** A successful reply's stored Message, checked against the schema. */
    const replied = async (...args: Parameters<typeof reply>): Promise<Message> => {
      const body = await reply(...args);
      assert.equal(body['error'], 0, JSON.stringify(body));
      const v = validateBody(MsgType.SEND_MSG_RSP, body);
      assert.ok(v.ok, 'SEND_MSG_RSP with replyTo fits the schema');
      return body['message'] as Message;
    };

    const notified = async (c: ChatClient): Promise<Message> => {
      const r = await c.next(MsgType.MSG_NOTIFY);
      assert.ok(validateBody(MsgType.MSG_NOTIFY, r.body).ok, 'MSG_NOTIFY fits the schema');
      return r.body['message'] as Message;
    };

    const historyOf = async (c: ChatClient, conversationId: string): Promise<Message[]> => {
      const h = await c.request(MsgType.HISTORY, { conversationId });
      assert.equal(h.body['error'], 0, JSON.stringify(h.body));
      assert.ok(validateBody(MsgType.HISTORY_RSP, h.body).ok, 'HISTORY_RSP fits the schema');
      return h.body['messages'] as Message[];
    };

    const inHistory = async (c: ChatClient, m: Message): Promise<Message | undefined> =>
      (await historyOf(c, m.conversationId)).find((x) => x.msgId === m.msgId);

    const quoteOf = (
      m: { msgId: string; seq: number; from: string },
      kind: string,
      preview: string,
    ): ReplyTo => ({
      msgId: m.msgId,
      seq: m.seq,
      from: m.from,
      kind: kind as ReplyTo['kind'],
      preview,
    });

    it('a reply in a direct chat carries its quote: answer, MSG_NOTIFY on the other ChatServer, HISTORY', async () => {
      const { a, b, ca, cb, conv } = await friendsAcross(sys, on);
      // 120 characters, an emoji at 100: the preview is the first 100 characters, none cut.
      const long = `${'x'.repeat(99)}😀${'y'.repeat(20)}`;
      const s = await ca.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: `long-${++n}`,
        kind: 'text',
        text: long,
      });
      assert.equal(s.body['error'], 0, JSON.stringify(s.body));
      const original = s.body['message'] as Message;
      await collect(cb, 1);

      const m = await replied(cb, conv, original.msgId, 'answering that');
      const want = quoteOf({ ...original, from: a.uid }, 'text', `${'x'.repeat(99)}😀`);
      assert.deepEqual(m.replyTo, want);
      assert.equal(m.from, b.uid);
      assert.deepEqual((await notified(ca)).replyTo, want, 'the other member sees the quote');
      assert.deepEqual((await inHistory(ca, m))?.replyTo, want);
      assert.deepEqual((await inHistory(cb, m))?.replyTo, want);
      // Messages that quote nothing carry no replyTo at all (v1 clients see v1 bodies).
      assert.equal((await inHistory(ca, original))?.replyTo, undefined);
    });

    it('a reply in a group reaches every member with its quote, an offline one at its next login', async () => {
      const a = await member(0, 'ga');
      const b = await member(1, 'gb');
      const c = await member(0, 'gc');
      for (const x of [b, c]) await befriend(a[0], a[1], x[0], x[1]);
      const g = await a[0].request(MsgType.GROUP_CREATE, {
        name: 'quotes',
        memberUids: [b[1].uid, c[1].uid],
      });
      assert.equal(g.body['error'], 0, JSON.stringify(g.body));
      const conv = (g.body['group'] as { conversationId: string }).conversationId;
      for (const x of [b, c]) await x[0].next(MsgType.GROUP_NOTIFY);

      const original = await sendText(a[0], conv, 'who brings the cake?');
      for (const x of [b, c]) await collect(x[0], 1);
      const ack = await c[0].request(MsgType.ACK, { conversationId: conv, seq: original.seq });
      assert.equal(ack.body['error'], 0, JSON.stringify(ack.body));
      await goOffline(sys, c[0], c[1]);

      const m = await replied(b[0], conv, original.msgId, 'I do');
      const want = quoteOf({ ...original, from: a[1].uid }, 'text', 'who brings the cake?');
      assert.deepEqual(m.replyTo, want);
      assert.deepEqual((await notified(a[0])).replyTo, want, 'a, on the other ChatServer');
      const back = await on(sys, c[1], 1);
      assert.deepEqual((await notified(back)).replyTo, want, 'c, from the login backlog');
    });

    it('replyTo naming a message of another conversation, or none, answers 1007 and stores nothing', async () => {
      const { a, ca, cb, conv } = await friendsAcross(sys, on);
      const d = await member(1, 'other');
      const elsewhere = await befriend(ca, a, d[0], d[1]);
      const foreign = await sendText(ca, elsewhere, 'not in this chat');
      await collect(d[0], 1);
      await sendText(ca, conv, 'here');
      await collect(cb, 1);
      const before = await historyOf(cb, conv);

      for (const replyTo of [
        foreign.msgId, // a real message, of another conversation
        `${conv}:999`, // this conversation, a seq never stored
        `${conv}:0`,
        'no-such-message',
      ]) {
        const body = await reply(cb, conv, replyTo, 'lost?');
        assert.equal(body['error'], ErrorCode.NOT_FOUND, `${replyTo}: ${JSON.stringify(body)}`);
        assert.ok(validateBody(MsgType.SEND_MSG_RSP, body).ok);
      }
      assert.deepEqual(await historyOf(cb, conv), before, 'nothing stored');
      await silent(ca, MsgType.MSG_NOTIFY);
    });

    it('a replyTo of the wrong type answers 1001, stores nothing, and the connection goes on', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const original = await sendText(ca, conv, 'typed');
      await collect(cb, 1);
      for (const replyTo of [42, '', { msgId: original.msgId }, null, 'x'.repeat(129)]) {
        const body = await reply(cb, conv, replyTo, 'bad');
        assert.equal(
          body['error'],
          ErrorCode.BAD_REQUEST,
          `${JSON.stringify(replyTo)}: ${JSON.stringify(body)}`,
        );
      }
      assert.equal((await historyOf(cb, conv)).length, 1, 'nothing stored');
      const ok = await replied(cb, conv, original.msgId, 'fine now');
      assert.equal(ok.replyTo?.msgId, original.msgId);
    });

    it('a recalled original shows as recalled in every quote: HISTORY, CONVERSATIONS, the backlog', async () => {
      const { a, b, ca, cb, conv } = await friendsAcross(sys, on);
      const original = await sendText(ca, conv, 'regrettable');
      await collect(cb, 1);
      const first = await replied(cb, conv, original.msgId, 'really?');
      const second = await replied(cb, conv, original.msgId, 'really!');
      await collect(ca, 2);
      assert.equal(first.replyTo?.preview, 'regrettable');
      await goOffline(sys, cb, b);

      const r = await ca.request(MsgType.RECALL, { conversationId: conv, msgId: original.msgId });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      const recalled = quoteOf({ ...original, from: a.uid }, 'recalled', '');
      for (const m of [first, second])
        assert.deepEqual((await inHistory(ca, m))?.replyTo, recalled);

      // b comes back: the backlog it is pushed (ACK cursor below both replies) and its HISTORY
      // show the recall, not the text b saw before.
      const back = await on(sys, b, 0);
      for (const m of [first, second])
        assert.deepEqual((await inHistory(back, m))?.replyTo, recalled);
      const list = await back.request(MsgType.CONVERSATIONS);
      const entry = (
        list.body['conversations'] as { conversationId: string; lastMessage?: Message }[]
      ).find((x) => x.conversationId === conv);
      assert.deepEqual(entry?.lastMessage?.replyTo, recalled, 'CONVERSATIONS lastMessage');

      // A recalled original may still be quoted: the new quote shows it recalled too.
      const late = await replied(ca, conv, original.msgId, 'sorry');
      assert.deepEqual(late.replyTo, recalled);
    });

    it('a recalled reply loses its quote with the rest of its content', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const original = await sendText(ca, conv, 'quote me');
      await collect(cb, 1);
      const m = await replied(cb, conv, original.msgId, 'oops');
      const r = await cb.request(MsgType.RECALL, { conversationId: conv, msgId: m.msgId });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      const seen = await inHistory(ca, m);
      assert.equal(seen?.kind, 'recalled');
      assert.equal(seen?.replyTo, undefined);
    });

    it('a quoted file or image previews as its file name', async () => {
      const { a, ca, cb, conv } = await friendsAcross(sys, on);
      const sent: Message[] = [];
      for (const [kind, bytes, name] of [
        ['file', elf(), 'quarterly report.bin'],
        ['image', png(3, 3), 'beach.png'],
      ] as const) {
        const up = await upload(sys.gateUrl, a.token, bytes, { name });
        assert.equal(up.status, 201, up.body.toString());
        const s = await ca.request(MsgType.SEND_MSG, {
          conversationId: conv,
          clientMsgId: `media-${kind}-${++n}`,
          kind,
          mediaId: up.json()['mediaId'] as string,
          text: 'a caption is not the preview',
        });
        assert.equal(s.body['error'], 0, JSON.stringify(s.body));
        sent.push(s.body['message'] as Message);
      }
      await collect(cb, 2);
      const [file, image] = sent as [Message, Message];
      const r1 = await replied(cb, conv, file.msgId, 'got the file');
      const r2 = await replied(cb, conv, image.msgId, 'nice photo');
      assert.deepEqual(r1.replyTo, quoteOf(file, 'file', 'quarterly report.bin'));
      assert.deepEqual(r2.replyTo, quoteOf(image, 'image', 'beach.png'));
      assert.deepEqual((await inHistory(ca, r1))?.replyTo, r1.replyTo);
    });

    it('a resend with the same clientMsgId returns the original, quote included, and is delivered once', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const one = await sendText(ca, conv, 'first');
      const two = await sendText(ca, conv, 'second');
      await collect(cb, 2);
      const m = await replied(cb, conv, one.msgId, 'to the first', 'resend-me');
      assert.equal((await notified(ca)).msgId, m.msgId);
      // The same request again, then one naming another quote: both are the stored original.
      assert.deepEqual(await replied(cb, conv, one.msgId, 'to the first', 'resend-me'), m);
      assert.deepEqual(await replied(cb, conv, two.msgId, 'changed my mind', 'resend-me'), m);
      await silent(ca, MsgType.MSG_NOTIFY);
      assert.equal((await historyOf(ca, conv)).length, 3);
    });
  });
}
