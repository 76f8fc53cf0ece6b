// The client core as one of several devices of a user (PROTOCOL.md §9.2), against the scripted
// ChatServer: LOGIN names the device, KICKED's reason and `by` reach the store, READ_NOTIFY with
// one's own uid clears the unread count, and one's own message sent elsewhere is not unread.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { ChatClient } from '../lib/chat/client';
import { arrivals } from '../lib/chat/arrivals';
import { unreadOf } from '../lib/chat/store';
import { FakeChat, until } from './helpers/fake-chat';

const ME = '1';
const DEVICE = { deviceId: 'dev_abcdefgh1234', deviceName: 'Chrome on Linux' };
const clients: ChatClient[] = [];

function start(fake: FakeChat): ChatClient {
  const c = new ChatClient({
    uid: ME,
    token: 'good',
    me: { uid: ME, username: 'me', nick: '', avatar: '', bio: '' },
    device: DEVICE,
    url: () => Promise.resolve('ws://fake/ws?server=chat-1'),
    transport: fake.transport,
    backoff: { baseMs: 2, maxMs: 10, factor: 2 },
  });
  clients.push(c);
  c.start();
  return c;
}

const synced = (c: ChatClient) => () =>
  c.store.state.connection.status === 'online' &&
  !c.store.state.connection.syncing &&
  c.store.thread('d_1_2').loaded;
const unread = (c: ChatClient) => {
  const conv = c.store.state.conversations['d_1_2'];
  return conv ? unreadOf(conv) : -1;
};

afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
});

describe('ChatClient as one device of several', () => {
  it('LOGIN carries the deviceId and deviceName', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(synced(c));
    const login = fake.frames[0];
    assert.equal(login?.type, MsgType.LOGIN);
    assert.equal(login.body['deviceId'], DEVICE.deviceId);
    assert.equal(login.body['deviceName'], DEVICE.deviceName);
  });

  it('READ_NOTIFY with my own uid (read on another device) clears the unread count up to seq', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'one');
    fake.store('d_1_2', 'two');
    fake.store('d_1_2', 'three');
    const c = start(fake);
    await until(synced(c));
    assert.equal(unread(c), 3);
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: ME, seq: 2 });
    await until(() => unread(c) === 1, 2_000, 'read up to 2 elsewhere');
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: ME, seq: 3 });
    await until(() => unread(c) === 0, 2_000, 'read up to 3 elsewhere');
    // An older cursor never moves it back.
    fake.push(MsgType.READ_NOTIFY, { conversationId: 'd_1_2', uid: ME, seq: 1 });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(unread(c), 0);
    // The peer's READ_NOTIFY is a receipt, not my cursor.
    assert.equal(c.store.state.conversations['d_1_2']?.peerReadSeq, 0);
  });

  it('my message sent on another device shows as mine, is not unread and is no arrival', async () => {
    const fake = new FakeChat();
    fake.store('d_1_2', 'hi from the friend');
    const c = start(fake);
    await until(synced(c));
    assert.equal(unread(c), 1);
    const before = c.store.state.conversations;
    fake.push(MsgType.MSG_NOTIFY, { message: fake.store('d_1_2', 'answered on my phone', ME) });
    await until(() => c.store.thread('d_1_2').items.length === 2, 2_000, 'pushed');
    const mine = c.store.thread('d_1_2').items[1];
    assert.equal(mine?.from, ME);
    assert.equal(mine.text, 'answered on my phone');
    assert.equal(c.store.thread('d_1_2').pending.length, 0);
    // §5: a sender has read everything up to its own message, on every device.
    assert.equal(unread(c), 0);
    assert.deepEqual(arrivals(before, c.store.state.conversations, ME), []);
  });

  it('KICKED keeps its reason and `by` for the notice, and stops reconnecting', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(synced(c));
    const kick = {
      reason: 'replaced',
      at: 1_700_000_000_000,
      by: { deviceId: 'other_device_1', deviceName: 'Firefox on Windows', ip: '203.0.113.7' },
    };
    fake.push(MsgType.KICKED, kick);
    fake.drop(1012);
    await until(() => c.store.state.connection.status === 'kicked');
    assert.deepEqual(c.store.state.connection.kick, kick);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.dials, 1);
  });

  it('a KICKED body outside the contract still ends the session, with no details', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(synced(c));
    fake.push(MsgType.KICKED, { reason: 'replaced', at: 'yesterday' });
    await until(() => c.store.state.connection.status === 'kicked');
    assert.equal(c.store.state.connection.kick, null);
  });
});
