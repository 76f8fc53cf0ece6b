// Group rules (issue 5), as pure functions over what the store has read: who may do what, who
// owns a group after its owner leaves, how many members it may have, which uids an invite adds.
// No database here, so each rule is unit-tested on its own (servers/chat/test/group-policy.test.ts);
// data/groups/index.ts applies them, inside the store's transaction where the answer depends on
// rows that may change meanwhile.
import { ErrorCode, ParleyError } from '@parley/proto';
import { userId } from '../users';
import type { GroupMemberRow } from './store';

/** `group.members` carries at most this many cards (join order, owner first); `memberCount` has
 *  the total, GROUP_MEMBERS lists everybody. Keeps GROUP_NOTIFY and CONVERSATIONS small when a
 *  500-member group's notify goes to 500 people. */
export const GROUP_PREVIEW_MAX = 50;

export const forbidden = (why: string) => new ParleyError(ErrorCode.FORBIDDEN, why);
export const noGroup = () => new ParleyError(ErrorCode.NOT_FOUND, 'no such group');
export const notMember = () => forbidden('not a member of this group');
const tooMany = (max: number) =>
  new ParleyError(ErrorCode.CONFLICT, `a group has at most ${max} members`);

/** Names are shown in chat lists: surrounding blanks go, and a blank name is refused. */
export function groupName(name: string): string {
  const n = name.trim();
  if (!n) throw new ParleyError(ErrorCode.BAD_REQUEST, 'name: must not be blank');
  return n;
}

/** uids as database ids, without duplicates and without `self`; a malformed uid → NOT_FOUND. */
export function idsOf(uids: readonly string[], self: number): number[] {
  const ids = new Set<number>();
  for (const uid of uids) {
    const id = userId(uid);
    if (id === null) throw new ParleyError(ErrorCode.NOT_FOUND, `no such user ${uid}`);
    if (id !== self) ids.add(id);
  }
  return [...ids];
}

/** A group of `size` members may take `adding` more: at most `max` in all (MAX_GROUP_MEMBERS),
 *  else CONFLICT. */
export function requireRoom(size: number, adding: number, max: number): void {
  if (size + adding > max) throw tooMany(max);
}

/** Every member may read and invite; anyone else is refused (FORBIDDEN, not NOT_FOUND: the
 *  group exists, PROTOCOL.md §6). */
export function requireMembership(memberIds: Iterable<number>, uid: number): void {
  for (const id of memberIds) if (id === uid) return;
  throw notMember();
}

/** The owner only may rename; a former owner who left is no longer one (`ownerId` null: the
 *  group is gone, so nobody owns it). */
export function requireOwner(ownerId: number | null, uid: number): void {
  if (ownerId !== uid) throw forbidden('only the group owner may rename it');
}

/** Who an invite adds: the invited ids not already members (those are ignored, not refused). */
export const newcomers = (invited: readonly number[], memberIds: ReadonlySet<number>): number[] =>
  invited.filter((id) => !memberIds.has(id));

/** Each of `ids` an existing user (else NOT_FOUND) and a friend of the one adding them (else
 *  FORBIDDEN): one may only put one's friends into a group. Unknown users are reported first. */
export function requireFriends(
  ids: readonly number[],
  existing: ReadonlySet<number>,
  friends: ReadonlySet<number>,
): void {
  const missing = ids.find((id) => !existing.has(id));
  if (missing !== undefined) throw new ParleyError(ErrorCode.NOT_FOUND, `no such user ${missing}`);
  const stranger = ids.find((id) => !friends.has(id));
  if (stranger !== undefined) throw forbidden(`user ${stranger} is not your friend`);
}

/** Longest-standing first; members added together (one GROUP_CREATE) by uid. */
export const byJoin = (a: GroupMemberRow, b: GroupMemberRow): number =>
  a.joinedAt.getTime() - b.joinedAt.getTime() || a.userId - b.userId;

/** Owner first, then the others in the order given (join order, as the store reads them). */
export const ownerFirst = <T extends { userId: number }>(
  rows: readonly T[],
  ownerId: number,
): T[] => [
  ...rows.filter((r) => r.userId === ownerId),
  ...rows.filter((r) => r.userId !== ownerId),
];

/** Who owns the group once `leaverId` is gone: nobody new unless the owner left; then the
 *  longest-standing member left (issue 5), or nobody when the last one left (the empty group and
 *  its history stay). `remaining` excludes the leaver, in any order. */
export function heirOnLeave(
  ownerId: number,
  leaverId: number,
  remaining: readonly GroupMemberRow[],
): number | null {
  if (leaverId !== ownerId) return null;
  const [first] = [...remaining].sort(byJoin);
  return first?.userId ?? null;
}
