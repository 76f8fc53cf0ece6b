/**
 * Request bodies of PROTOCOL.md §3 (client → server). Required fields and types are enforced;
 * unknown extra fields are accepted and stripped (§ "Code may add … fields"), so an older server
 * ignores what a newer client adds. Every request may carry `reqId` (§2).
 */
import { z } from 'zod';
import { MsgType, type RequestType } from './msg-types';
import { DEFAULT_DEVICE, DeviceId, Id, Limits, MessageKind, ReqId, Seq } from './shapes';

/** What every request may carry (§2). Also the whole body of the parameterless requests. */
export const RequestBase = z.object({ reqId: ReqId.optional() });

const Remark = z.string().max(Limits.REMARK_MAX);
const InConversation = RequestBase.extend({ conversationId: Id });

export const LoginRequest = RequestBase.extend({
  uid: Id,
  token: z.string().min(1).max(Limits.TOKEN_MAX),
  /** Wire-contract version; this file describes version 1. */
  protocol: z.literal(1),
  device: z.string().max(Limits.DEVICE_MAX).optional(),
  /** §9.2: the client's own stable device id; without it the connection is device "default". */
  deviceId: DeviceId.optional(),
  /** §9.2: a readable name ("Chrome on Linux", "parley CLI"). */
  deviceName: z.string().max(Limits.DEVICE_NAME_MAX).optional(),
});
export type LoginRequest = z.output<typeof LoginRequest>;

/** §3: uid, username or email, exact or prefix. */
export const SearchUserRequest = RequestBase.extend({
  query: z.string().min(1).max(Limits.QUERY_MAX),
});
export type SearchUserRequest = z.output<typeof SearchUserRequest>;

export const FriendAddRequest = RequestBase.extend({
  toUid: Id,
  greeting: z.string().max(Limits.GREETING_MAX).optional(),
  remark: Remark.optional(),
});
export type FriendAddRequest = z.output<typeof FriendAddRequest>;

export const FriendReplyRequest = RequestBase.extend({
  requestId: Id,
  accept: z.boolean(),
  remark: Remark.optional(),
});
export type FriendReplyRequest = z.output<typeof FriendReplyRequest>;

const SendBase = InConversation.extend({
  /** The idempotency key of §5: a repeat with the same sender and clientMsgId is not re-stored. */
  clientMsgId: z.string().min(1).max(Limits.CLIENT_MSG_ID_MAX),
  /** §9.4: a msgId of the same conversation that this message quotes. */
  replyTo: Id.optional(),
});

/**
 * SEND_MSG, split on `kind` so "text needs text, media kinds need mediaId" is both checked and
 * visible in the type. A media message may carry a caption in `text`.
 */
export const SendMsgRequest = z.discriminatedUnion('kind', [
  SendBase.extend({
    kind: z.literal(MessageKind.enum.text),
    text: z.string().min(1).max(Limits.TEXT_MAX),
  }),
  SendBase.extend({
    kind: MessageKind.exclude(['text']),
    mediaId: Id,
    text: z.string().max(Limits.TEXT_MAX).optional(),
  }),
]);
export type SendMsgRequest = z.output<typeof SendMsgRequest>;

export const HeartbeatRequest = RequestBase;
export type HeartbeatRequest = z.output<typeof HeartbeatRequest>;

export const ConversationsRequest = RequestBase;
export type ConversationsRequest = z.output<typeof ConversationsRequest>;

/** §3: limit ≤ 100, default 50; `beforeSeq` pages back, `afterSeq` catches up (§5). */
export const HistoryRequest = InConversation.extend({
  beforeSeq: Seq.optional(),
  afterSeq: Seq.optional(),
  limit: z.int().min(1).max(Limits.HISTORY_LIMIT_MAX).default(Limits.HISTORY_LIMIT_DEFAULT),
});
export type HistoryRequest = z.output<typeof HistoryRequest>;

export const FriendListRequest = RequestBase;
export type FriendListRequest = z.output<typeof FriendListRequest>;

export const FriendRequestsRequest = RequestBase;
export type FriendRequestsRequest = z.output<typeof FriendRequestsRequest>;

export const ReadRequest = InConversation.extend({ seq: Seq });
export type ReadRequest = z.output<typeof ReadRequest>;

/** No response (§3). */
export const TypingRequest = InConversation;
export type TypingRequest = z.output<typeof TypingRequest>;

/** Everything up to `seq` has been delivered (§3, §5). */
export const AckRequest = InConversation.extend({ seq: Seq });
export type AckRequest = z.output<typeof AckRequest>;

/** The 2-minute window and "own message" rule are the server's to check (§3): someone else's
 *  message (or not a member) → FORBIDDEN, past the window → CONFLICT, a msgId that is not a
 *  message of this conversation → NOT_FOUND; recalling a recalled message again is OK. */
export const RecallRequest = InConversation.extend({ msgId: Id });
export type RecallRequest = z.output<typeof RecallRequest>;

const GroupName = z.string().min(1).max(Limits.GROUP_NAME_MAX);

/** The creator is a member implicitly, so `memberUids` may be empty. */
export const GroupCreateRequest = RequestBase.extend({
  name: GroupName,
  memberUids: z.array(Id).max(Limits.GROUP_UIDS_MAX),
});
export type GroupCreateRequest = z.output<typeof GroupCreateRequest>;

export const GroupInviteRequest = RequestBase.extend({
  groupId: Id,
  uids: z.array(Id).min(1).max(Limits.GROUP_UIDS_MAX),
});
export type GroupInviteRequest = z.output<typeof GroupInviteRequest>;

export const GroupLeaveRequest = RequestBase.extend({ groupId: Id });
export type GroupLeaveRequest = z.output<typeof GroupLeaveRequest>;

/** Parley addition (2009): the owner renames the group; members get GROUP_NOTIFY "renamed". */
export const GroupRenameRequest = RequestBase.extend({ groupId: Id, name: GroupName });
export type GroupRenameRequest = z.output<typeof GroupRenameRequest>;

/** Parley addition (2011): every member with its role, for members only. */
export const GroupMembersRequest = RequestBase.extend({ groupId: Id });
export type GroupMembersRequest = z.output<typeof GroupMembersRequest>;

/** Parley addition (2016): the group's newest `limit` event lines, for members only. */
export const GroupEventsRequest = RequestBase.extend({
  groupId: Id,
  limit: z.int().min(1).max(Limits.GROUP_EVENTS_MAX).optional(),
});
export type GroupEventsRequest = z.output<typeof GroupEventsRequest>;

/** §9.3 (2022): text messages and file names matching `query` (a case-insensitive substring)
 *  in the conversations the user is a member of, newest first; `before` (a msgId) pages older. */
export const SearchMsgRequest = RequestBase.extend({
  query: z.string().min(1).max(Limits.SEARCH_QUERY_MAX),
  conversationId: Id.optional(),
  limit: z.int().min(1).max(Limits.SEARCH_LIMIT_MAX).optional(),
  before: Id.optional(),
});
export type SearchMsgRequest = z.output<typeof SearchMsgRequest>;

/** Parley addition (2030): mute (or unmute) one conversation for oneself; members only. */
/** §9.2: log one of the user's own devices out (its tokens revoked, its connection KICKED). */
export const DeviceRevokeRequest = RequestBase.extend({
  deviceId: z.union([z.literal(DEFAULT_DEVICE), DeviceId]),
});
export type DeviceRevokeRequest = z.output<typeof DeviceRevokeRequest>;

export const ConvMuteRequest = RequestBase.extend({ conversationId: Id, muted: z.boolean() });
export type ConvMuteRequest = z.output<typeof ConvMuteRequest>;

/**
 * Parley addition (2013): edit one's own card. At least one field; the nick is trimmed and must
 * not be blank. Values are stored and sent verbatim — markup in a nick is text, and escaping it
 * is every client's job.
 */
export const ProfileUpdateRequest = RequestBase.extend({
  nick: z.string().trim().min(1).max(Limits.NICK_MAX).optional(),
  bio: z.string().max(Limits.BIO_MAX).optional(),
  avatar: z.string().max(Limits.AVATAR_MAX).optional(),
}).refine((b) => b.nick !== undefined || b.bio !== undefined || b.avatar !== undefined, {
  message: 'nick, bio or avatar: at least one is required',
});
export type ProfileUpdateRequest = z.output<typeof ProfileUpdateRequest>;

/** Request schemas by type, precisely typed; `requestSchemas` is the same table keyed by number. */
export const requestSchemaMap = {
  [MsgType.LOGIN]: LoginRequest,
  [MsgType.SEARCH_USER]: SearchUserRequest,
  [MsgType.FRIEND_ADD]: FriendAddRequest,
  [MsgType.FRIEND_REPLY]: FriendReplyRequest,
  [MsgType.SEND_MSG]: SendMsgRequest,
  [MsgType.HEARTBEAT]: HeartbeatRequest,
  [MsgType.CONVERSATIONS]: ConversationsRequest,
  [MsgType.HISTORY]: HistoryRequest,
  [MsgType.FRIEND_LIST]: FriendListRequest,
  [MsgType.FRIEND_REQUESTS]: FriendRequestsRequest,
  [MsgType.READ]: ReadRequest,
  [MsgType.TYPING]: TypingRequest,
  [MsgType.ACK]: AckRequest,
  [MsgType.RECALL]: RecallRequest,
  [MsgType.GROUP_CREATE]: GroupCreateRequest,
  [MsgType.GROUP_INVITE]: GroupInviteRequest,
  [MsgType.GROUP_LEAVE]: GroupLeaveRequest,
  [MsgType.GROUP_RENAME]: GroupRenameRequest,
  [MsgType.GROUP_MEMBERS]: GroupMembersRequest,
  [MsgType.GROUP_EVENTS]: GroupEventsRequest,
  [MsgType.DEVICES]: RequestBase,
  [MsgType.DEVICE_REVOKE]: DeviceRevokeRequest,
  [MsgType.SEARCH_MSG]: SearchMsgRequest,
  [MsgType.CONV_MUTE]: ConvMuteRequest,
  [MsgType.PROFILE_UPDATE]: ProfileUpdateRequest,
} as const satisfies Record<RequestType, z.ZodType>;
export type RequestSchemaMap = typeof requestSchemaMap;

export const requestSchemas: Partial<Record<number, z.ZodType>> = Object.freeze({
  ...requestSchemaMap,
});

/** The validated body of request type `T` (defaults already applied, e.g. HISTORY `limit`). */
export type RequestOf<T extends RequestType> = z.output<RequestSchemaMap[T]>;
/** What a client may send as request type `T` (defaults still optional). */
export type RequestInput<T extends RequestType> = z.input<RequestSchemaMap[T]>;
/** Any validated request body. */
export type AnyRequest = RequestOf<RequestType>;
