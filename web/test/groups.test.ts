// Group chats in the client core (PROTOCOL.md §3 2001–2007, Parley's GROUP_RENAME/MEMBERS):
// creating from friends, GROUP_NOTIFY applied to the conversation with its event line, leaving,
// the member list with roles, and the lines' wording from each member's point of view.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { MsgType } from '@parley/proto';
import { displayName } from '../lib/chat/format';
import { groupNoticeText, groupProblem } from '../lib/chat/groups';
import { toConversation } from '../lib/chat/normalize';
import type { GroupNotice, UserCard } from '../lib/chat/types';
import { ready, startClient, stopClients } from './helpers/clients';
import { FakeChat, until } from './helpers/fake-chat';

afterEach(stopClients);

const card = (uid: string, nick: string): UserCard => ({
  uid,
  username: nick.toLowerCase(),
  nick,
  avatar: '',
  bio: '',
});
const ALICE = card('1', 'Alice');
const BOB = card('2', 'bob');
const CAROL = card('3', 'Carol');
const line = (n: Pick<GroupNotice, 'event' | 'by' | 'users' | 'name'>, me = '1') =>
  groupNoticeText(n, me, (c) => displayName(c));

describe('groupNoticeText', () => {
  it('says who did what, with "you" for this user and names in their own case', () => {
    const base = { name: 'Hikers', users: [] as UserCard[] };
    assert.equal(line({ ...base, event: 'created', by: ALICE }), 'You created the group chat');
    assert.equal(line({ ...base, event: 'created', by: BOB }), 'bob invited you to the group chat');
    assert.equal(
      line({ ...base, event: 'joined', by: BOB, users: [CAROL] }),
      'bob invited Carol to the group chat',
    );
    assert.equal(
      line({ ...base, event: 'joined', by: ALICE, users: [BOB, CAROL] }),
      'You invited bob and Carol to the group chat',
    );
    assert.equal(
      line({ ...base, event: 'joined', by: BOB, users: [ALICE, CAROL] }),
      'bob invited you and Carol to the group chat',
    );
    assert.equal(line({ ...base, event: 'joined', users: [CAROL] }), 'Carol joined the group chat');
    assert.equal(
      line({ ...base, event: 'left', by: BOB, users: [BOB] }),
      'bob left the group chat',
    );
    assert.equal(
      line({ ...base, event: 'renamed', by: CAROL }),
      'Carol changed the group name to "Hikers"',
    );
    assert.equal(
      line({ ...base, event: 'renamed', by: ALICE }),
      'You changed the group name to "Hikers"',
    );
  });
});

describe('groupProblem', () => {
  it('wants a name and at least one friend, within the server’s bounds', () => {
    assert.equal(groupProblem('  ', ['2']), 'Give the group a name.');
    assert.equal(groupProblem('x'.repeat(65), ['2']), 'The name can be at most 64 characters.');
    assert.equal(groupProblem('Hikers', []), 'Pick at least one friend.');
    assert.equal(groupProblem(' Hikers ', ['2']), null);
  });
});

describe('groups (client core)', () => {
  it('keeps memberCount and ownerUid from the wire', () => {
    const c = toConversation({
      conversationId: 'g_1',
      kind: 'group',
      group: {
        groupId: 'g',
        conversationId: 'g_1',
        name: 'x',
        members: [],
        memberCount: 120,
        ownerUid: '7',
      },
      lastSeq: 0,
      readSeq: 0,
      unread: 0,
    });
    assert.equal(c?.group?.memberCount, 120);
    assert.equal(c?.group?.ownerUid, '7');
  });

  it('createGroup sends GROUP_CREATE and lists the new conversation with its first line', async () => {
    const fake = new FakeChat();
    const c = startClient(fake);
    await until(ready(c));
    const cid = await c.createGroup('  Hikers ', ['2', '3']);
    const sent = fake.sentOf(MsgType.GROUP_CREATE)[0];
    assert.equal(sent?.['name'], 'Hikers');
    assert.deepEqual(sent?.['memberUids'], ['2', '3']);
    const conv = c.store.state.conversations[cid];
    assert.equal(conv?.kind, 'group');
    assert.equal(conv?.group?.name, 'Hikers');
    assert.equal(conv?.group?.ownerUid, '1');
    const [notice] = c.store.state.notices[cid] ?? [];
    assert.equal(notice?.event, 'created');
    assert.equal(notice?.afterSeq, 0);
    await until(() => c.store.thread(cid).loaded, 2_000, 'thread loaded');
  });

  it('GROUP_NOTIFY for a new group refreshes the list; its line goes before any message', async () => {
    const fake = new FakeChat();
    const c = startClient(fake);
    await until(ready(c));
    const g = fake.addGroup('Team', [fake.peer, fake.me, fake.carol]);
    fake.store(g.conversationId, 'first!');
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'created',
      group: fake.wireGroup(g),
      by: '2',
    });
    await until(() => c.store.thread(g.conversationId).items.length === 1, 2_000, 'group synced');
    const [n] = c.store.state.notices[g.conversationId] ?? [];
    assert.equal(n?.afterSeq, 0);
    assert.equal(
      groupNoticeText(n, '1', (x) => displayName(x)),
      'Peer invited you to the group chat',
    );
  });

  it('joined / left / renamed update the group and add lines; a leaver keeps their name', async () => {
    const fake = new FakeChat();
    const g = fake.addGroup('Team', [fake.peer, fake.me, fake.carol]);
    fake.store(g.conversationId, 'hello');
    const c = startClient(fake);
    await until(ready(c));
    await until(() => c.store.thread(g.conversationId).loaded);
    const cid = g.conversationId;

    g.members = g.members.filter((m) => m.uid !== '3');
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'left',
      group: fake.wireGroup(g),
      uids: ['3'],
      by: '3',
    });
    g.name = 'Team B';
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'renamed',
      group: fake.wireGroup(g),
      by: '2',
    });
    const conv = c.store.state.conversations[cid];
    assert.equal(conv?.group?.name, 'Team B');
    assert.deepEqual(
      conv?.group?.members.map((m) => m.uid),
      ['2', '1'],
    );
    const lines = (c.store.state.notices[cid] ?? []).map((n) =>
      groupNoticeText(n, '1', (x) => displayName(x)),
    );
    assert.deepEqual(lines, [
      'Carol left the group chat',
      'Peer changed the group name to "Team B"',
    ]);
    // After the message held when they happened.
    assert.deepEqual(
      (c.store.state.notices[cid] ?? []).map((n) => n.afterSeq),
      [1, 1],
    );
  });

  it('opening a group loads its stored lines (GROUP_EVENTS): they survive a reload', async () => {
    const fake = new FakeChat();
    const g = fake.addGroup('Team', [fake.peer, fake.me, fake.carol]);
    fake.store(g.conversationId, 'hello');
    fake.store(g.conversationId, 'again');
    fake.groupEvents.set(g.groupId, [
      { eventId: '1', event: 'created', by: '2', uids: ['1'], name: 'Team', afterSeq: 0, at: 1 },
      { eventId: '4', event: 'joined', by: '1', uids: ['3'], name: 'Team', afterSeq: 1, at: 2 },
      { eventId: '5', event: 'left', by: '9', uids: ['9'], name: 'Team', afterSeq: 2, at: 3 },
    ]);
    const c = startClient(fake);
    await until(ready(c));
    const cid = g.conversationId;
    // A push of a stored event before the list arrives, and one newer than the list.
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'joined',
      group: fake.wireGroup(g),
      uids: ['3'],
      by: '1',
      eventId: '4',
      afterSeq: 1,
      at: 2,
    });
    await until(() => (c.store.state.notices[cid]?.length ?? 0) === 1, 2_000, 'pushed line');
    c.setActive(cid);
    await until(() => fake.sentOf(MsgType.GROUP_EVENTS).length === 1, 2_000, 'GROUP_EVENTS');
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'renamed',
      group: { ...fake.wireGroup(g), name: 'Team B' },
      by: '2',
      eventId: '6',
      afterSeq: 2,
      at: 4,
    });
    await until(() => (c.store.state.notices[cid]?.length ?? 0) === 4, 2_000, 'all lines');
    const notices = c.store.state.notices[cid] ?? [];
    assert.deepEqual(
      notices.map((n) => [groupNoticeText(n, '1', (x) => displayName(x)), n.afterSeq]),
      [
        ['Peer invited you to the group chat', 0],
        ['You invited Carol to the group chat', 1],
        // Someone who has left since is named by the card GROUP_EVENTS sent.
        ['u9 left the group chat', 2],
        ['Peer changed the group name to "Team B"', 2],
      ],
    );
    // Once per connection: opening it again asks nothing.
    c.setActive(null);
    c.setActive(cid);
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(fake.sentOf(MsgType.GROUP_EVENTS).length, 1);
  });

  it('the member list comes with roles; invite, rename and leave go through', async () => {
    const fake = new FakeChat();
    const c = startClient(fake);
    await until(ready(c));
    const cid = await c.createGroup('Mine', ['2']);
    const groupId = c.store.state.conversations[cid]!.group!.groupId;

    const members = await c.loadGroupMembers(groupId);
    assert.deepEqual(
      members.map((m) => [m.uid, m.role]),
      [
        ['1', 'owner'],
        ['2', 'member'],
      ],
    );
    assert.equal(c.store.state.groupMembers[groupId]?.length, 2);

    await c.inviteToGroup(groupId, ['3']);
    assert.deepEqual(fake.sentOf(MsgType.GROUP_INVITE)[0]?.['uids'], ['3']);
    assert.equal(c.store.state.conversations[cid]?.group?.members.length, 3);

    await c.renameGroup(groupId, ' Ours ');
    assert.equal(fake.sentOf(MsgType.GROUP_RENAME)[0]?.['name'], 'Ours');
    assert.equal(c.store.state.conversations[cid]?.group?.name, 'Ours');

    await c.leaveGroup(groupId);
    assert.equal(c.store.state.conversations[cid], undefined);
    assert.equal(c.store.state.groupMembers[groupId], undefined);
    assert.equal(c.store.state.threads[cid], undefined);
  });

  it('a "left" push naming this user removes the conversation', async () => {
    const fake = new FakeChat();
    const g = fake.addGroup('Team', [fake.peer, fake.me]);
    const c = startClient(fake);
    await until(ready(c));
    assert.ok(c.store.state.conversations[g.conversationId]);
    fake.push(MsgType.GROUP_NOTIFY, {
      groupId: g.groupId,
      event: 'left',
      group: fake.wireGroup({ ...g, members: [fake.peer] }),
      uids: ['1'],
      by: '1',
    });
    assert.equal(c.store.state.conversations[g.conversationId], undefined);
  });
});
