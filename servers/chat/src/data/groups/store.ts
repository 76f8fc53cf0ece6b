// Group storage (issue 5): a chat_groups row, its conversation (kind "group", id `g_<groupId>`),
// one members row per member with its role, and the group_events lines. Queries and transactions
// only; the rules (who may, how many, who inherits) are in policy.ts and are applied by index.ts.
//
// Invites, leaves and renames run in locked(): a transaction that first locks the conversation
// row, the same lock SEND_MSG's seq allocation takes (data/message-writer.ts), so a membership
// change is ordered against messages: whoever joins starts at the lastSeq of that moment.
import type { DbClient } from '@parley/db';
import type { GroupEvent } from '@parley/proto';
import { GROUP_PREVIEW_MAX } from './policy';

/** A member: who, with which role, since when. */
export interface GroupMemberRow {
  userId: number;
  role: string;
  joinedAt: Date;
}

/** A chat_groups row: the group without its members. */
export interface GroupHead {
  id: string;
  name: string;
  ownerId: number;
  conversationId: string;
}

/** A group with every member, owner first, then in join order. */
export interface GroupInfo extends GroupHead {
  members: GroupMemberRow[];
}

/** A stored group event line (group_events); wire.ts's entryOf makes it a GroupEventEntry. */
export interface EventRow {
  id: bigint;
  event: string;
  byId: number;
  uids: string;
  name: string;
  afterSeq: number;
  at: bigint;
}

/** An event line to store. */
export interface NewEvent {
  event: GroupEvent;
  byId: number;
  uids?: readonly number[];
  name: string;
  afterSeq: number;
}

type Tx = Omit<DbClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const MEMBER = { userId: true, role: true, joinedAt: true } as const;
/** Longest-standing first; members added together (one GROUP_CREATE) by uid (policy.byJoin). */
const JOIN_ORDER = [{ joinedAt: 'asc' as const }, { userId: 'asc' as const }];

/** Stores one event line in `tx`, so that it lands with the change it tells of. */
const record = (tx: Tx, groupId: string, e: NewEvent): Promise<EventRow> =>
  tx.groupEvent.create({
    data: {
      groupId,
      event: e.event,
      byId: e.byId,
      uids: (e.uids ?? []).join(','),
      name: e.name,
      afterSeq: e.afterSeq,
      at: BigInt(Date.now()),
    },
  });

/** What may be done to one group inside locked(). */
function lockedOps(tx: Tx, groupId: string, conversationId: string) {
  const key = (userId: number) => ({ conversationId_userId: { conversationId, userId } });
  return {
    record: (e: NewEvent) => record(tx, groupId, e),
    /** The group's owner and name as stored now (a rename or hand-off may have come after it
     *  was loaded). */
    head: () =>
      tx.group.findUnique({ where: { id: groupId }, select: { ownerId: true, name: true } }),
    async memberIds(): Promise<Set<number>> {
      const rows = await tx.member.findMany({
        where: { conversationId },
        select: { userId: true },
      });
      return new Set(rows.map((r) => r.userId));
    },
    isMember: async (userId: number): Promise<boolean> =>
      (await tx.member.findUnique({ where: key(userId), select: { role: true } })) !== null,
    /** New members whose ACK and READ cursors start at `lastSeq`: nothing older is pushed to
     *  them or counted unread. */
    addMembers: (ids: readonly number[], joinedAt: Date, lastSeq: number) =>
      tx.member.createMany({
        data: ids.map((userId) => ({
          conversationId,
          userId,
          role: 'member',
          joinedAt,
          ackSeq: lastSeq,
          readSeq: lastSeq,
        })),
      }),
    removeMember: (userId: number) => tx.member.delete({ where: key(userId) }),
    /** The longest-standing member (none when the group is empty). */
    longestStanding: (): Promise<GroupMemberRow[]> =>
      tx.member.findMany({
        where: { conversationId },
        select: MEMBER,
        orderBy: JOIN_ORDER,
        take: 1,
      }),
    async setOwner(userId: number): Promise<void> {
      await tx.member.update({ where: key(userId), data: { role: 'owner' } });
      await tx.group.update({ where: { id: groupId }, data: { ownerId: userId } });
    },
    rename: (name: string) => tx.group.update({ where: { id: groupId }, data: { name } }),
  };
}
export type LockedGroup = ReturnType<typeof lockedOps>;

export function createGroupStore(p: DbClient) {
  return {
    /** The group with every member in join order, or null. */
    async load(groupId: string): Promise<{ head: GroupHead; members: GroupMemberRow[] } | null> {
      const head = await p.group.findUnique({ where: { id: groupId } });
      if (!head) return null;
      const members = await p.member.findMany({
        where: { conversationId: head.conversationId },
        select: MEMBER,
        orderBy: JOIN_ORDER,
      });
      return { head, members };
    },

    /** Which of `ids` are users, and which of them are friends of `of`. */
    async usersAndFriends(
      of: number,
      ids: readonly number[],
    ): Promise<{ existing: Set<number>; friends: Set<number> }> {
      const wanted = [...ids];
      const [known, friends] = await Promise.all([
        p.user.findMany({ where: { id: { in: wanted } }, select: { id: true } }),
        p.friendship.findMany({
          where: { userId: of, friendId: { in: wanted } },
          select: { friendId: true },
        }),
      ]);
      return {
        existing: new Set(known.map((u) => u.id)),
        friends: new Set(friends.map((f) => f.friendId)),
      };
    },

    /** Every member's READ cursor, read now: cursors move all the time, so never cached. */
    async readCursors(conversationId: string): Promise<Map<number, number>> {
      const rows = await p.member.findMany({
        where: { conversationId },
        select: { userId: true, readSeq: true },
      });
      return new Map(rows.map((c) => [c.userId, c.readSeq]));
    },

    /** The groups of `conversationIds` with their member counts and, for each, the owner's row
     *  and the first GROUP_PREVIEW_MAX others in join order: one bounded query per group, so a
     *  user in many large groups reads at most that many rows per group, plus one count query. */
    async previews(
      conversationIds: readonly string[],
    ): Promise<{ head: GroupHead; members: GroupMemberRow[]; count: number }[]> {
      const ids = [...conversationIds];
      const [groups, counts] = await Promise.all([
        p.group.findMany({ where: { conversationId: { in: ids } } }),
        p.member.groupBy({
          by: ['conversationId'],
          where: { conversationId: { in: ids } },
          _count: { _all: true },
        }),
      ]);
      const total = new Map(counts.map((c) => [c.conversationId, c._count._all]));
      return Promise.all(
        groups.map(async (head) => {
          const [owner, rest] = await Promise.all([
            p.member.findMany({
              where: { conversationId: head.conversationId, userId: head.ownerId },
              select: MEMBER,
            }),
            p.member.findMany({
              where: { conversationId: head.conversationId, userId: { not: head.ownerId } },
              select: MEMBER,
              orderBy: JOIN_ORDER,
              take: GROUP_PREVIEW_MAX,
            }),
          ]);
          return { head, members: [...owner, ...rest], count: total.get(head.conversationId) ?? 0 };
        }),
      );
    },

    /** Group, conversation, members (owner first) and the "created" line, in one transaction. */
    insert(head: GroupHead, memberIds: readonly number[], joinedAt: Date): Promise<EventRow> {
      const { id, name, ownerId, conversationId } = head;
      const others = memberIds.filter((userId) => userId !== ownerId);
      return p.$transaction(async (tx) => {
        await tx.conversation.create({ data: { id: conversationId, kind: 'group', groupId: id } });
        await tx.group.create({ data: { id, name, ownerId, conversationId } });
        await tx.member.createMany({
          data: [
            { conversationId, userId: ownerId, role: 'owner', joinedAt },
            ...others.map((userId) => ({ conversationId, userId, role: 'member', joinedAt })),
          ],
        });
        return record(tx, id, { event: 'created', byId: ownerId, uids: others, name, afterSeq: 0 });
      });
    },

    /** Runs `fn` in a transaction holding the conversation's row lock (MariaDB: the same lock the
     *  message writer's seq UPDATE needs; SQLite: the one write lock), with the lastSeq of that
     *  moment (null: no such conversation). */
    locked<T>(
      g: GroupHead,
      fn: (ops: LockedGroup, lastSeq: number | null) => Promise<T>,
    ): Promise<T> {
      return p.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          'UPDATE conversations SET lastSeq = lastSeq WHERE id = ?',
          g.conversationId,
        );
        const c = await tx.conversation.findUnique({
          where: { id: g.conversationId },
          select: { lastSeq: true },
        });
        return fn(lockedOps(tx, g.id, g.conversationId), c?.lastSeq ?? null);
      });
    },

    /** The newest `limit` event lines, oldest first. */
    async events(groupId: string, limit: number): Promise<EventRow[]> {
      const rows = await p.groupEvent.findMany({
        where: { groupId },
        orderBy: { id: 'desc' },
        take: limit,
      });
      return rows.reverse();
    },
  };
}

export type GroupStore = ReturnType<typeof createGroupStore>;
