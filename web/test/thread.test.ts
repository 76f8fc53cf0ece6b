// Pure pieces of the client core: merging by seq (PROTOCOL.md §5), holes, backoff, typing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF } from '../lib/chat/backoff';
import { ChatStore } from '../lib/chat/store';
import {
  contiguousTop,
  holes,
  lastOwnSeq,
  mergeMessages,
  reconcilePending,
  threadEntries,
} from '../lib/chat/thread';
import type { ChatMessage, GroupNotice, PendingMessage } from '../lib/chat/types';
import { Typing, TYPING_EVERY_MS } from '../lib/chat/typing';

const msg = (seq: number, from = '2', extra: Partial<ChatMessage> = {}): ChatMessage => ({
  msgId: `c:${seq}`,
  conversationId: 'c',
  seq,
  from,
  kind: 'text',
  text: `m${seq}`,
  sentAt: seq,
  clientMsgId: `k${seq}`,
  ...extra,
});

describe('mergeMessages', () => {
  it('appends newer ones and keeps ascending order', () => {
    const out = mergeMessages([msg(1), msg(2)], [msg(4), msg(3)]);
    assert.deepEqual(
      out.map((m) => m.seq),
      [1, 2, 3, 4],
    );
  });

  it('drops a seq already held (§5) and returns the same array when nothing changed', () => {
    const held = [msg(1), msg(2), msg(3)];
    assert.equal(mergeMessages(held, [msg(2, '2', { text: 'again' })]), held);
    assert.equal(mergeMessages(held, []), held);
  });

  it('merges an older page in front and ignores duplicates inside the page', () => {
    const out = mergeMessages([msg(5), msg(6)], [msg(3), msg(4), msg(5), msg(4)]);
    assert.deepEqual(
      out.map((m) => m.seq),
      [3, 4, 5, 6],
    );
  });

  it('lets a recall replace the held message', () => {
    const out = mergeMessages(
      [msg(1), msg(2)],
      [msg(2, '2', { kind: 'recalled', text: undefined })],
    );
    assert.equal(out[1]?.kind, 'recalled');
  });
});

describe('threadEntries (the thread as shown)', () => {
  const notice = (id: string, at: number, afterSeq: number | null = null): GroupNotice => ({
    id,
    conversationId: 'c',
    event: 'renamed',
    users: [],
    name: 'g',
    afterSeq,
    at,
  });
  const pending = (clientMsgId: string, sentAt: number): PendingMessage => ({
    clientMsgId,
    conversationId: 'c',
    from: '1',
    kind: 'text',
    text: 'x',
    sentAt,
    status: 'sending',
  });

  it('puts event lines after the message they followed, unplaced ones last by time, then pending sends', () => {
    const entries = threadEntries(
      [msg(1), msg(2), msg(3)],
      [pending('p1', 10)],
      [notice('live', 9), notice('after2', 5, 2), notice('after0', 0, 0), notice('late', 4)],
      100,
    );
    assert.deepEqual(
      entries.map((e) => `${e.kind}:${e.key}`),
      [
        'notice:after0',
        'stored:c:1',
        'stored:c:2',
        'notice:after2',
        'stored:c:3',
        'notice:late',
        'notice:live',
        'pending:p1',
      ],
    );
  });

  it('marks a time separator above the first entry and after every gap longer than gapMs', () => {
    const t0 = 1_800_000_000_000;
    const at = [t0, t0 + 50, t0 + 4_000, t0 + 4_100, t0 + 4_100 + 4_001];
    const entries = threadEntries(
      at.slice(0, 4).map((t, i) => msg(i + 1, '2', { sentAt: t })),
      [pending('p', at[4]!)],
      [],
      4_000,
    );
    assert.deepEqual(
      entries.map((e) => e.separator),
      [true, false, false, false, true],
    );
    assert.deepEqual(threadEntries([], [], [], 4_000), []);
  });
});

describe('lastOwnSeq', () => {
  it('is the newest own message not recalled, 0 when there is none', () => {
    const items = [msg(1, '1'), msg(2, '1'), msg(3, '1', { kind: 'recalled' }), msg(4, '2')];
    assert.equal(lastOwnSeq(items, '1'), 2);
    assert.equal(lastOwnSeq(items, '2'), 4);
    assert.equal(lastOwnSeq(items, '9'), 0);
  });
});

describe('holes and contiguousTop', () => {
  it('finds the gaps between held seqs', () => {
    const items = [msg(1), msg(2), msg(5), msg(6), msg(9)];
    assert.deepEqual(holes(items), [
      { after: 2, before: 5 },
      { after: 6, before: 9 },
    ]);
    assert.equal(contiguousTop(items), 2);
    assert.equal(contiguousTop([]), 0);
    assert.equal(contiguousTop([msg(7), msg(8)]), 8);
  });
});

describe('reconcilePending', () => {
  it('drops a pending send once its stored message (same clientMsgId, own) is held', () => {
    const p: PendingMessage = {
      clientMsgId: 'k2',
      conversationId: 'c',
      from: '1',
      kind: 'text',
      text: 'x',
      sentAt: 0,
      status: 'failed',
    };
    assert.deepEqual(reconcilePending([p], [msg(2, '1')], '1'), []);
    // Someone else's message with the same clientMsgId is not ours.
    assert.deepEqual(reconcilePending([p], [msg(2, '2')], '1'), [p]);
  });
});

describe('ChatStore', () => {
  it('keeps unread = lastSeq − readSeq, own messages advancing readSeq', () => {
    const s = new ChatStore({ uid: '1', username: 'me', nick: '', avatar: '', bio: '' });
    s.setConversations([
      { conversationId: 'c', kind: 'direct', lastSeq: 2, readSeq: 0, peerReadSeq: 0 },
    ]);
    s.addMessages('c', [msg(3)]);
    assert.equal(s.state.conversations['c']?.lastSeq, 3);
    s.addMessages('c', [msg(4, '1')]);
    assert.equal(s.state.conversations['c']?.readSeq, 4);
    assert.equal(s.state.conversations['c']?.lastMessage?.seq, 4);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter in the upper half, capped', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.baseMs * 2 ** attempt);
      assert.equal(
        backoffDelay(attempt, DEFAULT_BACKOFF, () => 0),
        step / 2,
      );
      assert.equal(
        backoffDelay(attempt, DEFAULT_BACKOFF, () => 1),
        step,
      );
    }
  });
});

describe('Typing', () => {
  it('sends TYPING at most every 3 s, again after a message went out', () => {
    const sent: string[] = [];
    const t = new Typing(
      new ChatStore({ uid: '1', username: '', nick: '', avatar: '', bio: '' }),
      (c) => sent.push(c),
    );
    t.local('c', 0);
    t.local('c', 1_000);
    t.local('c', TYPING_EVERY_MS - 1);
    assert.equal(sent.length, 1);
    t.local('c', TYPING_EVERY_MS);
    assert.equal(sent.length, 2);
    t.sent('c');
    t.local('c', TYPING_EVERY_MS + 10);
    assert.equal(sent.length, 3);
    t.clearAll();
  });
});
