// Issue 3 over real TCP: friends, 1:1 messaging and its delivery guarantees (PROTOCOL.md §3-§5),
// across two ChatServers. Run by chat.test.ts (embedded: memory stores + SQLite + in-process
// peer hub) and chat.integration.test.ts (cluster: Redis + MariaDB + gRPC peer streams).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MsgType } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { startSystem, type Mode, type TestSystem } from './system';
import {
  befriend,
  collect,
  friendsAcross,
  online,
  person,
  sendText,
  silent,
  withSystem,
} from './people';

export function chatSuite(mode: Mode): void {
  describe(`chat (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    it('finds users by uid, username or email prefix, never showing email', async () => {
      const a = await person(sys, 'seeker');
      const b = await person(sys, 'findme');
      const ca = await on(sys, a);
      for (const query of [b.uid, b.username, b.username.slice(0, 8), `${b.username}@example`]) {
        const r = await ca.request(MsgType.SEARCH_USER, { query });
        assert.equal(r.body['error'], 0);
        const users = r.body['users'] as Record<string, unknown>[];
        assert.ok(
          users.some((u) => u['uid'] === b.uid),
          `query ${query}`,
        );
        for (const u of users)
          assert.deepEqual(Object.keys(u).sort(), ['avatar', 'bio', 'nick', 'uid', 'username']);
      }
      assert.deepEqual(
        (await ca.request(MsgType.SEARCH_USER, { query: 'zzz-nobody-here' })).body['users'],
        [],
      );
      // LIKE wildcards are literal characters here, not a way to list everybody.
      for (const query of ['%', '_', 'seeker%', '%@example.com']) {
        assert.deepEqual(
          (await ca.request(MsgType.SEARCH_USER, { query })).body['users'],
          [],
          query,
        );
      }
    });

    it('runs the friend flow: request, notify, conflicts, reply, list with online flag', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const unknown = await ca.request(MsgType.FRIEND_ADD, { toUid: '99999999' });
      assert.equal(unknown.body['error'], ErrorCode.NOT_FOUND);
      const add = await ca.request(MsgType.FRIEND_ADD, {
        toUid: b.uid,
        greeting: '你好 👋',
        remark: 'Bee',
      });
      assert.equal(add.body['error'], 0);
      const note = await cb.next(MsgType.FRIEND_REQUEST_NOTIFY);
      assert.equal(note.body['requestId'], add.body['requestId']);
      assert.equal(note.body['greeting'], '你好 👋');
      assert.equal(
        (await ca.request(MsgType.FRIEND_ADD, { toUid: b.uid })).body['error'],
        ErrorCode.CONFLICT,
      );
      assert.equal(
        (await cb.request(MsgType.FRIEND_ADD, { toUid: a.uid })).body['error'],
        ErrorCode.CONFLICT,
      );
      const reqs = await cb.request(MsgType.FRIEND_REQUESTS);
      const incoming = reqs.body['incoming'] as {
        requestId: string;
        status: string;
        user: { uid: string };
      }[];
      assert.equal(incoming[0]?.requestId, add.body['requestId']);
      assert.equal(incoming[0]?.status, 'pending');
      // Only the target may answer.
      assert.equal(
        (await ca.request(MsgType.FRIEND_REPLY, { requestId: add.body['requestId'], accept: true }))
          .body['error'],
        ErrorCode.NOT_FOUND,
      );
      const rep = await cb.request(MsgType.FRIEND_REPLY, {
        requestId: add.body['requestId'],
        accept: true,
        remark: 'Ay',
      });
      assert.equal(rep.body['error'], 0);
      assert.equal((rep.body['friend'] as { uid: string }).uid, a.uid);
      const conv = rep.body['conversationId'] as string;
      const replied = await ca.next(MsgType.FRIEND_REPLY_NOTIFY);
      assert.equal(replied.body['accepted'], true);
      assert.equal(replied.body['conversationId'], conv);
      assert.equal(
        (await cb.request(MsgType.FRIEND_REPLY, { requestId: add.body['requestId'], accept: true }))
          .body['error'],
        ErrorCode.CONFLICT,
      );
      assert.equal(
        (await ca.request(MsgType.FRIEND_ADD, { toUid: b.uid })).body['error'],
        ErrorCode.CONFLICT,
      );
      const list = (await ca.request(MsgType.FRIEND_LIST)).body['friends'] as {
        uid: string;
        remark: string;
        online: boolean;
        conversationId: string;
      }[];
      assert.deepEqual(
        list.map((f) => [f.uid, f.remark, f.online, f.conversationId]),
        [[b.uid, 'Bee', true, conv]],
      );
      await cb.close();
      await new Promise((r) => setTimeout(r, 100));
      const later = (await ca.request(MsgType.FRIEND_LIST)).body['friends'] as {
        online: boolean;
      }[];
      assert.equal(later[0]?.online, false);
    });

    it('lists a request made while the target was offline, and a rejection notifies', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a);
      const add = await ca.request(MsgType.FRIEND_ADD, { toUid: b.uid, greeting: 'later' });
      const cb = await on(sys, b, 1);
      const reqs = (await cb.request(MsgType.FRIEND_REQUESTS)).body['incoming'] as {
        requestId: string;
        greeting: string;
      }[];
      assert.deepEqual(
        reqs.map((r) => [r.requestId, r.greeting]),
        [[add.body['requestId'], 'later']],
      );
      const rep = await cb.request(MsgType.FRIEND_REPLY, {
        requestId: add.body['requestId'],
        accept: false,
      });
      assert.equal(rep.body['error'], 0);
      assert.equal((await ca.next(MsgType.FRIEND_REPLY_NOTIFY)).body['accepted'], false);
      const out = (await ca.request(MsgType.FRIEND_REQUESTS)).body['outgoing'] as {
        status: string;
      }[];
      assert.equal(out[0]?.status, 'rejected');
    });

    it('delivers 500 pipelined messages across ChatServers once each, in order, seq 1..500', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      const replies = Array.from({ length: 500 }, (_, i) =>
        ca.request(
          MsgType.SEND_MSG,
          { conversationId: conv, clientMsgId: `m${i}`, kind: 'text', text: `message ${i}` },
          20_000,
        ),
      );
      const got = await collect(cb, 500, 20_000);
      assert.deepEqual(
        got.map((m) => m.seq),
        Array.from({ length: 500 }, (_, i) => i + 1),
      );
      assert.deepEqual(
        got.map((m) => m.text),
        Array.from({ length: 500 }, (_, i) => `message ${i}`),
      );
      const rs = await Promise.all(replies);
      assert.ok(rs.every((r) => r.body['error'] === 0));
      assert.deepEqual(
        rs.map((r) => (r.body['message'] as { seq: number }).seq),
        got.map((m) => m.seq),
      );
      await silent(cb, MsgType.MSG_NOTIFY);

      // 50 resends of earlier clientMsgIds: the originals come back, nothing new is stored or sent.
      const resends = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          ca.request(MsgType.SEND_MSG, {
            conversationId: conv,
            clientMsgId: `m${i * 10}`,
            kind: 'text',
            text: 'again',
          }),
        ),
      );
      resends.forEach((r, i) => {
        const m = r.body['message'] as { seq: number; text: string };
        assert.equal(r.body['error'], 0);
        assert.equal(m.seq, i * 10 + 1);
        assert.equal(m.text, `message ${i * 10}`);
      });
      await silent(cb, MsgType.MSG_NOTIFY);
      const convs = (await cb.request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
        lastSeq: number;
      }[];
      assert.equal(convs.find((c) => c.conversationId === conv)?.lastSeq, 500);
    });

    it('orders a conversation written from two ChatServers at once: ascending seq, no gap, no repeat', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      const N = 150;
      const send = (c: ChatClient, tag: string) =>
        Promise.all(
          Array.from({ length: N }, (_, i) =>
            c.request(
              MsgType.SEND_MSG,
              { conversationId: conv, clientMsgId: `${tag}${i}`, kind: 'text', text: `${tag}${i}` },
              20_000,
            ),
          ),
        );
      const [ra, rb] = await Promise.all([send(ca, 'a'), send(cb, 'b')]);
      const seqsOf = (rs: typeof ra) => rs.map((r) => (r.body['message'] as { seq: number }).seq);
      const all = [...seqsOf(ra), ...seqsOf(rb)].sort((x, y) => x - y);
      assert.deepEqual(
        all,
        Array.from({ length: 2 * N }, (_, i) => i + 1),
        'seqs 1..2N, no gap, no repeat',
      );
      // Each side receives exactly the other side's messages, in ascending seq.
      const gotB = await collect(cb, N, 20_000);
      const gotA = await collect(ca, N, 20_000);
      assert.deepEqual(
        gotB.map((m) => m.seq),
        seqsOf(ra),
        'B sees A’s messages in commit order',
      );
      assert.deepEqual(
        gotA.map((m) => m.seq),
        seqsOf(rb),
        'A sees B’s messages in commit order',
      );
      assert.deepEqual(
        gotB.map((m) => m.text),
        Array.from({ length: N }, (_, i) => `a${i}`),
      );
      await silent(ca, MsgType.MSG_NOTIFY);
      await silent(cb, MsgType.MSG_NOTIFY);
    });

    it('gives an offline recipient all 100 missed messages exactly once after login', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      let cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      await cb.close();
      for (let i = 0; i < 100; i++) {
        const r = await ca.request(MsgType.SEND_MSG, {
          conversationId: conv,
          clientMsgId: `o${i}`,
          kind: 'text',
          text: `offline ${i}`,
        });
        assert.equal(r.body['error'], 0); // the sender gets no error for an offline recipient
      }
      cb = await on(sys, b, 0);
      const got = await collect(cb, 100);
      assert.deepEqual(
        got.map((m) => m.seq),
        Array.from({ length: 100 }, (_, i) => i + 1),
      );
      await silent(cb, MsgType.MSG_NOTIFY);
      // Acknowledged: the next login pushes nothing old; a new message arrives live.
      assert.equal(
        (await cb.request(MsgType.ACK, { conversationId: conv, seq: 100 })).body['error'],
        0,
      );
      await cb.close();
      cb = await on(sys, b, 1);
      await silent(cb, MsgType.MSG_NOTIFY);
      await ca.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: 'live',
        kind: 'text',
        text: 'live',
      });
      assert.equal((await collect(cb, 1))[0]?.seq, 101);
    });

    it('moves the delivery cursor on READ as on ACK (§5): a read backlog is not pushed again', async () => {
      const { b, ca, cb: first, conv } = await friendsAcross(sys, on);
      await first.close();
      for (let i = 1; i <= 5; i++) await sendText(ca, conv, `${i}`);
      let cb = await on(sys, b, 0);
      assert.deepEqual(
        (await collect(cb, 5)).map((m) => m.seq),
        [1, 2, 3, 4, 5],
      );
      // READ up to 3 only: the next login pushes 4 and 5, nothing below.
      assert.equal(
        (await cb.request(MsgType.READ, { conversationId: conv, seq: 3 })).body['error'],
        0,
      );
      await cb.close();
      cb = await on(sys, b, 1);
      assert.deepEqual(
        (await collect(cb, 2)).map((m) => m.seq),
        [4, 5],
      );
      await silent(cb, MsgType.MSG_NOTIFY);
    });

    it('refuses other users’ conversations (1012) and unknown ones (1007)', async () => {
      const [a, b, c] = [await person(sys), await person(sys), await person(sys)];
      const ca = await on(sys, a);
      const cb = await on(sys, b, 1);
      const cc = await on(sys, c);
      const conv = await befriend(ca, a, cb, b);
      for (const [type, extra] of [
        [MsgType.SEND_MSG, { clientMsgId: 'x', kind: 'text', text: 'intrude' }],
        [MsgType.HISTORY, {}],
        [MsgType.READ, { seq: 1 }],
        [MsgType.ACK, { seq: 1 }],
      ] as const) {
        const r = await cc.request(type, { conversationId: conv, ...extra });
        assert.equal(r.body['error'], ErrorCode.FORBIDDEN, `type ${type}`);
        assert.equal(
          (await cc.request(type, { conversationId: 'd_1_2', ...extra })).body['error'],
          ErrorCode.NOT_FOUND,
        );
      }
    });

    it('pages HISTORY with beforeSeq / afterSeq and reports hasMore', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      for (let i = 1; i <= 12; i++)
        await ca.request(MsgType.SEND_MSG, {
          conversationId: conv,
          clientMsgId: `h${i}`,
          kind: 'text',
          text: `${i}`,
        });
      const seqs = (r: { body: Record<string, unknown> }) =>
        (r.body['messages'] as { seq: number }[]).map((m) => m.seq);
      const newest = await cb.request(MsgType.HISTORY, { conversationId: conv, limit: 5 });
      assert.deepEqual(seqs(newest), [8, 9, 10, 11, 12]);
      assert.equal(newest.body['hasMore'], true);
      const older = await cb.request(MsgType.HISTORY, {
        conversationId: conv,
        beforeSeq: 8,
        limit: 5,
      });
      assert.deepEqual(seqs(older), [3, 4, 5, 6, 7]);
      const oldest = await cb.request(MsgType.HISTORY, {
        conversationId: conv,
        beforeSeq: 3,
        limit: 5,
      });
      assert.deepEqual(seqs(oldest), [1, 2]);
      assert.equal(oldest.body['hasMore'], false);
      const fwd = await cb.request(MsgType.HISTORY, { conversationId: conv, afterSeq: 9 });
      assert.deepEqual(seqs(fwd), [10, 11, 12]);
      assert.equal(fwd.body['hasMore'], false);
      assert.equal(
        (await cb.request(MsgType.HISTORY, { conversationId: conv, limit: 101 })).body['error'],
        ErrorCode.BAD_REQUEST,
      );
    });

    it('summarises CONVERSATIONS with unread counts; READ clears them and notifies the sender', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      for (let i = 1; i <= 3; i++)
        await ca.request(MsgType.SEND_MSG, {
          conversationId: conv,
          clientMsgId: `u${i}`,
          kind: 'text',
          text: `u${i}`,
        });
      await collect(cb, 3);
      const summary = async (c: ChatClient) =>
        (
          (await c.request(MsgType.CONVERSATIONS)).body['conversations'] as Record<
            string,
            unknown
          >[]
        ).find((x) => x['conversationId'] === conv)!;
      const sb = await summary(cb);
      assert.equal(sb['unread'], 3);
      assert.equal(sb['lastSeq'], 3);
      assert.equal((sb['peer'] as { uid: string }).uid, a.uid);
      assert.equal((sb['lastMessage'] as { text: string }).text, 'u3');
      assert.equal((await summary(ca))['unread'], 0, 'own messages are not unread');
      assert.equal(
        (await cb.request(MsgType.READ, { conversationId: conv, seq: 2 })).body['error'],
        0,
      );
      const rn = await ca.next(MsgType.READ_NOTIFY);
      assert.deepEqual(rn.body, { conversationId: conv, uid: b.uid, seq: 2 });
      assert.equal((await summary(cb))['unread'], 1);
      assert.equal((await summary(cb))['readSeq'], 2);
    });

    it('relays TYPING and announces presence to friends on login and disconnect', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      cb.send(MsgType.TYPING, { conversationId: conv });
      assert.deepEqual((await ca.next(MsgType.TYPING_NOTIFY)).body, {
        conversationId: conv,
        uid: b.uid,
      });
      await cb.close();
      assert.deepEqual((await ca.next(MsgType.PRESENCE_NOTIFY)).body, {
        uid: b.uid,
        online: false,
      });
      await on(sys, b, 0);
      assert.deepEqual((await ca.next(MsgType.PRESENCE_NOTIFY)).body, { uid: b.uid, online: true });
    });

    it('kicks the first connection when the same user logs in on another ChatServer', async () => {
      const a = await person(sys);
      const first = await on(sys, a, 0);
      const second = await on(sys, a, 1);
      const k = await first.next(MsgType.KICKED);
      assert.equal(k.body['reason'], 'replaced'); // PROTOCOL.md §9.2 (v1.1)
      await first.closed;
      assert.equal((await second.request(MsgType.HEARTBEAT)).body['error'], 0);
      assert.deepEqual(
        (await sys.stores.routes.get(a.uid)).map((r) => r.server),
        [sys.chats[1]!.server.name],
      );
    });

    it('leaves exactly one live session after 20 rounds of simultaneous double logins', async () => {
      const a = await person(sys);
      for (let round = 0; round < 20; round++) {
        const [x, y] = await Promise.all([
          ChatClient.connect('127.0.0.1', sys.chats[0]!.port),
          ChatClient.connect('127.0.0.1', sys.chats[1]!.port),
        ]);
        const [rx, ry] = await Promise.all([
          x.login(a.uid, a.token).catch(() => null),
          y.login(a.uid, a.token).catch(() => null),
        ]);
        // Let kicks land, then count who is alive and answering.
        await new Promise((r) => setTimeout(r, 150));
        const alive = [];
        for (const [c, r] of [
          [x, rx],
          [y, ry],
        ] as const) {
          if (c.isClosed || r?.body['error'] !== 0) continue;
          const hb = await c.request(MsgType.HEARTBEAT, {}, 1_000).catch(() => null);
          if (hb?.body['error'] === 0 && !c.isClosed) alive.push(c);
        }
        assert.equal(alive.length, 1, `round ${round}`);
        const route = await sys.stores.routes.get(a.uid);
        const winner = alive[0] === x ? 0 : 1;
        assert.deepEqual(
          route.map((r) => r.server),
          [sys.chats[winner]!.server.name],
          `round ${round}: route names the live session`,
        );
        x.socket.destroy();
        y.socket.destroy();
        await new Promise((r) => setTimeout(r, 30));
      }
    });

    it('cuts off a reader that stops reading; what it missed arrives at its next login', async () => {
      const a = await person(sys);
      const b = await person(sys);
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 0);
      const conv = await befriend(ca, a, cb, b);
      cb.socket.pause(); // B stops reading: the kernel buffers fill, then the server's queue
      const text = 'z'.repeat(16_000);
      const N = 400; // ~6.4 MB: beyond loopback socket buffers plus the 1 MiB outbound bound
      const sends = [];
      for (let i = 0; i < N; i++) {
        sends.push(
          ca.request(
            MsgType.SEND_MSG,
            { conversationId: conv, clientMsgId: `s${i}`, kind: 'text', text },
            30_000,
          ),
        );
      }
      const rs = await Promise.all(sends);
      assert.ok(
        rs.every((r) => r.body['error'] === 0),
        'the sender is never slowed or failed by a slow reader',
      );
      // The paused client cannot even read the close, so look at the server's side.
      // Its session's route is released when the server drops it (the server may be on
      // another thread, so ask the route store rather than the server's own map).
      const gone = async () => (await sys.stores.routes.get(b.uid)).length === 0;
      for (let i = 0; i < 300 && !(await gone()); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(await gone(), 'the slow reader was disconnected');
      cb.socket.destroy();
      // §5: the login pushes a bounded backlog (200 per conversation), oldest first; the client
      // pages the rest with HISTORY afterSeq, told by CONVERSATIONS' lastSeq.
      const again = await on(sys, b, 1);
      const got = await collect(again, 200, 30_000);
      assert.deepEqual(
        got.map((m) => m.seq),
        Array.from({ length: 200 }, (_, i) => i + 1),
      );
      await silent(again, MsgType.MSG_NOTIFY);
      const convs = (await again.request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
        lastSeq: number;
      }[];
      assert.equal(convs.find((c) => c.conversationId === conv)?.lastSeq, N);
      let after = 200;
      const paged: number[] = [];
      for (;;) {
        const h = await again.request(MsgType.HISTORY, {
          conversationId: conv,
          afterSeq: after,
          limit: 100,
        });
        const ms = h.body['messages'] as { seq: number }[];
        paged.push(...ms.map((m) => m.seq));
        if (!h.body['hasMore']) break;
        after = ms[ms.length - 1]!.seq;
      }
      assert.deepEqual(
        paged,
        Array.from({ length: N - 200 }, (_, i) => i + 201),
      );
    });

    it('rate-limits a sender with 1013 and retryAfterMs, storing nothing for refused sends', async () => {
      const limited = await startSystem({ mode, chatServers: 1, share: sys, messagesPerSecond: 5 });
      try {
        const a = await person(sys);
        const b = await person(sys);
        const ca = await online(limited, a);
        const cb = await online(limited, b);
        const conv = await befriend(ca, a, cb, b);
        const rs = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            ca.request(MsgType.SEND_MSG, {
              conversationId: conv,
              clientMsgId: `r${i}`,
              kind: 'text',
              text: `${i}`,
            }),
          ),
        );
        const ok = rs.filter((r) => r.body['error'] === 0);
        const limitedReplies = rs.filter((r) => r.body['error'] === ErrorCode.RATE_LIMITED);
        assert.equal(ok.length, 5);
        assert.equal(limitedReplies.length, 3);
        assert.ok((limitedReplies[0]!.body['retryAfterMs'] as number) > 0);
        const h = await cb.request(MsgType.HISTORY, { conversationId: conv });
        assert.equal((h.body['messages'] as unknown[]).length, 5);
        ca.socket.destroy();
        cb.socket.destroy();
      } finally {
        await limited.close();
      }
    });

    it('stores a message for a recipient whose ChatServer is down; it arrives at the next login', async () => {
      const own = await startSystem({ mode, chatServers: 2, share: sys });
      try {
        const a = await person(sys);
        const b = await person(sys);
        const ca = await online(own, a, 0);
        const cb = await online(own, b, 1);
        const conv = await befriend(ca, a, cb, b);
        // B's server dies without cleaning up: its route to B stays until the TTL lapses.
        await own.chats[1]!.server.close();
        const r = await ca.request(MsgType.SEND_MSG, {
          conversationId: conv,
          clientMsgId: 'down',
          kind: 'text',
          text: 'are you there?',
        });
        assert.equal(r.body['error'], 0);
        const again = await online(own, b, 0);
        const got = await collect(again, 1);
        assert.equal(got[0]?.text, 'are you there?');
        ca.socket.destroy();
        again.socket.destroy();
      } finally {
        await own.close();
      }
    });
  });
}
