// The client's view of the chat state. Wire shapes come from @parley/proto (PROTOCOL.md §2-§3);
// these add what only a client knows: pending sends, typing timers, the connection's state.
import type { ConversationKind, Group, StoredMessageKind, UserCard } from '@parley/proto';

export type { UserCard };

/** A stored message (§2 `Message`), as held by the client. */
export interface ChatMessage {
  msgId: string;
  conversationId: string;
  seq: number;
  from: string;
  kind: StoredMessageKind;
  text?: string;
  media?: { mediaId: string; url: string; name: string; mime: string; size: number };
  sentAt: number;
  clientMsgId: string;
}

/** An own message not (yet) confirmed by SEND_MSG's response. */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  from: string;
  kind: 'text';
  text: string;
  /** Local clock, for ordering and display until the server's sentAt is known. */
  sentAt: number;
  status: 'sending' | 'failed';
  /** Why the last attempt failed (shown as a tooltip). */
  error?: string;
}

export interface Conversation {
  conversationId: string;
  kind: ConversationKind;
  peer?: UserCard;
  group?: Group;
  lastMessage?: ChatMessage;
  /** Highest seq known to exist (§5); may be above what is held until HISTORY pages it in. */
  lastSeq: number;
  /** This user's read cursor. unread = lastSeq − readSeq (own sends advance readSeq, §5). */
  readSeq: number;
  /** The other member's read cursor, from READ_NOTIFY (0 = not known). */
  peerReadSeq: number;
}

/** Messages held for one conversation: ascending seq, each seq once (§5). */
export interface Thread {
  items: readonly ChatMessage[];
  pending: readonly PendingMessage[];
  /** A first page was fetched from the server, so `items` reaches the newest message. */
  loaded: boolean;
  loadingOlder: boolean;
}

export interface Friend extends UserCard {
  remark: string;
  online: boolean;
  conversationId: string;
}

export interface FriendRequest {
  requestId: string;
  user: UserCard;
  greeting: string;
  at: number;
  status: 'pending' | 'accepted' | 'rejected';
}

/**
 * connecting: first attempt; online: logged in; reconnecting: waiting for the next attempt;
 * kicked: another login took over (§4) — no more attempts; expired: TOKEN_INVALID, back to login;
 * refused: the bridge refused by policy (close 4401/1008).
 */
export type ConnectionStatus =
  'connecting' | 'online' | 'reconnecting' | 'kicked' | 'expired' | 'refused';

export interface ConnectionState {
  status: ConnectionStatus;
  /** When the next attempt starts (reconnecting), ms since the epoch. */
  retryAt: number | null;
  attempt: number;
  /** ChatServer name from LOGIN's response. */
  server: string | null;
  /** Synchronising after a (re)connect: CONVERSATIONS, then HISTORY pages. */
  syncing: boolean;
  detail: string | null;
}

export interface ChatState {
  me: UserCard;
  connection: ConnectionState;
  conversations: Readonly<Record<string, Conversation>>;
  threads: Readonly<Record<string, Thread>>;
  friends: Readonly<Record<string, Friend>>;
  friendsLoaded: boolean;
  requests: { incoming: readonly FriendRequest[]; outgoing: readonly FriendRequest[] };
  /** conversationId → uid → typing shown until (ms since the epoch). */
  typing: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** uid → online, from FRIEND_LIST and PRESENCE_NOTIFY. */
  presence: Readonly<Record<string, boolean>>;
}

export const EMPTY_THREAD: Thread = Object.freeze({
  items: [],
  pending: [],
  loaded: false,
  loadingOlder: false,
});
