// Conversation ids (src/ids.ts): one rule for servers that mint them and clients that read them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { directConversationId, directMembers, directPeer, groupConversationId } from '../src/index';

describe('conversation ids', () => {
  it('names a direct conversation the same whichever side asks', () => {
    assert.equal(directConversationId(10002, 10001), 'd_10001_10002');
    assert.equal(directConversationId('10001', '10002'), 'd_10001_10002');
    // Numeric order, not string order: 9 < 10.
    assert.equal(directConversationId(10, 9), 'd_9_10');
  });

  it('reads the members and the peer back, and nothing from other ids', () => {
    const id = directConversationId(10001, 10002);
    assert.deepEqual(directMembers(id), ['10001', '10002']);
    assert.equal(directPeer(id, 10001), '10002');
    assert.equal(directPeer(id, '10002'), '10001');
    for (const other of [groupConversationId('gabc'), 'd_1', 'd_1_2_3', 'x_1_2', 'd_a_b'])
      assert.equal(directPeer(other, 1), undefined, other);
  });
});
