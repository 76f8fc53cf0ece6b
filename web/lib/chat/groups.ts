// Group chats (PROTOCOL.md §3 2001–2007, and Parley's GROUP_RENAME / GROUP_MEMBERS): create from
// friends, invite, leave, rename (owner), the member list with roles, and GROUP_NOTIFY — which
// updates the conversation's group and adds a line such as "Alice invited Carol to the group
// chat". Messages to a group need nothing here: they are conversations like any other (§5).
import { Limits, MsgType } from '@parley/proto';
import { list, toGroup, toGroupMember, toUserCard } from './normalize';
import { withPeerRead } from './receipts';
import type { ChatStore } from './store';
import type { Rpc } from './sync';
import type { Group, GroupEvent, GroupMember, GroupNotice, UserCard } from './types';

const EVENTS: ReadonlySet<string> = new Set(['created', 'joined', 'left', 'renamed']);

/** What is wrong with a new group's name and member choice, or null (checked before sending). */
export function groupProblem(name: string, memberUids: readonly string[]): string | null {
  const n = name.trim();
  if (!n) return 'Give the group a name.';
  if (n.length > Limits.GROUP_NAME_MAX)
    return `The name can be at most ${String(Limits.GROUP_NAME_MAX)} characters.`;
  if (memberUids.length === 0) return 'Pick at least one friend.';
  if (memberUids.length > Limits.GROUP_UIDS_MAX)
    return `At most ${String(Limits.GROUP_UIDS_MAX)} people at once.`;
  return null;
}

/** "Alice", "Alice and Bob", "Alice, Bob and Carol". */
function names(list: readonly string[]): string {
  if (list.length <= 1) return list[0] ?? 'someone';
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]!}`;
}

/** The line a notice shows, from this user's point of view. `nameOf` gives a card's name. */
export function groupNoticeText(
  n: Pick<GroupNotice, 'event' | 'by' | 'users' | 'name'>,
  me: string,
  nameOf: (card: UserCard) => string,
): string {
  // This user is "you", and "You" at the start of the line; names keep their own case.
  const who = (c: UserCard, first: boolean) => (c.uid === me ? (first ? 'You' : 'you') : nameOf(c));
  const list = (first: boolean) => names(n.users.map((u, i) => who(u, first && i === 0)));
  const by = n.by;
  switch (n.event) {
    case 'created':
      if (by?.uid === me) return 'You created the group chat';
      if (!by) return 'You joined the group chat';
      // A stored "created" names the first members; one who joined later was not among them.
      if (n.users.length === 0 || n.users.some((u) => u.uid === me))
        return `${who(by, true)} invited you to the group chat`;
      return `${who(by, true)} invited ${list(false)} to the group chat`;
    case 'joined':
      if (by && !n.users.some((u) => u.uid === by.uid))
        return `${who(by, true)} invited ${list(false)} to the group chat`;
      return `${list(true)} joined the group chat`;
    case 'left':
      return `${list(true)} left the group chat`;
    case 'renamed':
      return `${by ? who(by, true) : 'Someone'} changed the group name to "${n.name}"`;
  }
}

/** The line of a GROUP_EVENTS entry or a GROUP_NOTIFY body. A stored event's id is `ev:<eventId>`;
 *  without one the line takes `unstored` as its id, or there is none (null). */
function noticeOf(
  r: Record<string, unknown>,
  conversationId: string,
  group: Pick<Group, 'name'>,
  card: (uid: string) => UserCard,
  unstored: string | null,
): (Omit<GroupNotice, 'afterSeq'> & { afterSeq?: number }) | null {
  const { eventId, event, by, uids, name, afterSeq, at } = r;
  if (typeof event !== 'string' || !EVENTS.has(event)) return null;
  const id = typeof eventId === 'string' ? `ev:${eventId}` : unstored;
  if (id === null) return null;
  return {
    id,
    conversationId,
    event: event as GroupEvent,
    ...(typeof by === 'string' ? { by: card(by) } : {}),
    users: Array.isArray(uids)
      ? uids.filter((u): u is string => typeof u === 'string').map(card)
      : [],
    // GROUP_EVENTS names the group as it was then; a notify carries the group as it is now.
    name: typeof name === 'string' ? name : group.name,
    // Nothing was said before a group existed.
    ...(typeof afterSeq === 'number' ? { afterSeq } : event === 'created' ? { afterSeq: 0 } : {}),
    at: typeof at === 'number' ? at : Date.now(),
  };
}

export interface GroupNotifyResult {
  /** The conversation is not in the list yet (a new group): refresh CONVERSATIONS. */
  unknown: boolean;
  /** This user left: the conversation is gone. */
  removed: string | null;
  groupId: string;
}

export class Groups {
  readonly #store: ChatStore;
  readonly #rpc: Rpc;

  constructor(store: ChatStore, rpc: Rpc) {
    this.#store = store;
    this.#rpc = rpc;
  }

  /** GROUP_CREATE with the chosen friends; this user owns the new group. */
  async create(name: string, memberUids: readonly string[]): Promise<Group> {
    const rsp = await this.#rpc(MsgType.GROUP_CREATE, {
      name: name.trim(),
      memberUids: [...memberUids],
    });
    const group = toGroup(rsp['group']);
    if (!group) throw new Error('the server sent no group');
    // The creator gets no GROUP_NOTIFY (the others do): its own line comes from here.
    const me = this.#store.state.me;
    this.#store.addNotice({
      id: `${group.groupId}:created`,
      conversationId: group.conversationId,
      event: 'created',
      by: me,
      users: group.members.filter((m) => m.uid !== me.uid),
      name: group.name,
      afterSeq: 0, // nothing was said before the group existed
      at: Date.now(),
    });
    return group;
  }

  async invite(groupId: string, uids: readonly string[]): Promise<void> {
    const rsp = await this.#rpc(MsgType.GROUP_INVITE, { groupId, uids: [...uids] });
    const group = toGroup(rsp['group']);
    if (group) this.#setGroup(group);
  }

  async rename(groupId: string, name: string): Promise<void> {
    const rsp = await this.#rpc(MsgType.GROUP_RENAME, { groupId, name: name.trim() });
    const group = toGroup(rsp['group']);
    if (group) this.#setGroup(group);
  }

  /** GROUP_LEAVE; the conversation goes from the list at once (its "left" push may follow). */
  async leave(groupId: string): Promise<void> {
    const cid = this.#conversationOf(groupId);
    await this.#rpc(MsgType.GROUP_LEAVE, { groupId });
    if (cid) this.#store.removeConversation(cid);
    this.#dropMembers(groupId);
  }

  /** GROUP_MEMBERS: everyone with a role (owner first), kept in the store. */
  async members(groupId: string): Promise<readonly GroupMember[]> {
    const rsp = await this.#rpc(MsgType.GROUP_MEMBERS, { groupId });
    const members = list(rsp['members'], toGroupMember);
    const group = toGroup(rsp['group']);
    if (group) this.#setGroup(group);
    this.#store.update((s) => ({
      ...s,
      groupMembers: { ...s.groupMembers, [groupId]: members },
    }));
    // The others' read cursors as the server has them: "Read by N" right after a reload too.
    const cid = group?.conversationId ?? this.#conversationOf(groupId);
    const me = this.#store.state.me.uid;
    if (cid)
      this.#store.patchConversation(cid, (c) =>
        members.reduce(
          (acc, m) => (m.uid !== me && m.readSeq ? withPeerRead(acc, m.uid, m.readSeq) : acc),
          c,
        ),
      );
    return members;
  }

  /** GROUP_NOTIFY: apply the group as it is now and add the event's line. */
  notified(body: Record<string, unknown>): GroupNotifyResult | null {
    const group = toGroup(body['group']);
    const event = body['event'];
    if (!group || typeof event !== 'string' || !EVENTS.has(event)) return null;
    const s = this.#store.state;
    const me = s.me.uid;
    const cid = group.conversationId;
    const uids = Array.isArray(body['uids'])
      ? body['uids'].filter((u): u is string => typeof u === 'string')
      : [];
    // Cards before the change too: whoever left is no longer in the group's list.
    const card = this.#cards(group);
    const result: GroupNotifyResult = { unknown: false, removed: null, groupId: group.groupId };
    if (event === 'left' && uids.includes(me)) {
      this.#store.removeConversation(cid);
      this.#dropMembers(group.groupId);
      result.removed = cid;
      return result;
    }
    result.unknown = !s.conversations[cid];
    this.#setGroup(group);
    // A notify without a stored event (an older server) still gets a line, for this session.
    const unstored = `${group.groupId}:${event}:${String(Date.now())}:${uids.join(',')}`;
    const notice = noticeOf(body, cid, group, card, unstored);
    if (notice) this.#store.addNotice(notice);
    return result;
  }

  /** GROUP_EVENTS (Parley addition): the group's stored event lines replace the ones shown, so
   *  "Alice invited Carol" is still there after a reload. */
  async events(groupId: string): Promise<void> {
    const rsp = await this.#rpc(MsgType.GROUP_EVENTS, { groupId });
    const cid = this.#conversationOf(groupId);
    const group = cid ? this.#store.state.conversations[cid]?.group : undefined;
    if (!cid || !group) return;
    const named = new Map(list(rsp['users'], toUserCard).map((u) => [u.uid, u]));
    const known = this.#cards(group);
    const card = (uid: string) => named.get(uid) ?? known(uid);
    const notices = list(rsp['events'], (e) => {
      const n =
        typeof e === 'object' && e !== null
          ? noticeOf(e as Record<string, unknown>, cid, group, card, null)
          : null;
      return n && { ...n, afterSeq: n.afterSeq ?? 0 };
    });
    this.#store.setNotices(cid, notices);
  }

  #conversationOf(groupId: string): string | null {
    for (const c of Object.values(this.#store.state.conversations))
      if (c.group?.groupId === groupId) return c.conversationId;
    return null;
  }

  #setGroup(group: Group): void {
    this.#store.patchConversation(group.conversationId, (c) => ({
      ...c,
      group: {
        ...group,
        // A notify without the optional fields keeps what was known.
        ...(group.memberCount === undefined && c.group?.memberCount !== undefined
          ? { memberCount: c.group.memberCount }
          : {}),
        ...(group.ownerUid === undefined && c.group?.ownerUid !== undefined
          ? { ownerUid: c.group.ownerUid }
          : {}),
      },
    }));
  }

  #dropMembers(groupId: string): void {
    this.#store.update((s) => {
      if (!(groupId in s.groupMembers)) return s;
      const { [groupId]: _g, ...groupMembers } = s.groupMembers;
      return { ...s, groupMembers };
    });
  }

  /** uid → the best card known: the group's lists (old and new), friends, this user. */
  #cards(group: Group): (uid: string) => UserCard {
    const s = this.#store.state;
    const known = new Map<string, UserCard>();
    const add = (c: UserCard | undefined) => {
      if (c && !known.has(c.uid)) known.set(c.uid, c);
    };
    add(s.me);
    for (const m of group.members) add(m);
    for (const m of s.conversations[group.conversationId]?.group?.members ?? []) add(m);
    for (const m of s.groupMembers[group.groupId] ?? []) add(m);
    for (const f of Object.values(s.friends)) add(f);
    return (uid) => known.get(uid) ?? { uid, username: '', nick: '', avatar: '', bio: '' };
  }
}
