// The wire shapes of groups (proto's `Group`, `GroupMember`, `GroupEventEntry`; PROTOCOL.md §3 and
// the README's contract additions), built from stored rows and the cards users.cards() found.
// Every group that leaves the server (GROUP_* answers, GROUP_NOTIFY, CONVERSATIONS) is built by
// groupOf, so they cannot drift apart. No queries here: the callers fetch, these only shape.
import {
  GroupEvent,
  GroupRole,
  type Group,
  type GroupEventEntry,
  type GroupMember,
  type UserCard,
} from '@parley/proto';
import { GROUP_PREVIEW_MAX } from './policy';
import type { EventRow, GroupHead, GroupMemberRow } from './store';

/** The uids whose cards a group's preview shows: the first GROUP_PREVIEW_MAX of `members`
 *  (owner first, then join order, as the store returns them). */
export const previewUids = (members: readonly GroupMemberRow[]): string[] =>
  members.slice(0, GROUP_PREVIEW_MAX).map((m) => String(m.userId));

/** The cards of `uids` in that order; a user without a card (deleted) is left out. */
const cardsOf = (uids: readonly string[], cards: ReadonlyMap<string, UserCard>): UserCard[] =>
  uids.flatMap((uid) => {
    const c = cards.get(uid);
    return c ? [c] : [];
  });

/** The wire `Group`: the first GROUP_PREVIEW_MAX members as cards, `memberCount` all of them. */
export function groupOf(
  g: GroupHead,
  members: readonly GroupMemberRow[],
  memberCount: number,
  cards: ReadonlyMap<string, UserCard>,
): Group {
  return {
    groupId: g.id,
    conversationId: g.conversationId,
    name: g.name,
    members: cardsOf(previewUids(members), cards),
    memberCount,
    ownerUid: String(g.ownerId),
  };
}

/** GROUP_MEMBERS entries: card, role, join time and READ cursor of each member with a card. */
export function membersOf(
  members: readonly GroupMemberRow[],
  cards: ReadonlyMap<string, UserCard>,
  readSeq: ReadonlyMap<number, number>,
): GroupMember[] {
  return members.flatMap((m) => {
    const c = cards.get(String(m.userId));
    return c
      ? [
          {
            ...c,
            role: GroupRole.parse(m.role),
            joinedAt: m.joinedAt.getTime(),
            readSeq: readSeq.get(m.userId) ?? 0,
          },
        ]
      : [];
  });
}

/** A stored event line as GROUP_EVENTS and GROUP_NOTIFY carry it. */
export const entryOf = (r: EventRow): GroupEventEntry => ({
  eventId: String(r.id),
  event: GroupEvent.parse(r.event),
  by: String(r.byId),
  ...(r.uids ? { uids: r.uids.split(',') } : {}),
  name: r.name,
  afterSeq: r.afterSeq,
  at: Number(r.at),
});

/** The uids GROUP_EVENTS must send cards for: everyone its lines name (former members too). */
export function namedIn(events: readonly GroupEventEntry[]): string[] {
  const named = new Set<string>();
  for (const e of events) {
    if (e.by) named.add(e.by);
    for (const u of e.uids ?? []) named.add(u);
  }
  return [...named];
}
