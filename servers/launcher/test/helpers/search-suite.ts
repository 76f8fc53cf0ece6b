// SEARCH_MSG (PROTOCOL.md §9.3) over real TCP: substrings in any script, file names, only what
// the user may read, recalled messages never, paging with `before`, and every bad input's code.
// Run by search.test.ts (embedded: SQLite, once on the scan path and once on the FTS5 index) and
// search.integration.test.ts (cluster: MariaDB).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { ErrorCode, MsgType, validateBody } from '@parley/proto';
import type { ChatClient } from '@parley/chat';
import type { Mode, TestSystem } from './system';
import { befriend, collect, friendsAcross, person, sendText, withSystem } from './people';
import { upload } from './media';

interface Hit {
  conversationId: string;
  message: { msgId: string; conversationId: string; text?: string; kind: string; seq: number };
}

export function searchSuite(mode: Mode, opts: { index?: boolean } = {}): void {
  const path = opts.index ? 'the index' : 'a scan';
  describe(`message search (${mode} mode, ${path})`, () => {
    let sys: TestSystem;
    const { on } = withSystem(
      {
        mode,
        chatServers: 2,
        // The index for every query of 3+ characters, looking at 3 matches before it scans on.
        ...(opts.index ? { searchScanReach: 0, searchIndexWindow: 3 } : {}),
      },
      (s) => (sys = s),
    );

    const search = (c: ChatClient, body: Record<string, unknown>) =>
      c.request(MsgType.SEARCH_MSG, body);

    /** A search that must succeed: its hits, checked against the schema. */
    async function hits(c: ChatClient, body: Record<string, unknown>) {
      const r = await search(c, body);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.SEARCH_MSG_RSP, r.body).ok, 'SEARCH_MSG_RSP fits the schema');
      const list = r.body['hits'] as Hit[];
      for (const h of list) assert.equal(h.conversationId, h.message.conversationId);
      return { list, texts: list.map((h) => h.message.text), hasMore: r.body['hasMore'] };
    }

    const tag = () => randomBytes(3).toString('hex');

    it('finds a substring case-insensitively, newest first, and only in the searcher’s conversations', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const t = tag(); // each test's words are its own: the database is shared by the suite
      await sendText(ca, conv, `Hello World ${t}`);
      await sendText(cb, conv, `say HELLO again ${t}`);
      await sendText(cb, conv, `nothing here ${t}`);
      // Strangers talk about it too: neither a nor b may find that.
      const s1 = await person(sys, 's');
      const s2 = await person(sys, 's');
      const cs1 = await on(sys, s1, 0);
      const cs2 = await on(sys, s2, 1);
      const other = await befriend(cs1, s1, cs2, s2);
      await sendText(cs1, other, `hello from elsewhere ${t}`);

      for (const c of [ca, cb]) {
        const r = await hits(c, { query: `hello`, conversationId: conv });
        assert.deepEqual(r.texts, [`say HELLO again ${t}`, `Hello World ${t}`]);
        assert.equal(r.hasMore, false);
      }
      // Across all of a's conversations: a's three, not the strangers' one.
      assert.deepEqual((await hits(ca, { query: t })).texts, [
        `nothing here ${t}`,
        `say HELLO again ${t}`,
        `Hello World ${t}`,
      ]);
      assert.deepEqual((await hits(cs1, { query: t })).texts, [`hello from elsewhere ${t}`]);
    });

    it('finds Chinese and Japanese substrings of two or more characters', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      await sendText(ca, conv, '我们明天去北京吃烤鸭');
      await sendText(cb, conv, '今天天气很好，我们去公园吧');
      await sendText(cb, conv, '東京タワーに行きたいです');
      assert.deepEqual((await hits(cb, { query: '北京', conversationId: conv })).texts, [
        '我们明天去北京吃烤鸭',
      ]);
      assert.deepEqual((await hits(ca, { query: '天气很好', conversationId: conv })).texts, [
        '今天天气很好，我们去公园吧',
      ]);
      assert.deepEqual((await hits(ca, { query: '我们', conversationId: conv })).texts, [
        '今天天气很好，我们去公园吧',
        '我们明天去北京吃烤鸭',
      ]);
      assert.deepEqual((await hits(ca, { query: 'タワー', conversationId: conv })).texts, [
        '東京タワーに行きたいです',
      ]);
      assert.deepEqual((await hits(ca, { query: '上海', conversationId: conv })).texts, []);
      // One character, and two that span punctuation (no gram holds those: a scan finds them).
      assert.deepEqual((await hits(ca, { query: '鸭', conversationId: conv })).texts, [
        '我们明天去北京吃烤鸭',
      ]);
      assert.deepEqual((await hits(ca, { query: '好，', conversationId: conv })).texts, [
        '今天天气很好，我们去公园吧',
      ]);
    });

    it('finds a file by its name and treats %, _, !, quotes and FTS syntax as plain text', async () => {
      const { a, ca, cb, conv } = await friendsAcross(sys, on);
      const t = tag();
      const up = await upload(sys.gateUrl, a.token, Buffer.from('quarterly numbers\n'.repeat(20)), {
        type: 'text/plain',
        name: `Quarterly-Report-${t}.txt`,
      });
      assert.equal(up.status, 201, up.body.toString());
      const mediaId = up.json()['mediaId'] as string;
      const sent = await ca.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: randomBytes(6).toString('hex'),
        kind: 'file',
        mediaId,
      });
      assert.equal(sent.body['error'], 0, JSON.stringify(sent.body));
      const r = await hits(cb, { query: `report-${t}` });
      assert.equal(r.list.length, 1);
      assert.equal(r.list[0]?.message.kind, 'file');
      assert.equal(
        (r.list[0]?.message as { media?: { name: string } }).media?.name,
        `Quarterly-Report-${t}.txt`,
      );

      await sendText(ca, conv, `100% sure_thing! "quoted" ${t}`);
      await sendText(ca, conv, `100 percent surely ${t}`);
      assert.equal((await hits(cb, { query: `0% s`, conversationId: conv })).list.length, 1);
      assert.equal((await hits(cb, { query: `e_t`, conversationId: conv })).list.length, 1);
      assert.equal((await hits(cb, { query: `"quoted"`, conversationId: conv })).list.length, 1);
      assert.equal((await hits(cb, { query: `g! "q`, conversationId: conv })).list.length, 1);
      for (const query of ['NEAR(a b)', 'x OR y', '*', "'); --"])
        assert.deepEqual((await hits(cb, { query, conversationId: conv })).list, []);
    });

    it('never finds a recalled message', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const t = tag();
      const m = await sendText(ca, conv, `the secret plan ${t}`);
      await collect(cb, 1);
      assert.equal((await hits(cb, { query: `secret plan ${t}` })).list.length, 1);
      const r = await ca.request(MsgType.RECALL, { conversationId: conv, msgId: m.msgId });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      for (const c of [ca, cb])
        assert.deepEqual((await hits(c, { query: `secret plan ${t}` })).list, []);
    });

    it('pages older hits with `before` and says when there are more', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const t = tag();
      for (let i = 1; i <= 5; i++) await sendText(i % 2 ? ca : cb, conv, `page ${i} ${t}`);
      const seen: string[] = [];
      let before: string | undefined;
      for (const expected of [true, true, false]) {
        const r = await hits(ca, { query: t, limit: 2, ...(before ? { before } : {}) });
        seen.push(...r.texts.map(String));
        assert.equal(r.hasMore, expected);
        before = r.list.at(-1)?.message.msgId;
      }
      assert.deepEqual(
        seen,
        [5, 4, 3, 2, 1].map((i) => `page ${i} ${t}`),
      );
    });

    it('finds group messages sent while a member only, and nothing once the member has left', async () => {
      const owner = await person(sys, 'o');
      const late = await person(sys, 'l');
      const co = await on(sys, owner, 0);
      const cl = await on(sys, late, 1);
      await befriend(co, owner, cl, late);
      const g = await co.request(MsgType.GROUP_CREATE, { name: 'g', memberUids: [] });
      assert.equal(g.body['error'], 0, JSON.stringify(g.body));
      const group = g.body['group'] as { groupId: string; conversationId: string };
      const t = tag();
      await sendText(co, group.conversationId, `before you came ${t}`);
      await new Promise((r) => setTimeout(r, 20)); // a later millisecond than that message
      const inv = await co.request(MsgType.GROUP_INVITE, {
        groupId: group.groupId,
        uids: [late.uid],
      });
      assert.equal(inv.body['error'], 0, JSON.stringify(inv.body));
      await cl.next(MsgType.GROUP_NOTIFY);
      await new Promise((r) => setTimeout(r, 20));
      await sendText(co, group.conversationId, `after you came ${t}`);
      assert.deepEqual((await hits(cl, { query: `came ${t}` })).texts, [`after you came ${t}`]);
      assert.equal((await hits(co, { query: `came ${t}` })).list.length, 2);
      const left = await cl.request(MsgType.GROUP_LEAVE, { groupId: group.groupId });
      assert.equal(left.body['error'], 0, JSON.stringify(left.body));
      assert.deepEqual((await hits(cl, { query: `came ${t}` })).list, []);
      const r = await search(cl, { query: 'came', conversationId: group.conversationId });
      assert.equal(r.body['error'], ErrorCode.FORBIDDEN);
    });

    it('answers bad input with a coded error', async () => {
      const { ca, cb, conv } = await friendsAcross(sys, on);
      const m = await sendText(cb, conv, 'a message to page before');
      const s1 = await person(sys, 's');
      const s2 = await person(sys, 's');
      const cs1 = await on(sys, s1, 0);
      const cs2 = await on(sys, s2, 1);
      const other = await befriend(cs1, s1, cs2, s2);
      const theirs = await sendText(cs1, other, 'not yours');
      const cases: [Record<string, unknown>, number][] = [
        [{}, ErrorCode.BAD_REQUEST],
        [{ query: '' }, ErrorCode.BAD_REQUEST],
        [{ query: '   ' }, ErrorCode.BAD_REQUEST],
        [{ query: 'x'.repeat(101) }, ErrorCode.BAD_REQUEST],
        [{ query: 42 }, ErrorCode.BAD_REQUEST],
        [{ query: 'a', limit: 0 }, ErrorCode.BAD_REQUEST],
        [{ query: 'a', limit: 51 }, ErrorCode.BAD_REQUEST],
        [{ query: 'a', conversationId: other }, ErrorCode.FORBIDDEN],
        [{ query: 'a', conversationId: 'd_nobody' }, ErrorCode.NOT_FOUND],
        [{ query: 'a', before: 'not-a-msg-id' }, ErrorCode.NOT_FOUND],
        [{ query: 'a', before: `${conv}:999999` }, ErrorCode.NOT_FOUND],
        // A message that exists but is not the searcher's: the same answer as one that does not.
        [{ query: 'a', before: theirs.msgId }, ErrorCode.NOT_FOUND],
      ];
      for (const [body, code] of cases) {
        const r = await search(ca, body);
        assert.equal(r.body['error'], code, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`);
        assert.equal(typeof r.body['message'], 'string');
      }
      // The connection is still good, and a valid cursor works: nothing older matches.
      assert.deepEqual((await hits(ca, { query: 'to page before', before: m.msgId })).list, []);
      assert.deepEqual((await hits(ca, { query: 'to page before' })).texts, [
        'a message to page before',
      ]);
    });
  });
}
