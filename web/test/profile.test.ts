// The client core's side of PROFILE_UPDATE / PROFILE_NOTIFY (Parley, issue 4), against the
// scripted ChatServer: own edits update `me`, a friend's new card reaches every place the store
// shows it, and bad input is refused with BAD_REQUEST before or by the server.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ErrorCode, Limits, MsgType } from '@parley/proto';
import { ChatClient } from '../lib/chat/client';
import { profileProblem, withCard } from '../lib/chat/profile';
import { initialState } from '../lib/chat/store';
import { ChatError } from '../lib/chat/requests';
import { FakeChat, until } from './helpers/fake-chat';

const XSS = '<img src=x onerror=alert(1)>';
const clients: ChatClient[] = [];

function start(fake: FakeChat): ChatClient {
  const c = new ChatClient({
    uid: '1',
    token: 'good',
    me: { uid: '1', username: 'me', nick: '', avatar: '', bio: '' },
    url: () => Promise.resolve('ws://fake/ws?server=chat-1'),
    transport: fake.transport,
    backoff: { baseMs: 2, maxMs: 10, factor: 2 },
  });
  clients.push(c);
  c.start();
  return c;
}

const ready = (c: ChatClient) => () =>
  c.store.state.connection.status === 'online' &&
  !c.store.state.connection.syncing &&
  c.store.state.friendsLoaded;

afterEach(() => {
  for (const c of clients.splice(0)) c.stop();
});

describe('profile (client core)', () => {
  it('updateProfile sends PROFILE_UPDATE and keeps the stored card as me', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(ready(c));
    const card = await c.updateProfile({ nick: `  ${XSS} `, bio: 'hi', avatar: '🐱' });
    assert.deepEqual(fake.sentOf(MsgType.PROFILE_UPDATE).at(-1), {
      nick: `  ${XSS} `,
      bio: 'hi',
      avatar: '🐱',
      reqId: fake.sentOf(MsgType.PROFILE_UPDATE).at(-1)?.['reqId'],
    });
    assert.deepEqual(card, { uid: '1', username: 'me', nick: XSS, bio: 'hi', avatar: '🐱' });
    assert.deepEqual(c.store.state.me, card);
  });

  it('refuses bad input locally, and reports what the server refuses', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(ready(c));
    for (const patch of [{}, { nick: '  ' }, { nick: 'n'.repeat(Limits.NICK_MAX + 1) }]) {
      await assert.rejects(
        c.updateProfile(patch),
        (e: unknown) => e instanceof ChatError && e.code === ErrorCode.BAD_REQUEST,
      );
    }
    assert.equal(fake.sentOf(MsgType.PROFILE_UPDATE).length, 0);
    assert.match(profileProblem({ bio: 'b'.repeat(Limits.BIO_MAX + 1) }) ?? '', /status/);
    assert.equal(c.store.state.me.nick, 'Me');
  });

  it('applies PROFILE_NOTIFY to the friend, the conversation peer and requests', async () => {
    const fake = new FakeChat();
    const c = start(fake);
    await until(ready(c));
    await until(() => c.store.state.conversations['d_1_2']?.peer?.nick === 'Peer');
    const card = { ...fake.peer, nick: XSS, bio: 'new bio', avatar: '🐶' };
    fake.push(MsgType.PROFILE_NOTIFY, { user: card });
    await until(() => c.store.state.friends['2']?.nick === XSS);
    const f = c.store.state.friends['2'];
    assert.equal(f?.bio, 'new bio');
    assert.equal(f?.avatar, '🐶');
    assert.equal(f?.online, true, 'presence kept');
    assert.equal(f?.conversationId, 'd_1_2', 'conversation kept');
    assert.deepEqual(c.store.state.conversations['d_1_2']?.peer, card);
    // Junk is ignored.
    fake.push(MsgType.PROFILE_NOTIFY, { user: { nick: 'no uid' } });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(c.store.state.friends['2']?.nick, XSS);
  });

  it('updates an open group’s member list, keeping role, join time and read cursor', () => {
    const me = { uid: '1', username: 'me', nick: 'Me', avatar: '', bio: '' };
    const peer = { uid: '2', username: 'peer', nick: 'Peer', avatar: '', bio: '' };
    const other = { uid: '3', username: 'other', nick: 'Other', avatar: '', bio: '' };
    const s = {
      ...initialState(me),
      groupMembers: {
        g1: [
          { ...peer, role: 'owner' as const, joinedAt: 5, readSeq: 7 },
          { ...other, role: 'member' as const, joinedAt: 6 },
        ],
        g2: [{ ...other, role: 'owner' as const, joinedAt: 1 }],
      },
    };
    const card = { ...peer, nick: XSS, avatar: '🐶' };
    const next = withCard(s, card);
    assert.deepEqual(next.groupMembers['g1']?.[0], {
      ...card,
      role: 'owner',
      joinedAt: 5,
      readSeq: 7,
    });
    assert.equal(next.groupMembers['g1']?.[1], s.groupMembers.g1[1], 'others untouched');
    assert.equal(next.groupMembers['g2'], s.groupMembers.g2, 'lists without the user kept as is');
    assert.equal(withCard(s, { ...other, uid: '9' }).groupMembers, s.groupMembers);
  });
});
