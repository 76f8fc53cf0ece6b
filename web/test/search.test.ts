// Message search in the client core (PROTOCOL.md §9.3): SEARCH_MSG pages with `before`, hits
// grouped by conversation, and the match split out of the text as plain parts (never HTML).
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { groupHits, highlightParts, hitText, searchQuery, SEARCH_PAGE } from '../lib/chat/search';
import type { ChatMessage } from '../lib/chat/types';
import { ready, startClient, stopClients } from './helpers/clients';
import { FakeChat, until } from './helpers/fake-chat';

afterEach(stopClients);

const m = (conversationId: string, seq: number): ChatMessage => ({
  msgId: `${conversationId}:${seq}`,
  conversationId,
  seq,
  from: '2',
  kind: 'text',
  text: 't',
  sentAt: seq,
  clientMsgId: `k${seq}`,
});

describe('search (pure)', () => {
  it('marks every match, ignoring case, and keeps markup as text', () => {
    assert.deepEqual(highlightParts('Hello <b>hello</b>', 'HELLO'), [
      { text: 'Hello', match: true },
      { text: ' <b>', match: false },
      { text: 'hello', match: true },
      { text: '</b>', match: false },
    ]);
    assert.deepEqual(highlightParts('我们明天去北京吃烤鸭', '北京'), [
      { text: '我们明天去', match: false },
      { text: '北京', match: true },
      { text: '吃烤鸭', match: false },
    ]);
    assert.deepEqual(highlightParts('nothing here', 'zzz'), [
      { text: 'nothing here', match: false },
    ]);
  });

  it('starts a long text shortly before its first match', () => {
    const parts = highlightParts(`${'x'.repeat(40)}needle end`, 'needle');
    assert.equal(parts[0]?.text, '…');
    assert.equal(parts[1]?.text, 'x'.repeat(16));
    assert.deepEqual(parts[2], { text: 'needle', match: true });
  });

  it('groups hits by conversation in the order of each one’s newest hit', () => {
    const hits = [m('a', 9), m('b', 8), m('a', 3), m('c', 2), m('b', 1)];
    assert.deepEqual(
      groupHits(hits).map((g) => [g.conversationId, g.hits.map((h) => h.seq)]),
      [
        ['a', [9, 3]],
        ['b', [8, 1]],
        ['c', [2]],
      ],
    );
  });

  it('trims the query to §9.3’s 100 characters; a file hit shows its name', () => {
    assert.equal(searchQuery(`  ${'q'.repeat(150)} `).length, 100);
    const file: ChatMessage = {
      ...m('a', 1),
      kind: 'file',
      text: undefined,
      media: {
        mediaId: 'x',
        url: '/media/x',
        name: 'report.pdf',
        mime: 'application/pdf',
        size: 1,
      },
    };
    assert.equal(hitText(file), 'report.pdf');
  });
});

describe('search (client core)', () => {
  it('asks SEARCH_MSG for a page and the next one with `before`', async () => {
    const fake = new FakeChat(['d_1_2', 'd_1_3']);
    for (let i = 0; i < SEARCH_PAGE + 5; i++) fake.store('d_1_2', `needle ${String(i)}`);
    fake.store('d_1_3', 'a Needle elsewhere');
    fake.store('d_1_3', 'no match');
    const c = startClient(fake);
    await until(ready(c));
    const first = await c.searchMessages('needle');
    assert.equal(first.hits.length, SEARCH_PAGE);
    assert.equal(first.hasMore, true);
    const sent = fake.sentOf(MsgType.SEARCH_MSG)[0];
    assert.equal(sent?.['query'], 'needle');
    assert.equal(sent?.['limit'], SEARCH_PAGE);
    assert.equal('before' in (sent ?? {}), false);
    const oldest = first.hits[first.hits.length - 1]!;
    const second = await c.searchMessages('needle', oldest.msgId);
    assert.equal(fake.sentOf(MsgType.SEARCH_MSG)[1]?.['before'], oldest.msgId);
    assert.equal(second.hasMore, false);
    assert.equal(first.hits.length + second.hits.length, SEARCH_PAGE + 6);
    assert.ok([...first.hits, ...second.hits].some((h) => h.conversationId === 'd_1_3'));
  });
});
