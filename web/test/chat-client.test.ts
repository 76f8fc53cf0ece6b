// The client core against a scripted ChatServer (test/helpers/fake-chat.ts): LOGIN first,
// sync after every (re)connect with nothing missed or doubled (PROTOCOL.md §5), optimistic sends
// with retry by the same clientMsgId, ACK/READ, and the close codes and pushes that end a session.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ErrorCode, MsgType } from '@parley/proto';
import { ChatClient } from '../lib/chat/client';
import { FakeChat, until } from './helpers/fake-chat';

const clients: ChatClient[] = [];

function start(
  fake: FakeChat,
  opts: { token?: string; onExpired?: () => void; url?: (move?: boolean) => Promise<string> } = {},
): ChatClient {
  const c = new ChatClient({
    uid: '1',
    token: opts.token ?? 'good',
    me: { uid: '1', username: 'me', nick: '', avatar: '', bio: '' },
    url: opts.url ?? (() => Promise.resolve('ws://fake/ws?server=chat-1')),
    transport: fake.transport,
    backoff: { baseMs: 2, maxMs: 10, factor: 2 },
    ...(opts.onExpired ? { onExpired: opts.onExpired } : {}),
  });
  clients.push(c);
  c.start();
  return c;
}

const texts = (c: ChatClient, cid = 'd_1_2') => c.store.thread(cid).items.map((m) => m.text);
const online = (c: ChatClient) => () =>
  c.store.state.connection.status === 'online' && !c.store.state.connection.syncing;

afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
});

describe('ChatClient', () => {
  it('logs in first, then loads conversations, friends and each conversation’s newest page', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'hello');
    fake.store('d_1_2', 'there');
    const c = start(fake);
    await until(online(c), 2_000, 'online');
    assert.equal(fake.frames[0]?.type, MsgType.LOGIN);
    assert.deepEqual(
      { ...fake.frames[0]?.body, reqId: undefined },
      { uid: '1', token: 'good', protocol: 1, device: 'web', reqId: undefined },
    );
    await until(() => texts(c).length === 2, 2_000, 'history');
    assert.deepEqual(texts(c), ['hello', 'there']);
    assert.equal(c.store.state.friends['2']?.online, true);
    assert.equal(c.store.state.conversations['d_1_2']?.lastSeq, 2);
  });

  it('drops a pushed seq it already holds', async () => {
    const fake = new FakeChat();
    const m = fake.store('d_1_2', 'one');
    const c = start(fake);
    await until(() => texts(c).length === 1);
    fake.push(MsgType.MSG_NOTIFY, { message: m });
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'two') });
    fake.push(MsgType.MSG_NOTIFY, { message: m });
    await until(() => texts(c).length === 2);
    assert.deepEqual(texts(c), ['one', 'two']);
  });

  it('after a reconnect pages HISTORY afterSeq from the highest seq held: nothing missed or doubled', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'm1');
    const c = start(fake);
    await until(online(c));
    await until(() => texts(c).length === 1);
    fake.drop(1012, 'chat server closed the connection');
    for (let i = 2; i <= 130; i++) fake.store('d_1_2', `m${i}`);
    await until(() => texts(c).length === 130, 3_000, 'catch-up');
    // The login backlog may push some of the same messages too (§5).
    fake.push(MsgType.MSG_NOTIFY, { message: fake.messages.get('d_1_2')![5] });
    const afters = fake
      .sentOf(MsgType.HISTORY)
      .filter((b) => b['afterSeq'] !== undefined)
      .map((b) => b['afterSeq']);
    assert.deepEqual(afters, [1, 101]);
    assert.deepEqual(
      texts(c),
      Array.from({ length: 130 }, (_, i) => `m${String(i + 1)}`),
    );
    assert.equal(fake.dials, 2);
  });

  it('fills a gap when a push skips ahead of what is held', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'm1');
    const c = start(fake);
    await until(online(c));
    fake.store('d_1_2', 'm2');
    fake.store('d_1_2', 'm3');
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'm4') });
    await until(() => texts(c).length === 4, 2_000, 'gap filled');
    assert.deepEqual(texts(c), ['m1', 'm2', 'm3', 'm4']);
  });

  it('shows a send as pending, then stored; a failed one is retried with the same clientMsgId', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    c.sendText('d_1_2', 'first');
    assert.equal(c.store.thread('d_1_2').pending[0]?.status, 'sending');
    await until(() => texts(c).includes('first'));
    assert.equal(c.store.thread('d_1_2').pending.length, 0);

    fake.failNextSend = ErrorCode.RATE_LIMITED;
    c.sendText('d_1_2', 'second');
    await until(() => c.store.thread('d_1_2').pending[0]?.status === 'failed');
    const id = c.store.thread('d_1_2').pending[0]!.clientMsgId;
    c.retry('d_1_2', id);
    await until(() => texts(c).includes('second'));
    const ids = fake.sentOf(MsgType.SEND_MSG).map((b) => b['clientMsgId']);
    assert.deepEqual(ids.slice(1), [id, id]);
    assert.equal(c.store.thread('d_1_2').pending.length, 0);
  });

  it('queues a send made while disconnected and sends it after the reconnect', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    fake.refuse = true;
    fake.drop(1006);
    await until(() => c.store.state.connection.status === 'reconnecting');
    c.sendText('d_1_2', 'later');
    assert.equal(c.store.thread('d_1_2').pending[0]?.status, 'sending');
    fake.refuse = false;
    await until(() => texts(c).includes('later'), 3_000, 'queued send');
    assert.equal(fake.messages.get('d_1_2')!.filter((m) => m.text === 'later').length, 1);
  });

  it('ACKs pushed messages once per conversation (coalesced), and READs the one on screen', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'a') });
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'b') });
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'c') });
    await until(() => fake.sentOf(MsgType.ACK).length > 0, 2_000, 'ACK');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(
      fake.sentOf(MsgType.ACK).map((b) => b['seq']),
      [3],
    );
    assert.equal(c.store.state.conversations['d_1_2']?.readSeq, 0);

    c.setActive('d_1_2');
    await until(() => fake.sentOf(MsgType.READ).length === 1, 2_000, 'READ');
    assert.equal(fake.sentOf(MsgType.READ)[0]?.['seq'], 3);
    assert.equal(c.store.state.conversations['d_1_2']?.readSeq, 3);
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'd') });
    await until(() => fake.sentOf(MsgType.READ).length === 2, 2_000, 'second READ');
  });

  it('sends TYPING at most every 3 s and shows the peer typing on TYPING_NOTIFY', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    c.typing('d_1_2');
    c.typing('d_1_2');
    assert.equal(fake.sentOf(MsgType.TYPING).length, 1);
    fake.push(MsgType.TYPING_NOTIFY, { conversationId: 'd_1_2', uid: '2' });
    assert.ok(c.store.state.typing['d_1_2']?.['2']);
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'done typing') });
    assert.equal(c.store.state.typing['d_1_2']?.['2'], undefined);
  });

  it('follows presence and read pushes', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    fake.push(MsgType.PRESENCE_NOTIFY, { uid: '2', online: false });
    assert.equal(c.store.state.friends['2']?.online, false);
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: '2', seq: 7 });
    assert.equal(c.store.state.conversations['d_1_2']?.peerReadSeq, 7);
  });

  it('SERVER_NOTICE draining: leaves the server and dials a fresh assignment (§9.5)', async () => {
    const fake = new FakeChat();
    const dials: boolean[] = [];
    const c = start(fake, {
      url: (move) => (dials.push(move === true), Promise.resolve('ws://fake/ws?server=chat-1')),
    });
    await until(online(c));
    fake.push(MsgType.SERVER_NOTICE, { reason: 'draining', reconnectInMs: 30 });
    await until(() => fake.sentOf(MsgType.LOGIN).length === 2, 2_000, 'a second LOGIN');
    await until(online(c));
    assert.deepEqual(dials, [false, true]);
  });

  it('TOKEN_INVALID ends the session: onExpired, no reconnect', async () => {
    const fake = new FakeChat();
    let expired = 0;
    const c = start(fake, { token: 'stale', onExpired: () => expired++ });
    await until(() => c.store.state.connection.status === 'expired');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(expired, 1);
    assert.equal(fake.dials, 1);
  });

  it('KICKED stops reconnecting, and a send then fails at once', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    fake.push(MsgType.KICKED, { reason: 'logged in elsewhere', at: Date.now() });
    fake.drop(1012);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(c.store.state.connection.status, 'kicked');
    assert.equal(fake.dials, 1);
    c.sendText('d_1_2', 'too late');
    assert.equal(c.store.thread('d_1_2').pending[0]?.status, 'failed');
  });

  it('a policy close (4401/1008) stops automatic attempts until asked', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(online(c));
    fake.drop(4401, 'origin not allowed');
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(c.store.state.connection.status, 'refused');
    assert.equal(fake.dials, 1);
    c.reconnectNow();
    await until(online(c));
    assert.equal(fake.dials, 2);
  });
});
