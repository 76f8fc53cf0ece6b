// The client's view of the chat state. Wire shapes come from @parley/proto (PROTOCOL.md §2-§3);
// these add what only a client knows: pending sends, typing timers, the connection's state.
import type {
  ConversationKind,
  DeviceInfo,
  Group,
  GroupEvent,
  GroupMember,
  KickedPush,
  MessageKind,
  StoredMessageKind,
  UserCard,
} from '@parley/proto';

export type { DeviceInfo, Group, GroupEvent, GroupMember, KickedPush, MessageKind, UserCard };

/** §2 `media`: what POST /media answered, as carried by a Message. */
export interface MediaInfo {
  mediaId: string;
  url: string;
  name: string;
  mime: string;
  size: number;
}

/** §9.4 `replyTo`: the message a reply quotes, as the server last said it is (a recall of the
 *  original turns it into kind "recalled" with an empty preview, live or on the next read). */
export interface QuoteInfo {
  msgId: string;
  seq: number;
  from: string;
  kind: StoredMessageKind;
  preview: string;
}

/** A stored message (§2 `Message`), as held by the client. */
export interface ChatMessage {
  msgId: string;
  conversationId: string;
  seq: number;
  from: string;
  kind: StoredMessageKind;
  text?: string;
  media?: MediaInfo;
  sentAt: number;
  clientMsgId: string;
  /** §9.4: the message this one quotes. */
  replyTo?: QuoteInfo;
}

/** The bytes of a media send, kept until it is stored so a failed one can be retried. */
export interface PendingUpload {
  blob: Blob;
  name: string;
  size: number;
  /** What the browser says the bytes are (the server sniffs its own, §7). */
  type: string;
  /** Voice: the recorded length. */
  durationMs?: number;
}

/**
 * An own message not (yet) confirmed by SEND_MSG's response. Media sends upload first
 * ("uploading", POST /media), then send like text; once uploaded, `mediaId` is kept so a retry
 * only repeats SEND_MSG.
 */
export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  from: string;
  kind: MessageKind;
  /** The text of a text message (a media message carries none from this client). */
  text?: string;
  upload?: PendingUpload;
  mediaId?: string;
  /** Local clock, for ordering and display until the server's sentAt is known. */
  sentAt: number;
  status: 'uploading' | 'sending' | 'failed';
  /** Why the last attempt failed (shown under the message). */
  error?: string;
  /** §9.4: the message this one quotes (sent as its msgId; shown in the pending bubble). */
  replyTo?: QuoteInfo;
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
  /** The other member's read cursor, from CONVERSATIONS' optional `peerReadSeq` or READ_NOTIFY
   *  (0 = not known). */
  peerReadSeq: number;
  /** Groups: other members' read cursors seen in READ_NOTIFY this session (uid → seq). */
  readers?: Readonly<Record<string, number>>;
  /** This user muted it (CONV_MUTE, issue 12): no badge count, no notification. */
  muted?: boolean;
}

/**
 * A line such as "Alice invited Carol to the group chat", from GROUP_NOTIFY. The server keeps no
 * record of them, so they live only in this page. The people involved are captured when the push
 * arrives (a member who left is no longer in the group's list).
 */
export interface GroupNotice {
  id: string;
  conversationId: string;
  event: GroupEvent;
  /** Who did it, when the server said. */
  by?: UserCard;
  /** Who joined or left. */
  users: readonly UserCard[];
  /** The group's name after the event. */
  name: string;
  /** Shown after the message with this seq (null: the conversation was not known yet). */
  afterSeq: number | null;
  at: number;
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
  /** What ended the session when status is kicked (KICKED, PROTOCOL.md §9.2); null otherwise
   *  or when the server's body did not fit the contract. */
  kick: KickedPush | null;
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
  /** conversationId → group event lines (GROUP_NOTIFY), oldest first. */
  notices: Readonly<Record<string, readonly GroupNotice[]>>;
  /** groupId → every member with its role (GROUP_MEMBERS), once asked for. */
  groupMembers: Readonly<Record<string, readonly GroupMember[]>>;
  /** The ChatServer's limits from LOGIN's response (recall.ts: §3's 2 minutes without one). */
  limits: { recallWindowMs: number };
}

export const EMPTY_THREAD: Thread = Object.freeze({
  items: [],
  pending: [],
  loaded: false,
  loadingOlder: false,
});
