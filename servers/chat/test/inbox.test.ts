// The per-connection ordered delivery (delivery/inbox.ts): ascending seq, each once, gaps read
// from "the database" — here a list of committed messages the test controls.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsgType, type Message } from '@parley/proto';
import { GAP_WAIT_MS, Inbox, notifyBody, SYNC_MAX } from '../src/delivery/inbox';

const ME = '10001';
const msg = (seq: number, from = '10002'): Message => ({
  msgId: `c:${seq}`,
  conversationId: 'c',
  seq,
  from,
  kind: 'text',
  text: `m${seq}`,
  sentAt: seq,
  clientMsgId: `x${seq}`,
});

function harness(committed: Message[]) {
  const sent: number[] = [];
  const ranges: [number, number][] = [];
  const inbox = new Inbox({
    self: ME,
    sendBody: (type, b) => {
      assert.equal(type, MsgType.MSG_NOTIFY);
      const text = typeof b === 'string' ? b : new TextDecoder().decode(b);
      const body = JSON.parse(text) as { message: Message };
      sent.push(body.message.seq);
    },
    range: (_c, from, to, max) => {
      ranges.push([from, to]);
      return Promise.resolve(committed.filter((m) => m.seq > from && m.seq < to).slice(0, max));
    },
    cursor: () => Promise.resolve(0),
    onError: (e) => assert.fail(String(e)),
  });
  inbox.init('c', 0);
  return { inbox, sent, ranges };
}

const settle = (ms = GAP_WAIT_MS * 4) => new Promise((r) => setTimeout(r, ms));
const seqs = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

describe('Inbox', () => {
  it('reorders messages that arrive out of order, without reading the database', async () => {
    const h = harness([]);
    for (const s of [2, 1, 4, 3]) h.inbox.offer('c', s, notifyBody(msg(s)));
    assert.deepEqual(h.sent, [1, 2, 3, 4]);
    h.inbox.offer('c', 2, notifyBody(msg(2)));
    await settle();
    assert.deepEqual(h.sent, [1, 2, 3, 4], 'a repeat is dropped');
    assert.deepEqual(h.ranges, []);
  });

  it('fills a gap from the database, and never pushes the user its own messages', async () => {
    const all = seqs(1, 6).map((s) => msg(s, s === 2 ? ME : '10002'));
    const h = harness(all);
    h.inbox.offer('c', 6, notifyBody(all[5]!));
    await settle();
    assert.deepEqual(h.sent, [1, 3, 4, 5, 6]);
  });

  it('does not skip a gap that opened after the fill was read (regression)', async () => {
    const all = seqs(1, 170).map((s) => msg(s));
    const h = harness(all);
    // 13..24 and 163.. are waiting; 1..12 and 25..162 are only in the database.
    for (const s of [...seqs(13, 24), ...seqs(163, 170)])
      h.inbox.offer('c', s, notifyBody(all[s - 1]!));
    await settle(GAP_WAIT_MS * 8);
    assert.deepEqual(h.sent, seqs(1, 170));
  });

  it('skips only the read part of a gap larger than SYNC_MAX (the client pages the rest)', async () => {
    const all = seqs(1, SYNC_MAX + 50).map((s) => msg(s));
    const h = harness(all);
    h.inbox.offer('c', SYNC_MAX + 50, notifyBody(all[SYNC_MAX + 49]!));
    await settle();
    assert.deepEqual(h.sent, [...seqs(1, SYNC_MAX), SYNC_MAX + 50]);
  });

  it('steps over its own messages marked by the sender', () => {
    const h = harness([]);
    h.inbox.own('c', 1);
    h.inbox.offer('c', 2, notifyBody(msg(2)));
    h.inbox.own('c', 3);
    h.inbox.offer('c', 4, notifyBody(msg(4)));
    assert.deepEqual(h.sent, [2, 4]);
  });
});
