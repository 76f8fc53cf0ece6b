// Groups (issue 5): a chat_groups row, its conversation (kind "group", id `g_<groupId>`) and one
// members row per member with its role, all created in one transaction. Invites and leaves run in
// a transaction that first locks the conversation row, the same lock SEND_MSG's seq allocation
// takes (data/message-writer.ts), so a join is ordered against messages: whoever joins starts at
// the lastSeq of that moment.
import { randomBytes } from 'node:crypto';
import type { Db, DbClient } from '@parley/db';
import {
  ErrorCode,
  groupConversationId,
  ParleyError,
  type Group,
  type GroupEvent,
  type GroupEventEntry,
  type GroupMember,
  type GroupRole,
  type UserCard,
} from '@parley/proto';
import { userId, type UserData } from './users';

/** `group.members` carries at most this many cards (join order, owner first); `memberCount` has
 *  the total, GROUP_MEMBERS lists everybody. Keeps GROUP_NOTIFY and CONVERSATIONS small when a
 *  500-member group's notify goes to 500 people. */
export const GROUP_PREVIEW_MAX = 50;
/** Random bytes in a groupId: 64 bits, so ids are neither guessable nor colliding in practice. */
const GROUP_ID_BYTES = 8;

export const newGroupId = (): string => `g${randomBytes(GROUP_ID_BYTES).toString('hex')}`;

export interface GroupMemberRow {
  userId: number;
  role: string;
  joinedAt: Date;
}

/** A group with every member, owner first, then in join order. */
export interface GroupInfo {
  id: string;
  name: string;
  ownerId: number;
  conversationId: string;
  members: GroupMemberRow[];
}

type Tx = Omit<DbClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

const MEMBER = { userId: true, role: true, joinedAt: true } as const;
/** Longest-standing first; members added together (one GROUP_CREATE) by uid. */
const JOIN_ORDER = [{ joinedAt: 'asc' as const }, { userId: 'asc' as const }];

/** Owner first, then join order (the rows come in join order). */
const ownerFirst = (rows: GroupMemberRow[], ownerId: number): GroupMemberRow[] => [
  ...rows.filter((r) => r.userId === ownerId),
  ...rows.filter((r) => r.userId !== ownerId),
];

const forbidden = (why: string) => new ParleyError(ErrorCode.FORBIDDEN, why);
const noGroup = () => new ParleyError(ErrorCode.NOT_FOUND, 'no such group');
const tooMany = (max: number) =>
  new ParleyError(ErrorCode.CONFLICT, `a group has at most ${max} members`);

/** uids as database ids, without duplicates and without `self`; a malformed uid → NOT_FOUND. */
function idsOf(uids: readonly string[], self: number): number[] {
  const ids = new Set<number>();
  for (const uid of uids) {
    const id = userId(uid);
    if (id === null) throw new ParleyError(ErrorCode.NOT_FOUND, `no such user ${uid}`);
    if (id !== self) ids.add(id);
  }
  return [...ids];
}

interface EventRow {
  id: bigint;
  event: string;
  byId: number;
  uids: string;
  name: string;
  afterSeq: number;
  at: bigint;
}

const toEntry = (r: EventRow): GroupEventEntry => ({
  eventId: String(r.id),
  event: r.event as GroupEvent,
  by: String(r.byId),
  ...(r.uids ? { uids: r.uids.split(',') } : {}),
  name: r.name,
  afterSeq: r.afterSeq,
  at: Number(r.at),
});

export function createGroupData(db: Db, users: UserData) {
  const p = db.prisma;

  /** Stores one event line (in the caller's transaction, so it lands with the change). */
  async function record(
    tx: Tx,
    groupId: string,
    e: {
      event: GroupEvent;
      byId: number;
      uids?: readonly number[];
      name: string;
      afterSeq: number;
    },
  ): Promise<GroupEventEntry> {
    const row = await tx.groupEvent.create({
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
    return toEntry(row);
  }

  /** Takes the conversation's row lock for the rest of the transaction (MariaDB: the same lock
   *  the message writer's seq UPDATE needs; SQLite: the one write lock) and returns its lastSeq. */
  async function lock(tx: Tx, conversationId: string): Promise<number> {
    await tx.$executeRawUnsafe(
      'UPDATE conversations SET lastSeq = lastSeq WHERE id = ?',
      conversationId,
    );
    const c = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { lastSeq: true },
    });
    if (!c) throw noGroup();
    return c.lastSeq;
  }

  /** The group's name as stored now (a rename may have come after `g` was loaded). */
  async function currentName(tx: Tx, g: GroupInfo): Promise<string> {
    const row = await tx.group.findUnique({ where: { id: g.id }, select: { name: true } });
    return row?.name ?? g.name;
  }

  async function load(groupId: string): Promise<GroupInfo | null> {
    const g = await p.group.findUnique({ where: { id: groupId } });
    if (!g) return null;
    const rows = await p.member.findMany({
      where: { conversationId: g.conversationId },
      select: MEMBER,
      orderBy: JOIN_ORDER,
    });
    return { ...g, members: ownerFirst(rows, g.ownerId) };
  }

  /** The group, if uid is a member: unknown → NOT_FOUND, not a member → FORBIDDEN. */
  async function requireMember(groupId: string, uid: number): Promise<GroupInfo> {
    const g = await load(groupId);
    if (!g) throw noGroup();
    if (!g.members.some((m) => m.userId === uid)) throw forbidden('not a member of this group');
    return g;
  }

  /** Each id an existing user (else NOT_FOUND) and a friend of `of` (else FORBIDDEN). */
  async function requireFriends(of: number, ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    const [known, friends] = await Promise.all([
      p.user.findMany({ where: { id: { in: ids } }, select: { id: true } }),
      p.friendship.findMany({
        where: { userId: of, friendId: { in: ids } },
        select: { friendId: true },
      }),
    ]);
    const exists = new Set(known.map((u) => u.id));
    const friend = new Set(friends.map((f) => f.friendId));
    const missing = ids.find((id) => !exists.has(id));
    if (missing !== undefined)
      throw new ParleyError(ErrorCode.NOT_FOUND, `no such user ${missing}`);
    const stranger = ids.find((id) => !friend.has(id));
    if (stranger !== undefined) throw forbidden(`user ${stranger} is not your friend`);
  }

  /** The wire `Group` of a loaded group: the first GROUP_PREVIEW_MAX members as cards. */
  async function toGroup(g: GroupInfo): Promise<Group> {
    const shown = g.members.slice(0, GROUP_PREVIEW_MAX).map((m) => String(m.userId));
    const cards = await users.cards(shown);
    return {
      groupId: g.id,
      conversationId: g.conversationId,
      name: g.name,
      members: shown.flatMap((uid) => {
        const c = cards.get(uid);
        return c ? [c] : [];
      }),
      memberCount: g.members.length,
      ownerUid: String(g.ownerId),
    };
  }

  return {
    load,
    requireMember,
    toGroup,

    /** GROUP_MEMBERS: every member's card with role, join time and read cursor, owner first.
     *  Cursors move all the time, so they are read now, not from the cached group. */
    async memberList(g: GroupInfo): Promise<GroupMember[]> {
      const [cards, cursors] = await Promise.all([
        users.cards(g.members.map((m) => String(m.userId))),
        p.member.findMany({
          where: { conversationId: g.conversationId },
          select: { userId: true, readSeq: true },
        }),
      ]);
      const readSeq = new Map(cursors.map((c) => [c.userId, c.readSeq]));
      return g.members.flatMap((m) => {
        const c = cards.get(String(m.userId));
        return c
          ? [
              {
                ...c,
                role: m.role as GroupRole,
                joinedAt: m.joinedAt.getTime(),
                readSeq: readSeq.get(m.userId) ?? 0,
              },
            ]
          : [];
      });
    },

    /** CONVERSATIONS: the wire `Group` of each group conversation among `conversationIds`. One
     *  bounded query per group, so a user in many large groups reads at most PREVIEW_MAX rows
     *  per group, plus one count query. */
    async summaries(conversationIds: readonly string[]): Promise<Map<string, Group>> {
      const out = new Map<string, Group>();
      if (conversationIds.length === 0) return out;
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
      const previews = await Promise.all(
        groups.map(async (g) => {
          const [owner, rest] = await Promise.all([
            p.member.findMany({
              where: { conversationId: g.conversationId, userId: g.ownerId },
              select: MEMBER,
            }),
            p.member.findMany({
              where: { conversationId: g.conversationId, userId: { not: g.ownerId } },
              select: MEMBER,
              orderBy: JOIN_ORDER,
              take: GROUP_PREVIEW_MAX,
            }),
          ]);
          return { g, members: [...owner, ...rest].slice(0, GROUP_PREVIEW_MAX) };
        }),
      );
      const cards = await users.cards(
        previews.flatMap((x) => x.members.map((m) => String(m.userId))),
      );
      for (const { g, members } of previews) {
        out.set(g.conversationId, {
          groupId: g.id,
          conversationId: g.conversationId,
          name: g.name,
          members: members.flatMap((m) => {
            const c = cards.get(String(m.userId));
            return c ? [c] : [];
          }),
          memberCount: total.get(g.conversationId) ?? 0,
          ownerUid: String(g.ownerId),
        });
      }
      return out;
    },

    /** GROUP_CREATE: the creator owns it; every other member must be its friend. Group,
     *  conversation and members are created in one transaction. */
    async create(
      ownerId: number,
      name: string,
      memberUids: readonly string[],
      max: number,
    ): Promise<{ group: GroupInfo; event: GroupEventEntry }> {
      const others = idsOf(memberUids, ownerId);
      if (others.length + 1 > max) throw tooMany(max);
      await requireFriends(ownerId, others);
      const id = newGroupId();
      const conversationId = groupConversationId(id);
      const joinedAt = new Date();
      const event = await p.$transaction(async (tx) => {
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
      const group: GroupInfo = {
        id,
        name,
        ownerId,
        conversationId,
        members: [ownerId, ...others].map((userId) => ({
          userId,
          role: userId === ownerId ? 'owner' : 'member',
          joinedAt,
        })),
      };
      return { group, event };
    },

    /** GROUP_INVITE by a member: invitees must be its friends; members already are ignored.
     *  A new member's ACK and READ cursors start at the conversation's lastSeq: nothing older is
     *  pushed to it or counted unread. Returns the ids added (maybe none) and their "joined"
     *  event. */
    async invite(
      g: GroupInfo,
      inviterId: number,
      uids: readonly string[],
      max: number,
    ): Promise<{ added: number[]; event: GroupEventEntry | null }> {
      const current = new Set(g.members.map((m) => m.userId));
      const wanted = idsOf(uids, inviterId).filter((id) => !current.has(id));
      if (wanted.length === 0) return { added: [], event: null };
      if (current.size + wanted.length > max) throw tooMany(max);
      await requireFriends(inviterId, wanted);
      return p.$transaction(async (tx) => {
        const lastSeq = await lock(tx, g.conversationId);
        // Re-read under the lock: the inviter may have left, others joined meanwhile.
        const rows = await tx.member.findMany({
          where: { conversationId: g.conversationId },
          select: { userId: true },
        });
        const now = new Set(rows.map((r) => r.userId));
        if (!now.has(inviterId)) throw forbidden('not a member of this group');
        const added = wanted.filter((id) => !now.has(id));
        if (now.size + added.length > max) throw tooMany(max);
        const joinedAt = new Date();
        if (added.length === 0) return { added, event: null };
        await tx.member.createMany({
          data: added.map((userId) => ({
            conversationId: g.conversationId,
            userId,
            role: 'member',
            joinedAt,
            ackSeq: lastSeq,
            readSeq: lastSeq,
          })),
        });
        const name = await currentName(tx, g);
        const event = await record(tx, g.id, {
          event: 'joined',
          byId: inviterId,
          uids: added,
          name,
          afterSeq: lastSeq,
        });
        return { added, event };
      });
    },

    /** GROUP_LEAVE: the member row goes; an owner hands the group to the longest-standing
     *  member left. The last one out leaves an empty group (and its history) behind. Returns
     *  the "left" event. */
    async leave(g: GroupInfo, uid: number): Promise<GroupEventEntry> {
      return p.$transaction(async (tx) => {
        const lastSeq = await lock(tx, g.conversationId);
        const key = { conversationId_userId: { conversationId: g.conversationId, userId: uid } };
        const mine = await tx.member.findUnique({ where: key, select: { role: true } });
        if (!mine) throw forbidden('not a member of this group');
        await tx.member.delete({ where: key });
        const group = await tx.group.findUnique({
          where: { id: g.id },
          select: { ownerId: true, name: true },
        });
        const event = await record(tx, g.id, {
          event: 'left',
          byId: uid,
          uids: [uid],
          name: group?.name ?? g.name,
          afterSeq: lastSeq,
        });
        if (group?.ownerId !== uid) return event;
        const heir = await tx.member.findFirst({
          where: { conversationId: g.conversationId },
          select: { userId: true },
          orderBy: JOIN_ORDER,
        });
        if (!heir) return event;
        await tx.member.update({
          where: {
            conversationId_userId: { conversationId: g.conversationId, userId: heir.userId },
          },
          data: { role: 'owner' },
        });
        await tx.group.update({ where: { id: g.id }, data: { ownerId: heir.userId } });
        return event;
      });
    },

    /** GROUP_RENAME: the owner only (a former owner who left is no longer one). */
    async rename(g: GroupInfo, uid: number, name: string): Promise<GroupEventEntry> {
      return p.$transaction(async (tx) => {
        const lastSeq = await lock(tx, g.conversationId);
        const n = await tx.group.updateMany({ where: { id: g.id, ownerId: uid }, data: { name } });
        if (n.count === 0) throw forbidden('only the group owner may rename it');
        return record(tx, g.id, { event: 'renamed', byId: uid, name, afterSeq: lastSeq });
      });
    },

    /** GROUP_EVENTS: the newest `limit` event lines, oldest first, with the card of everyone
     *  they name (members who have left too). */
    async events(
      groupId: string,
      limit: number,
    ): Promise<{ events: GroupEventEntry[]; users: UserCard[] }> {
      const rows = await p.groupEvent.findMany({
        where: { groupId },
        orderBy: { id: 'desc' },
        take: limit,
      });
      const events = rows.reverse().map(toEntry);
      const named = new Set<string>();
      for (const e of events) {
        if (e.by) named.add(e.by);
        for (const u of e.uids ?? []) named.add(u);
      }
      const cards = await users.cards([...named]);
      return { events, users: [...cards.values()] };
    },
  };
}

export type GroupData = ReturnType<typeof createGroupData>;
