/**
 * Shapes shared by many bodies (PROTOCOL.md §2) and the request limits. Each schema and its
 * inferred type share a name (`UserCard` is both), the zod idiom; `…T` aliases exist for code
 * that prefers a visibly distinct type name.
 *
 * Requests are validated strictly (lengths, ranges) because they come from untrusted clients.
 * Shapes that only servers produce check types and signs, not lengths, so an old client does not
 * reject a server that stores a longer nickname than it expected.
 */
import { z } from 'zod';

/**
 * Limits on client input. TEXT_MAX counts UTF-16 code units (String#length, what zod measures):
 * at most 3 UTF-8 bytes per unit, 16 384 units stay under 48 KiB, so a text message and its
 * Message envelope in SEND_MSG_RSP / MSG_NOTIFY still fit the default 64 KiB frame (§1).
 */
export const Limits = {
  /** Any id (`uid`, `conversationId`, `msgId`, `requestId`, `groupId`) in a request. */
  ID_MAX: 128,
  /** GateServer tokens are short; 1 KiB leaves room for a signed format. */
  TOKEN_MAX: 1024,
  DEVICE_MAX: 64,
  /** §9.2: a LOGIN's deviceName. */
  DEVICE_NAME_MAX: 64,
  QUERY_MAX: 64,
  TEXT_MAX: 16_384,
  CLIENT_MSG_ID_MAX: 64,
  GREETING_MAX: 100,
  REMARK_MAX: 100,
  GROUP_NAME_MAX: 64,
  /** `memberUids` of GROUP_CREATE and `uids` of GROUP_INVITE. */
  GROUP_UIDS_MAX: 500,
  /** HISTORY `limit` (§3: ≤ 100, default 50). */
  HISTORY_LIMIT_MAX: 100,
  HISTORY_LIMIT_DEFAULT: 50,
  /** GROUP_EVENTS `limit` (Parley addition). */
  GROUP_EVENTS_MAX: 200,
  GROUP_EVENTS_DEFAULT: 100,
  /** SEARCH_MSG (§9.3): query 1–100 characters, limit 1–50, default 20. */
  SEARCH_QUERY_MAX: 100,
  SEARCH_LIMIT_MAX: 50,
  SEARCH_LIMIT_DEFAULT: 20,
  /** PROFILE_UPDATE (issue 4); the columns are VARCHAR(191), so every limit stays within. */
  NICK_MAX: 32,
  BIO_MAX: 120,
  /** An emoji or a character or two shown as the avatar, or later a media URL. */
  AVATAR_MAX: 191,
} as const;

// ---- primitives ---------------------------------------------------------------------------

/** An id in a request: non-empty and bounded (§2: ids are strings). */
export const Id = z.string().min(1).max(Limits.ID_MAX);
/** §9.2: a client's own stable device id, 8–64 of `A-Za-z0-9_-`. */
export const DeviceId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'deviceId: 8–64 of A-Z, a-z, 0-9, _ and -');
/** The device of a LOGIN that names none (§9.2). Shorter than a DeviceId, so no client can
 *  name it. */
export const DEFAULT_DEVICE = 'default';
/** An id in a server-produced body. */
export const WireId = z.string().min(1);
/** A message's position in its conversation, 1, 2, 3 … (§5); 0 means "none yet" in cursors. */
export const Seq = z.int().min(0);
/** Milliseconds since the epoch (§2). */
export const Millis = z.int().min(0);
/** Client-chosen correlation id, echoed by the response (§2). */
export const ReqId = z.int();

// ---- users ----------------------------------------------------------------------------------

/** §2: never carries email or password hash. */
export const UserCard = z.object({
  uid: WireId,
  username: z.string(),
  nick: z.string(),
  avatar: z.string(),
  bio: z.string(),
});
export type UserCard = z.infer<typeof UserCard>;

/** FRIEND_LIST entry (§3): the friend's card plus this user's view of the friendship. */
export const FriendEntry = UserCard.extend({
  remark: z.string(),
  online: z.boolean(),
  conversationId: WireId,
});
export type FriendEntry = z.infer<typeof FriendEntry>;

/** §3 leaves the values open; these are the ones every Parley component uses. */
export const FriendRequestStatus = z.enum(['pending', 'accepted', 'rejected']);
export type FriendRequestStatus = z.infer<typeof FriendRequestStatus>;

/** FRIEND_REQUESTS entry (§3); `user` is the other side (sender if incoming, target if outgoing). */
export const FriendRequestEntry = z.object({
  requestId: WireId,
  user: UserCard,
  greeting: z.string(),
  at: Millis,
  status: FriendRequestStatus,
});
export type FriendRequestEntry = z.infer<typeof FriendRequestEntry>;

// ---- messages -------------------------------------------------------------------------------

/** Kinds a client may send (§2). */
export const MessageKind = z.enum(['text', 'image', 'file', 'voice']);
export type MessageKind = z.infer<typeof MessageKind>;

/** Kinds a stored message may have: HISTORY returns recalled ones as "recalled" (§3, 1047). */
export const StoredMessageKind = z.enum([...MessageKind.options, 'recalled']);
export type StoredMessageKind = z.infer<typeof StoredMessageKind>;

/** §2 `media`, as returned by `POST /media` (§7). */
export const Media = z.object({
  mediaId: WireId,
  url: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.int().min(0),
});
export type Media = z.infer<typeof Media>;

/** §9.4: the first characters of the quoted text that a quote carries. */
export const QUOTE_PREVIEW_MAX = 100;

/**
 * §9.4 `replyTo`: the message a reply quotes, as it is now — a recalled original is kind
 * "recalled" with an empty preview in every quote, whenever the quote is read. `preview` is the
 * first 100 characters of the quoted text, or the file name for media.
 */
export const ReplyTo = z.object({
  msgId: WireId,
  seq: z.int().min(1),
  from: WireId,
  kind: StoredMessageKind,
  preview: z.string(),
});
export type ReplyTo = z.infer<typeof ReplyTo>;

/** §2 `Message`. A recalled message has kind "recalled" and neither text nor media (§3). */
export const Message = z.object({
  msgId: WireId,
  conversationId: WireId,
  seq: z.int().min(1),
  from: WireId,
  kind: StoredMessageKind,
  text: z.string().optional(),
  media: Media.optional(),
  sentAt: Millis,
  clientMsgId: z.string(),
  /** §9.4: the message this one quotes. */
  replyTo: ReplyTo.optional(),
});
export type Message = z.infer<typeof Message>;

// ---- groups and conversations ---------------------------------------------------------------

/**
 * GROUP_CREATE_RSP `group` (§3); the same shape wherever a group is sent. Parley sends at most
 * the first 50 members (join order, owner first) in `members`; `memberCount` is the total and
 * GROUP_MEMBERS lists them all.
 */
export const Group = z.object({
  groupId: WireId,
  conversationId: WireId,
  name: z.string(),
  members: z.array(UserCard),
  /** Parley addition: all members, when `members` is only the first ones. */
  memberCount: z.int().min(0).optional(),
  /** Parley addition: the owner (who may rename the group). */
  ownerUid: WireId.optional(),
});
export type Group = z.infer<typeof Group>;

export const GroupRole = z.enum(['owner', 'admin', 'member']);
export type GroupRole = z.infer<typeof GroupRole>;

/** GROUP_MEMBERS entry (Parley addition): a member's card, role and when it joined. */
export const GroupMember = UserCard.extend({
  role: GroupRole,
  joinedAt: Millis,
  /** Parley addition: how far this member has read (its READ cursor), for "Read by N" marks. */
  readSeq: Seq.optional(),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;

/**
 * CONVERSATIONS entry (§3): `peer` for direct, `group` for group conversations. `lastSeq` above
 * the client's newest seq tells it to page the rest with HISTORY `afterSeq` (§5).
 */
export const ConversationSummary = z.object({
  conversationId: WireId,
  kind: ConversationKind,
  peer: UserCard.optional(),
  group: Group.optional(),
  lastMessage: Message.optional(),
  lastSeq: Seq,
  readSeq: Seq,
  unread: z.int().min(0),
  /** Parley addition, direct conversations only: how far the peer has read (its READ cursor),
   *  so "read" marks on one's own messages survive a reload. */
  peerReadSeq: Seq.optional(),
  /** Parley addition (issue 12): true when this user muted the conversation (CONV_MUTE); a
   *  client then counts it in no badge and raises no notification for it. */
  muted: z.boolean().optional(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export type UserCardT = UserCard;
export type FriendEntryT = FriendEntry;
export type FriendRequestEntryT = FriendRequestEntry;
export type MediaT = Media;
export type MessageT = Message;
export type GroupT = Group;
export type ConversationSummaryT = ConversationSummary;
