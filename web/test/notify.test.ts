import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Arrival } from '../lib/chat/arrivals';
import { NOTIFY_PREVIEW_MAX, notificationFor } from '../lib/chat/notify';
import type { ChatMessage, Conversation, Friend } from '../lib/chat/types';

const ME = '1';
const card = (uid: string, username: string) => ({ uid, username, nick: '', avatar: '', bio: '' });
const message = (cid: string, from: string, text: string): ChatMessage => ({
  msgId: 'm1',
  conversationId: cid,
  seq: 1,
  from,
  kind: 'text',
  text,
  sentAt: 1,
  clientMsgId: 'c1',
});
const base = { lastSeq: 1, readSeq: 0, peerReadSeq: 0 };

test('a direct message: the sender (by remark) as title, the text as body, the chat as tag', () => {
  const c: Conversation = {
    ...base,
    conversationId: 'd_1_2',
    kind: 'direct',
    peer: card('2', 'bob'),
  };
  const friends: Record<string, Friend> = {
    '2': { ...card('2', 'bob'), remark: 'Bobby', online: true, conversationId: 'd_1_2' },
  };
  const a: Arrival = { conversation: c, message: message('d_1_2', '2', 'see   you\nsoon') };
  assert.deepEqual(notificationFor(a, friends, ME), {
    title: 'Bobby',
    body: 'see you soon',
    tag: 'd_1_2',
  });
});

test('a group message: the group as title, the sender in the body, long text shortened', () => {
  const c: Conversation = {
    ...base,
    conversationId: 'g_7',
    kind: 'group',
    group: { groupId: '7', conversationId: 'g_7', name: 'Crew', members: [card('3', 'carol')] },
  };
  const long = 'x'.repeat(500);
  const n = notificationFor({ conversation: c, message: message('g_7', '3', long) }, {}, ME);
  assert.equal(n.title, 'Crew');
  assert.equal(n.tag, 'g_7');
  assert.ok(n.body.startsWith('carol: xxx'));
  assert.equal(n.body.length, NOTIFY_PREVIEW_MAX);
  assert.ok(n.body.endsWith('…'));
});
