// What the CLI remembers between lines: who is who (so a notification can print a name without a
// round trip, which would reorder output), the open chat and the last failed send.
import { directPeer, type FriendEntry, type UserCard } from '@parley/proto';
import type { AckBatcher, RecentIds, SeenSeqs } from './inbox';
import type { Output } from './output';
import type { Session } from './session';

/** Friends and every other card seen this session, and each direct conversation's peer. */
export class Directory {
  private readonly friendMap = new Map<string, FriendEntry>();
  private readonly cards = new Map<string, UserCard>();

  constructor(readonly self: UserCard) {
    this.cards.set(self.uid, self);
  }

  get friends(): FriendEntry[] {
    return [...this.friendMap.values()];
  }

  setFriends(list: readonly FriendEntry[]): void {
    this.friendMap.clear();
    for (const f of list) this.addFriend(f);
  }

  addFriend(f: FriendEntry): void {
    this.friendMap.set(f.uid, f);
    this.cards.set(f.uid, f);
  }

  learn(card: UserCard): void {
    if (!this.friendMap.has(card.uid)) this.cards.set(card.uid, card);
  }

  friend(uid: string): FriendEntry | undefined {
    return this.friendMap.get(uid);
  }

  setOnline(uid: string, online: boolean): void {
    const f = this.friendMap.get(uid);
    if (f) this.friendMap.set(uid, { ...f, online });
  }

  /** A friend by uid, username, remark or nick — in that order, so an exact id always wins. */
  findFriend(query: string): FriendEntry | undefined {
    const q = query.replace(/^@/, '').toLowerCase();
    const all = this.friends;
    return (
      this.friendMap.get(query) ??
      all.find((f) => f.username.toLowerCase() === q) ??
      all.find((f) => f.remark !== '' && f.remark.toLowerCase() === q) ??
      all.find((f) => f.nick.toLowerCase() === q)
    );
  }

  /** The nick to print for a sender; the uid if the card was never seen. */
  nick(uid: string): string {
    return this.cards.get(uid)?.nick || uid;
  }

  /** The other member of a direct conversation, undefined for groups. */
  peerUid(conversationId: string): string | undefined {
    return directPeer(conversationId, this.self.uid);
  }

  /** What goes between the brackets of a message line: the peer's username, else the id. */
  conversationName(conversationId: string): string {
    const peer = this.peerUid(conversationId);
    const card = peer === undefined ? undefined : this.cards.get(peer);
    return card ? card.username : conversationId;
  }
}

export interface OpenChat {
  conversationId: string;
  peer: UserCard;
}

/** A send that failed: repeating it reuses the clientMsgId, so the server stores it at most once
 *  even if the first attempt did arrive (§5). */
export interface FailedSend {
  conversationId: string;
  text: string;
  clientMsgId: string;
  /** The msgId the failed send quoted (§9.4), if any. */
  replyTo?: string;
}

export interface CliState {
  /** The live connection; replaced when the CLI moves to another ChatServer (issue 11). */
  session: Session;
  readonly dir: Directory;
  readonly out: Output;
  readonly seen: SeenSeqs;
  readonly acks: AckBatcher;
  /** Messages recalled this session, so one whose recall came first is shown as recalled. */
  readonly recalled: RecentIds;
  chat: OpenChat | null;
  failed: FailedSend | null;
}
