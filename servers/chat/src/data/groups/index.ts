// Groups (issue 5) as the handlers and server.ts use them: each operation reads through the
// store (store.ts), decides by the rules (policy.ts) and answers in proto's shapes (wire.ts).
// Decisions that depend on rows another request may change (is the inviter still a member, is
// there still room, who owns it now) are taken again inside the store's locked transaction.
import { randomBytes } from 'node:crypto';
import type { Db } from '@parley/db';
import {
  groupConversationId,
  type Group,
  type GroupEventEntry,
  type GroupMember,
  type UserCard,
} from '@parley/proto';
import type { UserData } from '../users';
import {
  heirOnLeave,
  idsOf,
  newcomers,
  noGroup,
  notMember,
  ownerFirst,
  requireFriends,
  requireMembership,
  requireOwner,
  requireRoom,
} from './policy';
import { createGroupStore, type GroupInfo, type LockedGroup } from './store';
import { entryOf, groupOf, membersOf, namedIn, previewUids } from './wire';

export { GROUP_PREVIEW_MAX, groupName } from './policy';
export type { GroupInfo, GroupMemberRow } from './store';

/** Random bytes in a groupId: 64 bits, so ids are neither guessable nor colliding in practice. */
const GROUP_ID_BYTES = 8;

export const newGroupId = (): string => `g${randomBytes(GROUP_ID_BYTES).toString('hex')}`;

const memberIdsOf = (g: GroupInfo) => g.members.map((m) => m.userId);

export function createGroupData(db: Db, users: UserData) {
  const store = createGroupStore(db.prisma);

  async function load(groupId: string): Promise<GroupInfo | null> {
    const found = await store.load(groupId);
    return found && { ...found.head, members: ownerFirst(found.members, found.head.ownerId) };
  }

  /** Each id an existing user (else NOT_FOUND) and a friend of `of` (else FORBIDDEN). */
  async function checkFriends(of: number, ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    const { existing, friends } = await store.usersAndFriends(of, ids);
    requireFriends(ids, existing, friends);
  }

  /** store.locked for a group that must still exist (its conversation row is what is locked). */
  const underLock = <T>(g: GroupInfo, fn: (ops: LockedGroup, lastSeq: number) => Promise<T>) =>
    store.locked(g, (ops, lastSeq) => {
      if (lastSeq === null) throw noGroup();
      return fn(ops, lastSeq);
    });

  return {
    load,

    /** The group as stored now, which must exist (after a change). */
    async reload(groupId: string): Promise<GroupInfo> {
      const g = await load(groupId);
      if (!g) throw noGroup();
      return g;
    },

    /** The group, if uid is a member: unknown → NOT_FOUND, not a member → FORBIDDEN. */
    async requireMember(groupId: string, uid: number): Promise<GroupInfo> {
      const g = await load(groupId);
      if (!g) throw noGroup();
      requireMembership(memberIdsOf(g), uid);
      return g;
    },

    /** The wire `Group` of a loaded group: the first GROUP_PREVIEW_MAX members as cards. */
    async toGroup(g: GroupInfo): Promise<Group> {
      return groupOf(g, g.members, g.members.length, await users.cards(previewUids(g.members)));
    },

    /** GROUP_MEMBERS: every member's card with role, join time and read cursor, owner first.
     *  Cursors move all the time, so they are read now, not from the cached group. */
    async memberList(g: GroupInfo): Promise<GroupMember[]> {
      const [cards, readSeq] = await Promise.all([
        users.cards(g.members.map((m) => String(m.userId))),
        store.readCursors(g.conversationId),
      ]);
      return membersOf(g.members, cards, readSeq);
    },

    /** CONVERSATIONS: the wire `Group` of each group conversation among `conversationIds`. */
    async summaries(conversationIds: readonly string[]): Promise<Map<string, Group>> {
      const out = new Map<string, Group>();
      if (conversationIds.length === 0) return out;
      const previews = await store.previews(conversationIds);
      const cards = await users.cards(previews.flatMap((x) => previewUids(x.members)));
      for (const { head, members, count } of previews)
        out.set(head.conversationId, groupOf(head, members, count, cards));
      return out;
    },

    /** GROUP_CREATE: the creator owns it; every other member must be its friend. */
    async create(
      ownerId: number,
      name: string,
      memberUids: readonly string[],
      max: number,
    ): Promise<{ group: GroupInfo; event: GroupEventEntry }> {
      const others = idsOf(memberUids, ownerId);
      requireRoom(1, others.length, max);
      await checkFriends(ownerId, others);
      const id = newGroupId();
      const head = { id, name, ownerId, conversationId: groupConversationId(id) };
      const joinedAt = new Date();
      const event = entryOf(await store.insert(head, others, joinedAt));
      const members = [ownerId, ...others].map((userId) => ({
        userId,
        role: userId === ownerId ? 'owner' : 'member',
        joinedAt,
      }));
      return { group: { ...head, members }, event };
    },

    /** GROUP_INVITE by a member: invitees must be its friends; members already are ignored; a
     *  new member starts at the conversation's lastSeq. Returns the ids added (maybe none) and
     *  their "joined" event. */
    async invite(
      g: GroupInfo,
      inviterId: number,
      uids: readonly string[],
      max: number,
    ): Promise<{ added: number[]; event: GroupEventEntry | null }> {
      const current = new Set(memberIdsOf(g));
      const wanted = newcomers(idsOf(uids, inviterId), current);
      if (wanted.length === 0) return { added: [], event: null };
      requireRoom(current.size, wanted.length, max);
      await checkFriends(inviterId, wanted);
      return underLock(g, async (ops, lastSeq) => {
        // Again under the lock: the inviter may have left, others joined meanwhile.
        const now = await ops.memberIds();
        requireMembership(now, inviterId);
        const added = newcomers(wanted, now);
        requireRoom(now.size, added.length, max);
        if (added.length === 0) return { added, event: null };
        await ops.addMembers(added, new Date(), lastSeq);
        const name = (await ops.head())?.name ?? g.name;
        const row = await ops.record({
          event: 'joined',
          byId: inviterId,
          uids: added,
          name,
          afterSeq: lastSeq,
        });
        return { added, event: entryOf(row) };
      });
    },

    /** GROUP_LEAVE: the member row goes; an owner hands the group on (policy.heirOnLeave). The
     *  last one out leaves an empty group (and its history) behind. Returns the "left" event. */
    async leave(g: GroupInfo, uid: number): Promise<GroupEventEntry> {
      return underLock(g, async (ops, lastSeq) => {
        if (!(await ops.isMember(uid))) throw notMember();
        await ops.removeMember(uid);
        const head = await ops.head();
        const name = head?.name ?? g.name;
        const row = await ops.record({
          event: 'left',
          byId: uid,
          uids: [uid],
          name,
          afterSeq: lastSeq,
        });
        // Only the owner's leave moves ownership, so only then is the heir looked up.
        if (head?.ownerId === uid) {
          const heir = heirOnLeave(head.ownerId, uid, await ops.longestStanding());
          if (heir !== null) await ops.setOwner(heir);
        }
        return entryOf(row);
      });
    },

    /** GROUP_RENAME: the owner only, as stored now under the lock. */
    async rename(g: GroupInfo, uid: number, name: string): Promise<GroupEventEntry> {
      return underLock(g, async (ops, lastSeq) => {
        requireOwner((await ops.head())?.ownerId ?? null, uid);
        await ops.rename(name);
        return entryOf(await ops.record({ event: 'renamed', byId: uid, name, afterSeq: lastSeq }));
      });
    },

    /** GROUP_EVENTS: the newest `limit` event lines, oldest first, with the card of everyone
     *  they name (members who have left too). */
    async events(
      groupId: string,
      limit: number,
    ): Promise<{ events: GroupEventEntry[]; users: UserCard[] }> {
      const events = (await store.events(groupId, limit)).map(entryOf);
      const cards = await users.cards(namedIn(events));
      return { events, users: [...cards.values()] };
    },
  };
}

export type GroupData = ReturnType<typeof createGroupData>;
