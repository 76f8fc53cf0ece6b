import assert from 'node:assert/strict';
import { test } from 'node:test';
import { arrivals } from '../lib/chat/arrivals';
import type { ChatMessage, Conversation } from '../lib/chat/types';

const ME = '1';
const msg = (cid: string, seq: number, from: string, extra: Partial<ChatMessage> = {}) =>
  ({
    msgId: `${cid}-${String(seq)}`,
    conversationId: cid,
    seq,
    from,
    kind: 'text',
    text: `m${String(seq)}`,
    sentAt: 1_000 + seq,
    clientMsgId: `c${String(seq)}`,
    ...extra,
  }) satisfies ChatMessage;
const conv = (cid: string, last?: ChatMessage): Conversation => ({
  conversationId: cid,
  kind: 'direct',
  lastSeq: last?.seq ?? 0,
  readSeq: 0,
  peerReadSeq: 0,
  ...(last ? { lastMessage: last } : {}),
});

test('a newer message from someone else is an arrival; an unchanged list has none', () => {
  const prev = { d1: conv('d1', msg('d1', 3, '2')) };
  const next = { d1: conv('d1', msg('d1', 4, '2')) };
  assert.deepEqual(
    arrivals(prev, next, ME).map((a) => a.message.msgId),
    ['d1-4'],
  );
  assert.deepEqual(arrivals(next, next, ME), []);
  assert.deepEqual(arrivals(prev, { d1: conv('d1', msg('d1', 3, '2')) }, ME), []);
});

test('own messages and recalls are not arrivals', () => {
  const prev = { d1: conv('d1', msg('d1', 3, '2')) };
  assert.deepEqual(arrivals(prev, { d1: conv('d1', msg('d1', 4, ME)) }, ME), []);
  const recalled = msg('d1', 4, '2', { kind: 'recalled' });
  assert.deepEqual(arrivals(prev, { d1: conv('d1', recalled) }, ME), []);
});

test('a conversation new to the list counts, newest arrival first', () => {
  const next = {
    d1: conv('d1', msg('d1', 1, '2', { sentAt: 5_000 })),
    g1: conv('g1', msg('g1', 7, '3', { sentAt: 9_000 })),
    d2: conv('d2'),
  };
  assert.deepEqual(
    arrivals({}, next, ME).map((a) => a.conversation.conversationId),
    ['g1', 'd1'],
  );
});
