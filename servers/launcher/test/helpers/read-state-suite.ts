// Issue 5 (read state) over real TCP: unread counts and read marks come from the stored cursors
// (PROTOCOL.md §3 CONVERSATIONS, §5), so they stay right across reconnects and reloads, on
// either ChatServer. Run by read-state.test.ts (embedded: memory stores + SQLite + in-process
// peer hub) and read-state.integration.test.ts (cluster: Redis + MariaDB + gRPC peer streams).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsgType, validateBody } from '@parley/proto';
import type { ChatClient } from '@parley/chat';
import { type Mode, type TestSystem } from './system';
import { befriend, collect, goOffline, person, sendText, silent, withSystem } from './people';

interface Summary {
  conversationId: string;
  kind: string;
  lastSeq: number;
  readSeq: number;
  unread: number;
  peerReadSeq?: number;
}

export function readStateSuite(mode: Mode): void {
  describe(`read state (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    const summary = async (c: ChatClient, conversationId: string): Promise<Summary> => {
      const r = await c.request(MsgType.CONVERSATIONS);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      const checked = validateBody(MsgType.CONVERSATIONS_RSP, r.body);
      assert.ok(checked.ok, 'CONVERSATIONS_RSP fits the schema');
      const s = (r.body['conversations'] as Summary[]).find(
        (x) => x.conversationId === conversationId,
      );
      assert.ok(s, `conversation ${conversationId} listed`);
      return s;
    };

    it('counts exactly the unseen messages as unread after a reconnect, and after a READ and another', async () => {
      const N = 7;
      const k = 3;
      const a = await person(sys, 'a');
      const b = await person(sys, 'b');
      const ca = await on(sys, a, 0);
      let cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      await goOffline(sys, cb, b);
      for (let i = 1; i <= N; i++) await sendText(ca, conv, `unseen ${i}`);

      cb = await on(sys, b, 0);
      assert.deepEqual(
        (await collect(cb, N)).map((m) => m.seq),
        Array.from({ length: N }, (_, i) => i + 1),
      );
      const first = await summary(cb, conv);
      assert.equal(first.unread, N);
      assert.equal(first.readSeq, 0);
      assert.equal(first.lastSeq, N);
      // Delivered is not read: an ACK moves only the delivery cursor.
      assert.equal(
        (await cb.request(MsgType.ACK, { conversationId: conv, seq: N })).body['error'],
        0,
      );
      await goOffline(sys, cb, b);
      cb = await on(sys, b, 1);
      await silent(cb, MsgType.MSG_NOTIFY);
      assert.equal((await summary(cb, conv)).unread, N, 'unchanged by the ACK and the reconnect');

      assert.equal(
        (await cb.request(MsgType.READ, { conversationId: conv, seq: k })).body['error'],
        0,
      );
      await goOffline(sys, cb, b);
      cb = await on(sys, b, 0);
      const afterRead = await summary(cb, conv);
      assert.equal(afterRead.unread, N - k);
      assert.equal(afterRead.readSeq, k);
      // One more unseen message on top, then everything read.
      await sendText(ca, conv, 'one more');
      await collect(cb, 1);
      assert.equal((await summary(cb, conv)).unread, N - k + 1);
      assert.equal(
        (await cb.request(MsgType.READ, { conversationId: conv, seq: N + 1 })).body['error'],
        0,
      );
      await goOffline(sys, cb, b);
      cb = await on(sys, b, 1);
      assert.equal((await summary(cb, conv)).unread, 0);
      assert.equal((await summary(ca, conv)).unread, 0, 'own messages are never unread');
    });

    it('reports the peer’s read cursor (peerReadSeq) in direct conversations, also after a reload', async () => {
      const a = await person(sys, 'a');
      const b = await person(sys, 'b');
      let ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const conv = await befriend(ca, a, cb, b);
      assert.equal((await summary(ca, conv)).peerReadSeq, 0, 'present before any message');
      for (let i = 1; i <= 4; i++) await sendText(ca, conv, `m${i}`);
      await collect(cb, 4);
      assert.equal((await summary(ca, conv)).peerReadSeq, 0, 'delivered, not read');
      // Sending marks one's own conversation read, so b sees a's cursor at a's last message.
      assert.equal((await summary(cb, conv)).peerReadSeq, 4);

      assert.equal(
        (await cb.request(MsgType.READ, { conversationId: conv, seq: 2 })).body['error'],
        0,
      );
      assert.deepEqual((await ca.next(MsgType.READ_NOTIFY)).body, {
        conversationId: conv,
        uid: b.uid,
        seq: 2,
      });
      // A reload (a new session, on the other ChatServer) shows the same read marks.
      await goOffline(sys, ca, a);
      ca = await on(sys, a, 1);
      const s = await summary(ca, conv);
      assert.equal(s.peerReadSeq, 2);
      assert.equal(s.readSeq, 4);
      assert.equal(s.unread, 0);

      // Groups have many readers: no peerReadSeq there.
      const g = await ca.request(MsgType.GROUP_CREATE, { name: 'no peer', memberUids: [b.uid] });
      assert.equal(g.body['error'], 0, JSON.stringify(g.body));
      const gs = await summary(ca, (g.body['group'] as { conversationId: string }).conversationId);
      assert.equal(gs.kind, 'group');
      assert.equal(gs.peerReadSeq, undefined);
    });
  });
}
