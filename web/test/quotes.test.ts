// Quoted replies in the client core (PROTOCOL.md §9.4): the quote the composer sends and the
// pending bubble shows, SEND_MSG's `replyTo`, a recall of the original reaching every held quote
// live (RECALL_NOTIFY) and on a re-read, and `reveal`, which pages older history in until a
// quoted message (or a search hit) is held.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { previewOf, quoteOf, quoteText, recallQuotes } from '../lib/chat/quotes';
import { mergeMessages, holes } from '../lib/chat/thread';
import type { ChatMessage } from '../lib/chat/types';
import { ready, startClient, stopClients } from './helpers/clients';
import { FakeChat, until } from './helpers/fake-chat';
import { FakeGate, PNG_BYTES } from './helpers/fake-gate';

afterEach(stopClients);

const msg = (extra: Partial<ChatMessage>): ChatMessage => ({
  msgId: 'c:1',
  conversationId: 'c',
  seq: 1,
  from: '2',
  kind: 'text',
  text: 'x',
  sentAt: 1_700_000_000_000,
  clientMsgId: 'k',
  ...extra,
});

describe('quotes (pure)', () => {
  it('previews the first 100 characters, never cutting an emoji; media by file name', () => {
    const long = `${'a'.repeat(99)}😀tail`;
    assert.equal(previewOf(long), `${'a'.repeat(99)}😀`);
    assert.equal(previewOf('short'), 'short');
    assert.deepEqual(quoteOf(msg({ text: long })), {
      msgId: 'c:1',
      seq: 1,
      from: '2',
      kind: 'text',
      preview: `${'a'.repeat(99)}😀`,
    });
    const file = msg({
      kind: 'file',
      text: 'caption',
      media: { mediaId: 'm', url: '/media/m', name: 'plan.pdf', mime: 'application/pdf', size: 3 },
    });
    assert.equal(quoteOf(file).preview, 'plan.pdf');
    assert.equal(quoteOf(msg({ kind: 'recalled', text: undefined })).preview, '');
  });

  it('says what a quote shows, recalled ones as recalled, markup as plain text', () => {
    assert.equal(quoteText({ kind: 'recalled', preview: '' }), 'Message recalled');
    assert.equal(quoteText({ kind: 'file', preview: 'plan.pdf' }), '[File] plan.pdf');
    assert.equal(quoteText({ kind: 'image', preview: 'a.png' }), '[Image] a.png');
    assert.equal(quoteText({ kind: 'text', preview: '<b>hi</b>' }), '<b>hi</b>');
  });

  it('recallQuotes marks only the quotes of that message, and keeps the array when none', () => {
    const q = quoteOf(msg({}));
    const items = [msg({ msgId: 'c:2', seq: 2, replyTo: q }), msg({ msgId: 'c:3', seq: 3 })];
    const out = recallQuotes(items, 'c:1');
    assert.deepEqual(out[0]?.replyTo, { ...q, kind: 'recalled', preview: '' });
    assert.equal(out[1], items[1]);
    assert.equal(recallQuotes(items, 'c:9'), items);
  });

  it('a re-read reply whose original was recalled replaces the held copy', () => {
    const q = quoteOf(msg({}));
    const held = [msg({}), msg({ msgId: 'c:2', seq: 2, replyTo: q })];
    const again = msg({ msgId: 'c:2', seq: 2, replyTo: { ...q, kind: 'recalled', preview: '' } });
    const merged = mergeMessages(held, [again]);
    assert.equal(merged[1]?.replyTo?.kind, 'recalled');
    // The same reply again, quote unchanged: nothing to do.
    assert.equal(mergeMessages(held, [msg({ msgId: 'c:2', seq: 2, replyTo: q })]), held);
  });
});

describe('quotes (client core)', () => {
  it('sends replyTo as the quoted msgId; the pending and the stored message show the quote', async () => {
    const fake = new FakeChat();
    const original = fake.store('d_1_2', 'lunch?');
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 1);
    const q = quoteOf(c.store.thread('d_1_2').items[0]!);
    c.sendText('d_1_2', 'yes!', q);
    assert.deepEqual(c.store.thread('d_1_2').pending[0]?.replyTo, q, 'shown while sending');
    await until(() => c.store.thread('d_1_2').items.length === 2);
    const sent = fake.sentOf(MsgType.SEND_MSG)[0];
    assert.equal(sent?.['replyTo'], original.msgId);
    assert.deepEqual(c.store.thread('d_1_2').items[1]?.replyTo, {
      msgId: original.msgId,
      seq: 1,
      from: '2',
      kind: 'text',
      preview: 'lunch?',
    });
    // A plain send carries no replyTo at all.
    c.sendText('d_1_2', 'plain');
    await until(() => c.store.thread('d_1_2').items.length === 3);
    assert.equal('replyTo' in (fake.sentOf(MsgType.SEND_MSG)[1] ?? {}), false);
  });

  it('a file sent while quoting carries the quote too', async () => {
    const fake = new FakeChat();
    const gate = new FakeGate();
    fake.gate = gate;
    const original = fake.store('d_1_2', 'send me the photo');
    const c = startClient(fake, gate);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 1);
    const q = quoteOf(c.store.thread('d_1_2').items[0]!);
    c.sendFile('d_1_2', new Blob([PNG_BYTES], { type: 'image/png' }), 'dot.png', q);
    assert.deepEqual(c.store.thread('d_1_2').pending[0]?.replyTo, q);
    await until(() => c.store.thread('d_1_2').items.length === 2);
    const sent = fake.sentOf(MsgType.SEND_MSG)[0];
    assert.equal(sent?.['replyTo'], original.msgId);
    assert.equal(typeof sent?.['mediaId'], 'string');
    assert.equal(c.store.thread('d_1_2').items[1]?.replyTo?.msgId, original.msgId);
  });

  it('RECALL_NOTIFY of an original shows every held quote of it recalled, and the list preview', async () => {
    const fake = new FakeChat();
    const original = fake.store('d_1_2', 'regrettable');
    const quote = {
      msgId: original.msgId,
      seq: 1,
      from: '2',
      kind: 'text' as const,
      preview: 'regrettable',
    };
    fake.store('d_1_2', 'what?', '1', { replyTo: quote });
    fake.store('d_1_2', 'indeed', '1', { replyTo: quote });
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 3);
    fake.push(MsgType.RECALL_NOTIFY, { conversationId: 'd_1_2', msgId: original.msgId, by: '2' });
    const items = c.store.thread('d_1_2').items;
    assert.equal(items[0]?.kind, 'recalled');
    for (const m of items.slice(1))
      assert.deepEqual(m.replyTo, { ...quote, kind: 'recalled', preview: '' });
    assert.equal(c.store.state.conversations['d_1_2']?.lastMessage?.replyTo?.kind, 'recalled');
  });

  it('reveal pages older history in until the seq is held, leaving no hole', async () => {
    const fake = new FakeChat();
    for (let i = 1; i <= 260; i++) fake.store('d_1_2', `m${i}`);
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread('d_1_2').items.length === 50);
    assert.equal(c.store.thread('d_1_2').items[0]?.seq, 211);
    assert.equal(await c.reveal('d_1_2', 7), true);
    const items = c.store.thread('d_1_2').items;
    assert.ok(items.some((m) => m.seq === 7));
    assert.deepEqual(holes(items), []);
    const pages = fake.sentOf(MsgType.HISTORY).filter((h) => typeof h['beforeSeq'] === 'number');
    assert.deepEqual(
      pages.map((h) => [h['beforeSeq'], h['limit']]),
      [
        [211, 100],
        [111, 100],
        [11, 100],
      ],
    );
    // Already held: no request. Beyond what exists: false.
    assert.equal(await c.reveal('d_1_2', 200), true);
    assert.equal(
      fake.sentOf(MsgType.HISTORY).filter((h) => typeof h['beforeSeq'] === 'number').length,
      3,
    );
    assert.equal(await c.reveal('d_1_2', 999), false);
  });
});
