// The group rules of servers/chat/src/data/groups/policy.ts and the wire shapes of wire.ts, on
// plain values without a database: the system suites (servers/launcher/test/helpers/group-suite.ts)
// show them through the protocol in both modes; these pin each rule and its error code alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, Group, GroupEventEntry, GroupMember, ParleyError } from '@parley/proto';
import {
  GROUP_PREVIEW_MAX,
  byJoin,
  groupName,
  heirOnLeave,
  idsOf,
  newcomers,
  ownerFirst,
  requireFriends,
  requireMembership,
  requireOwner,
  requireRoom,
} from '../src/data/groups/policy';
import { entryOf, groupOf, membersOf, namedIn } from '../src/data/groups/wire';
import type { GroupMemberRow } from '../src/data/groups/store';

/** Asserts that `fn` throws a ParleyError with `code`. */
function throwsCode(fn: () => unknown, code: number): void {
  assert.throws(fn, (e: unknown) => e instanceof ParleyError && e.code === code);
}

const at = (ms: number) => new Date(ms);
const row = (userId: number, joined: number, role = 'member'): GroupMemberRow => ({
  userId,
  role,
  joinedAt: at(joined),
});
const card = (uid: number) => ({
  uid: String(uid),
  username: `u${uid}`,
  nick: `U ${uid}`,
  avatar: '',
  bio: '',
});

describe('group policy', () => {
  it('trims names and refuses a blank one with BAD_REQUEST', () => {
    assert.equal(groupName('  Hikers \n'), 'Hikers');
    throwsCode(() => groupName(' \t '), ErrorCode.BAD_REQUEST);
  });

  it('reads uids as ids without duplicates or oneself; a malformed uid is NOT_FOUND', () => {
    assert.deepEqual(idsOf(['3', '2', '3', '7'], 7), [3, 2]);
    assert.deepEqual(idsOf([], 1), []);
    throwsCode(() => idsOf(['2', 'abc'], 1), ErrorCode.NOT_FOUND);
    throwsCode(() => idsOf(['0'], 1), ErrorCode.NOT_FOUND);
  });

  it('allows up to max members and refuses one more with CONFLICT', () => {
    requireRoom(1, 2, 3);
    requireRoom(3, 0, 3);
    throwsCode(() => requireRoom(1, 3, 3), ErrorCode.CONFLICT);
    throwsCode(() => requireRoom(3, 1, 3), ErrorCode.CONFLICT);
  });

  it('lets members through and refuses anyone else with FORBIDDEN', () => {
    requireMembership([1, 2, 3], 2);
    requireMembership(new Set([5]), 5);
    throwsCode(() => requireMembership([1, 2], 9), ErrorCode.FORBIDDEN);
    throwsCode(() => requireMembership([], 1), ErrorCode.FORBIDDEN);
  });

  it('lets only the current owner rename', () => {
    requireOwner(4, 4);
    throwsCode(() => requireOwner(4, 5), ErrorCode.FORBIDDEN);
    throwsCode(() => requireOwner(null, 4), ErrorCode.FORBIDDEN);
  });

  it('invites only those not yet members, in the order asked', () => {
    assert.deepEqual(newcomers([5, 2, 9], new Set([1, 2])), [5, 9]);
    assert.deepEqual(newcomers([1, 2], new Set([1, 2])), []);
  });

  it('adds only existing users (else NOT_FOUND, reported first) who are friends (else FORBIDDEN)', () => {
    requireFriends([2, 3], new Set([2, 3]), new Set([2, 3, 4]));
    requireFriends([], new Set(), new Set());
    throwsCode(() => requireFriends([2, 3], new Set([2, 3]), new Set([2])), ErrorCode.FORBIDDEN);
    throwsCode(() => requireFriends([2, 3], new Set([2]), new Set([2])), ErrorCode.NOT_FOUND);
    // A stranger before an unknown user: the unknown one still decides the code.
    throwsCode(() => requireFriends([2, 3], new Set([2]), new Set()), ErrorCode.NOT_FOUND);
  });

  it('orders by join time, then uid, with the owner first', () => {
    const rows = [row(9, 20), row(4, 10), row(3, 20), row(1, 30, 'owner')];
    assert.deepEqual(
      [...rows].sort(byJoin).map((r) => r.userId),
      [4, 3, 9, 1],
    );
    assert.deepEqual(
      ownerFirst([...rows].sort(byJoin), 1).map((r) => r.userId),
      [1, 4, 3, 9],
    );
    assert.deepEqual(
      ownerFirst([row(2, 1)], 1).map((r) => r.userId),
      [2],
    );
  });

  it('hands the group to the longest-standing member when the owner leaves, else to nobody', () => {
    const left = [row(8, 50), row(6, 10), row(5, 10)];
    assert.equal(heirOnLeave(1, 1, left), 5);
    assert.equal(heirOnLeave(1, 6, left), null, 'a member leaving moves no ownership');
    assert.equal(heirOnLeave(1, 1, []), null, 'the last one out leaves an empty group');
  });
});

describe('group wire shapes', () => {
  it('builds a Group proto accepts, with at most GROUP_PREVIEW_MAX cards and the full count', () => {
    const n = GROUP_PREVIEW_MAX + 5;
    const members = Array.from({ length: n }, (_, i) =>
      row(i + 1, i, i === 0 ? 'owner' : 'member'),
    );
    // User 3 has no card (deleted): it is left out of the preview, not shown empty.
    const cards = new Map(
      members.filter((m) => m.userId !== 3).map((m) => [String(m.userId), card(m.userId)]),
    );
    const head = { id: 'gabc', name: 'Hikers', ownerId: 1, conversationId: 'g_gabc' };
    const g = Group.parse(groupOf(head, members, n, cards));
    assert.equal(g.members.length, GROUP_PREVIEW_MAX - 1);
    assert.deepEqual(
      g.members.slice(0, 3).map((c) => c.uid),
      ['1', '2', '4'],
    );
    assert.equal(g.memberCount, n);
    assert.equal(g.ownerUid, '1');
    assert.equal(g.groupId, 'gabc');
    assert.equal(g.conversationId, 'g_gabc');
  });

  it('lists members with role, join time and read cursor (0 when none is stored)', () => {
    const cards = new Map([
      ['1', card(1)],
      ['2', card(2)],
    ]);
    const list = membersOf([row(1, 5, 'owner'), row(2, 7), row(3, 9)], cards, new Map([[1, 12]]));
    assert.deepEqual(
      list.map((m) => GroupMember.parse(m)).map((m) => [m.uid, m.role, m.joinedAt, m.readSeq]),
      [
        ['1', 'owner', 5, 12],
        ['2', 'member', 7, 0],
      ],
    );
    assert.throws(() => membersOf([row(1, 5, 'king')], cards, new Map()));
  });

  it('turns stored event lines into entries and names everyone they mention', () => {
    const joined = entryOf({
      id: 7n,
      event: 'joined',
      byId: 1,
      uids: '2,3',
      name: 'H',
      afterSeq: 4,
      at: 99n,
    });
    const renamed = entryOf({
      id: 8n,
      event: 'renamed',
      byId: 5,
      uids: '',
      name: 'K',
      afterSeq: 4,
      at: 100n,
    });
    assert.deepEqual(GroupEventEntry.parse(joined), {
      eventId: '7',
      event: 'joined',
      by: '1',
      uids: ['2', '3'],
      name: 'H',
      afterSeq: 4,
      at: 99,
    });
    assert.equal('uids' in renamed, false);
    assert.deepEqual(namedIn([joined, renamed]).sort(), ['1', '2', '3', '5']);
    assert.throws(() =>
      entryOf({ id: 9n, event: 'exploded', byId: 1, uids: '', name: '', afterSeq: 0, at: 0n }),
    );
  });
});
