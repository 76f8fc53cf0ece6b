// Recall and read state in the client core (PROTOCOL.md §3 1035–1047, §5): the 2-minute recall
// offer, RECALL and RECALL_NOTIFY in the thread and the list's preview, recalls missed while
// offline caught on reconnect; "Delivered"/"Read" from READ_NOTIFY or CONVERSATIONS'
// `peerReadSeq`; unread counts from the cursors across reconnects and reloads.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { receiptLabel } from '../lib/chat/receipts';
import { canRecall, RECALL_WINDOW_MS, recallWindowText } from '../lib/chat/recall';
import { unreadOf } from '../lib/chat/store';
import type { ChatMessage, Conversation } from '../lib/chat/types';
import { ready, startClient, stopClients } from './helpers/clients';
import { FakeChat, until } from './helpers/fake-chat';

afterEach(stopClients);

const NOW = 1_800_000_000_000;
const msg = (extra: Partial<ChatMessage>): ChatMessage => ({
  msgId: 'm',
  conversationId: 'c',
  seq: 1,
  from: '1',
  kind: 'text',
  text: 'x',
  sentAt: NOW,
  clientMsgId: 'k',
  ...extra,
});
const conv = (extra: Partial<Conversation>): Conversation => ({
  conversationId: 'c',
  kind: 'direct',
  lastSeq: 5,
  readSeq: 5,
  peerReadSeq: 0,
  ...extra,
});

describe('canRecall', () => {
  it('own, not yet recalled, younger than 2 minutes', () => {
    assert.equal(canRecall(msg({}), '1', NOW + RECALL_WINDOW_MS - 1), true);
    assert.equal(canRecall(msg({}), '1', NOW + RECALL_WINDOW_MS), false);
    assert.equal(canRecall(msg({ from: '2' }), '1', NOW), false);
    assert.equal(canRecall(msg({ kind: 'recalled' }), '1', NOW), false);
  });

  it('with the window LOGIN named instead of 2 minutes', () => {
    assert.equal(canRecall(msg({}), '1', NOW + 29_999, 30_000), true);
    assert.equal(canRecall(msg({}), '1', NOW + 30_000, 30_000), false);
    assert.equal(canRecall(msg({}), '1', NOW + RECALL_WINDOW_MS, 10 * 60_000), true);
  });

  it('names the window for the Recall hint', () => {
    assert.equal(recallWindowText(RECALL_WINDOW_MS), '2 minutes');
    assert.equal(recallWindowText(60_000), '1 minute');
    assert.equal(recallWindowText(30_000), '30 seconds');
    assert.equal(recallWindowText(90_000), '90 seconds');
    assert.equal(recallWindowText(300), '1 second');
  });
});

describe('receiptLabel', () => {
  it('direct: Read once the peer’s cursor reaches the seq, else Delivered', () => {
    assert.equal(receiptLabel(conv({ peerReadSeq: 4 }), 5), 'Delivered');
    assert.equal(receiptLabel(conv({ peerReadSeq: 5 }), 5), 'Read');
  });
  it('group: counts the members whose READ reached it', () => {
    const g = conv({ kind: 'group', readers: { '2': 5, '3': 4, '4': 9 } });
    assert.equal(receiptLabel(g, 5), 'Read by 2');
    assert.equal(receiptLabel(g, 10), 'Delivered');
  });
});

describe('recall (client core)', () => {
  it('RECALL replaces the own message and the list preview with "recalled"', async () => {
    const fake = new FakeChat();
    fake.liveTimes = true;
    const c = startClient(fake);
    await until(ready(c));
    c.sendText('d_1_2', 'oops');
    await until(() => c.store.thread('d_1_2').items.length === 1);
    const m = c.store.thread('d_1_2').items[0]!;
    await c.recall('d_1_2', m.msgId);
    assert.deepEqual(fake.sentOf(MsgType.RECALL)[0], {
      conversationId: 'd_1_2',
      msgId: m.msgId,
      reqId: fake.sentOf(MsgType.RECALL)[0]?.['reqId'],
    });
    const after = c.store.thread('d_1_2').items[0]!;
    assert.equal(after.kind, 'recalled');
    assert.equal(after.text, undefined);
    assert.equal(c.store.state.conversations['d_1_2']?.lastMessage?.kind, 'recalled');
  });

  it('a refused RECALL rejects and changes nothing', async () => {
    const fake = new FakeChat(); // messages dated 2023: long past the window
    const c = startClient(fake);
    await until(ready(c));
    c.sendText('d_1_2', 'old');
    await until(() => c.store.thread('d_1_2').items.length === 1);
    const m = c.store.thread('d_1_2').items[0]!;
    await assert.rejects(c.recall('d_1_2', m.msgId), /within 2 minutes/);
    assert.equal(c.store.thread('d_1_2').items[0]?.kind, 'text');
  });

  it('RECALL_NOTIFY: in the thread, and in the preview of a thread never opened', async () => {
    const fake = new FakeChat(['d_1_2', 'd_1_3']);
    const a = fake.store('d_1_2', 'held');
    const b = fake.store('d_1_3', 'only the preview');
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 1);
    // d_1_3's thread is dropped, as if never loaded: only the list knows its last message.
    c.store.update((s) => {
      const { d_1_3: _x, ...threads } = s.threads;
      return { ...s, threads };
    });
    fake.push(MsgType.RECALL_NOTIFY, { conversationId: 'd_1_2', msgId: a.msgId, by: '2' });
    fake.push(MsgType.RECALL_NOTIFY, { conversationId: 'd_1_3', msgId: b.msgId, by: '2' });
    assert.equal(c.store.thread('d_1_2').items[0]?.kind, 'recalled');
    assert.equal(c.store.state.conversations['d_1_2']?.lastMessage?.kind, 'recalled');
    assert.equal(c.store.state.conversations['d_1_3']?.lastMessage?.kind, 'recalled');
  });

  it('a RECALL_NOTIFY that overtakes its MSG_NOTIFY still wins', async () => {
    const fake = new FakeChat();
    fake.liveTimes = true;
    fake.store('d_1_2', 'one');
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 1);
    const late = {
      msgId: 'd_1_2:2',
      conversationId: 'd_1_2',
      seq: 2,
      from: '2',
      kind: 'text',
      text: 'regret',
      sentAt: Date.now(),
      clientMsgId: 'late-1',
    };
    fake.push(MsgType.RECALL_NOTIFY, { conversationId: 'd_1_2', msgId: late.msgId, by: '2' });
    fake.push(MsgType.MSG_NOTIFY, { message: late });
    await until(() => c.store.thread('d_1_2').items.length === 2);
    const shown = c.store.thread('d_1_2').items[1]!;
    assert.equal(shown.kind, 'recalled');
    assert.equal(shown.text, undefined);
  });

  it("takes the recall window from LOGIN's limits, 2 minutes when there are none or they are bad", async () => {
    const cases: [unknown, number][] = [
      [{ recallWindowMs: 30_000 }, 30_000],
      [undefined, RECALL_WINDOW_MS],
      [{ recallWindowMs: 0 }, RECALL_WINDOW_MS],
      [{ recallWindowMs: '30000' }, RECALL_WINDOW_MS],
      [5, RECALL_WINDOW_MS],
    ];
    for (const [limits, expected] of cases) {
      const fake = new FakeChat();
      fake.limits = limits;
      const c = startClient(fake);
      await until(ready(c));
      assert.equal(c.store.state.limits.recallWindowMs, expected, JSON.stringify(limits));
    }
  });

  it('a reconnect picks up a changed window (another ChatServer)', async () => {
    const fake = new FakeChat();
    fake.limits = { recallWindowMs: 30_000 };
    const c = startClient(fake);
    await until(ready(c));
    assert.equal(c.store.state.limits.recallWindowMs, 30_000);
    fake.limits = { recallWindowMs: 300_000 };
    fake.drop(1006);
    await until(() => c.store.state.limits.recallWindowMs === 300_000, 3_000, 'new window');
  });

  it('a recall made while this client was offline shows after the reconnect', async () => {
    const fake = new FakeChat();
    fake.liveTimes = true;
    fake.store('d_1_2', 'one');
    const two = fake.store('d_1_2', 'two');
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 2);
    fake.drop(1006);
    // The peer recalls while we are away; its RECALL_NOTIFY is not replayed (§3).
    two.kind = 'recalled';
    delete two.text;
    await until(() => c.store.thread('d_1_2').items[1]?.kind === 'recalled', 3_000, 'recheck');
    assert.equal(c.store.thread('d_1_2').items[0]?.text, 'one');
  });
});

describe('read state (client core)', () => {
  it('Read after a reload comes from CONVERSATIONS’ peerReadSeq; READ_NOTIFY moves it live', async () => {
    const fake = new FakeChat();
    fake.peerReadSeqs.set('d_1_2', 1);
    const c = startClient(fake);
    await until(ready(c));
    assert.equal(c.store.state.conversations['d_1_2']?.peerReadSeq, 1);
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: '2', seq: 3 });
    assert.equal(c.store.state.conversations['d_1_2']?.peerReadSeq, 3);
    // Never backwards.
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: '2', seq: 2 });
    assert.equal(c.store.state.conversations['d_1_2']?.peerReadSeq, 3);
  });

  it('group READ_NOTIFYs are kept per member', async () => {
    const fake = new FakeChat();
    const g = fake.addGroup('Team', [fake.peer, fake.me, fake.carol]);
    const c = startClient(fake);
    await until(ready(c));
    fake.push(MsgType.READ_NOTIFY, { conversationId: g.conversationId, uid: '2', seq: 4 });
    fake.push(MsgType.READ_NOTIFY, { conversationId: g.conversationId, uid: '3', seq: 2 });
    const conv = c.store.state.conversations[g.conversationId]!;
    assert.deepEqual(conv.readers, { '2': 4, '3': 2 });
    assert.equal(receiptLabel(conv, 2), 'Read by 2');
  });

  it("a group's read marks come from GROUP_MEMBERS' cursors when it is opened (after a reload)", async () => {
    const fake = new FakeChat();
    const g = fake.addGroup('Team', [fake.peer, fake.me, fake.carol]);
    fake.memberReadSeqs.set(`${g.conversationId} 2`, 3);
    fake.memberReadSeqs.set(`${g.conversationId} 3`, 1);
    fake.memberReadSeqs.set(`${g.conversationId} 1`, 9); // this user's own: not a reader
    const c = startClient(fake);
    await until(ready(c));
    c.setActive(g.conversationId);
    await until(
      () => Object.keys(c.store.state.conversations[g.conversationId]?.readers ?? {}).length === 2,
      2_000,
      'members loaded',
    );
    const conv = c.store.state.conversations[g.conversationId]!;
    assert.deepEqual(conv.readers, { '2': 3, '3': 1 });
    assert.equal(receiptLabel(conv, 1), 'Read by 2');
    assert.equal(receiptLabel(conv, 3), 'Read by 1');
    assert.equal(receiptLabel(conv, 4), 'Delivered');
  });

  it('unread counts equal the unseen messages after a reconnect, and stay right after a reload', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'seen');
    const c = startClient(fake);
    await until(ready(c));
    c.setActive('d_1_2');
    await until(() => fake.readSeqs.get('d_1_2') === 1, 2_000, 'READ of what is on screen');
    c.setActive(null);
    fake.drop(1006);
    for (let i = 0; i < 7; i++) fake.store('d_1_2', `missed ${String(i)}`);
    await until(() => c.store.thread('d_1_2').items.length === 8, 3_000, 'caught up');
    assert.equal(unreadOf(c.store.state.conversations['d_1_2']!), 7);

    // A reload: a new client starts from the server's cursors only.
    const again = startClient(fake);
    await until(ready(again));
    assert.equal(unreadOf(again.store.state.conversations['d_1_2']!), 7);
    again.setActive('d_1_2');
    await until(() => fake.readSeqs.get('d_1_2') === 8, 2_000, 'READ after viewing');
    assert.equal(unreadOf(again.store.state.conversations['d_1_2']!), 0);
    const third = startClient(fake);
    await until(ready(third));
    assert.equal(unreadOf(third.store.state.conversations['d_1_2']!), 0);
  });
});
