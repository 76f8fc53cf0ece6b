// Profiles (Parley's PROFILE_UPDATE 2013/2014 and PROFILE_NOTIFY 2015, issue 4): edit one's own
// nick, bio and avatar, and apply a friend's new card wherever the store shows it. Cards are data:
// the views render every field as text, so markup in a nick stays literal.
import { ErrorCode, Limits, MsgType } from '@parley/proto';
import { toUserCard } from './normalize';
import { ChatError } from './requests';
import type { ChatStore } from './store';
import type { Rpc } from './sync';
import type { ChatState, Conversation, GroupMember, UserCard } from './types';

export interface ProfilePatch {
  nick?: string;
  bio?: string;
  avatar?: string;
}

/** The same bounds the server enforces (proto `ProfileUpdateRequest`), checked before sending so
 *  the form can say what is wrong without a round trip. Returns the problem, or null. */
export function profileProblem(p: ProfilePatch): string | null {
  if (p.nick === undefined && p.bio === undefined && p.avatar === undefined)
    return 'Nothing to change.';
  if (p.nick !== undefined) {
    const nick = p.nick.trim();
    if (!nick) return 'The nickname must not be empty.';
    if (nick.length > Limits.NICK_MAX)
      return `The nickname can be at most ${String(Limits.NICK_MAX)} characters.`;
  }
  if (p.bio !== undefined && p.bio.length > Limits.BIO_MAX)
    return `The status can be at most ${String(Limits.BIO_MAX)} characters.`;
  if (p.avatar !== undefined && p.avatar.length > Limits.AVATAR_MAX)
    return `The avatar can be at most ${String(Limits.AVATAR_MAX)} characters.`;
  return null;
}

/** `card` replaces what the state held for that user: friend entry (keeping remark, presence and
 *  conversation), direct-conversation peers, friend requests, group member previews and the
 *  loaded member lists of open groups. */
export function withCard(s: ChatState, card: UserCard): ChatState {
  const same = (u: UserCard | undefined) => u?.uid === card.uid;
  const friend = s.friends[card.uid];
  let conversations: Record<string, Conversation> | null = null;
  for (const [cid, c] of Object.entries(s.conversations)) {
    const peer = same(c.peer);
    const member = c.group?.members.some(same) ?? false;
    if (!peer && !member) continue;
    conversations ??= { ...s.conversations };
    conversations[cid] = {
      ...c,
      ...(peer ? { peer: card } : {}),
      ...(member && c.group
        ? { group: { ...c.group, members: c.group.members.map((m) => (same(m) ? card : m)) } }
        : {}),
    };
  }
  // Member lists keep each member's role, join time and read cursor; only the card changes.
  let groupMembers: Record<string, readonly GroupMember[]> | null = null;
  for (const [gid, list] of Object.entries(s.groupMembers)) {
    if (!list.some(same)) continue;
    groupMembers ??= { ...s.groupMembers };
    groupMembers[gid] = list.map((m) => (same(m) ? { ...m, ...card } : m));
  }
  const requests = (list: ChatState['requests']['incoming']) =>
    list.some((r) => same(r.user))
      ? list.map((r) => (same(r.user) ? { ...r, user: card } : r))
      : list;
  return {
    ...s,
    me: same(s.me) ? card : s.me,
    friends: friend ? { ...s.friends, [card.uid]: { ...friend, ...card } } : s.friends,
    conversations: conversations ?? s.conversations,
    groupMembers: groupMembers ?? s.groupMembers,
    requests: { incoming: requests(s.requests.incoming), outgoing: requests(s.requests.outgoing) },
  };
}

export class Profile {
  readonly #store: ChatStore;
  readonly #rpc: Rpc;

  constructor(store: ChatStore, rpc: Rpc) {
    this.#store = store;
    this.#rpc = rpc;
  }

  /** PROFILE_UPDATE; on success `me` is the card the server stored. Rejects with a ChatError:
   *  BAD_REQUEST for input refused here or by the server, or a transport failure. */
  async update(patch: ProfilePatch): Promise<UserCard> {
    const problem = profileProblem(patch);
    if (problem) throw new ChatError(ErrorCode.BAD_REQUEST, problem);
    const rsp = await this.#rpc(MsgType.PROFILE_UPDATE, { ...patch });
    const user = toUserCard(rsp['user']);
    if (!user) throw new ChatError(ErrorCode.BAD_REQUEST, 'the server sent no card');
    this.#store.update((s) => withCard({ ...s, me: user }, user));
    return user;
  }

  /** PROFILE_NOTIFY: a friend's new card. */
  notified(body: Record<string, unknown>): void {
    const user = toUserCard(body['user']);
    if (user) this.#store.update((s) => withCard(s, user));
  }
}
