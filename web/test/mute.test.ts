// Issue 12: a muted conversation counts in no total (the tab title, the rail and the phone's tab
// badge all read totalUnread), and CONVERSATIONS' `muted` reaches the store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { totalUnread, unreadOf } from '../lib/chat/store';
import { toConversation } from '../lib/chat/normalize';
import type { ChatState, Conversation } from '../lib/chat/types';

const conv = (id: string, lastSeq: number, readSeq: number, muted?: boolean): Conversation => ({
  conversationId: id,
  kind: 'direct',
  lastSeq,
  readSeq,
  peerReadSeq: 0,
  ...(muted ? { muted } : {}),
});

describe('muted conversations', () => {
  it('count in no total, while their own unread count stays known (for the dot)', () => {
    const conversations = { a: conv('a', 5, 2), b: conv('b', 9, 1, true), c: conv('c', 3, 3) };
    const state = { conversations } as unknown as ChatState;
    assert.equal(totalUnread(state), 3);
    assert.equal(unreadOf(conversations.b), 8);
  });

  it('read `muted: true` from a CONVERSATIONS entry, and nothing else as muted', () => {
    const base = { conversationId: 'd_1_2', kind: 'direct', lastSeq: 1, readSeq: 0 };
    assert.equal(toConversation({ ...base, muted: true })?.muted, true);
    assert.equal(toConversation({ ...base, muted: 'yes' })?.muted, undefined);
    assert.equal(toConversation(base)?.muted, undefined);
  });
});
