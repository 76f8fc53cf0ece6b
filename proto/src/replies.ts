/**
 * Response and push bodies of PROTOCOL.md §3 (server → client).
 *
 * Every response is either a success (`error: 0` plus the fields §3 lists) or a failure
 * (`error` ≠ 0 and `message`, nothing else required), §2. Both echo `reqId`. The failure's
 * `error` is typed as the union of §6 codes, so `if (rsp.error === ErrorCode.OK)` narrows the
 * type to the success fields.
 */
import { z } from 'zod';
import { ErrorCode, type FailureCode } from './errors';
import { MsgType, type PushType, type ResponseType } from './msg-types';
import {
  ConversationSummary,
  FriendEntry,
  FriendRequestEntry,
  Group,
  GroupMember,
  Message,
  Millis,
  ReqId,
  Seq,
  UserCard,
  WireId,
} from './shapes';

const FAILURE_CODES = Object.values(ErrorCode).filter((c): c is FailureCode => c !== ErrorCode.OK);
/** Any §6 code but OK. */
export const FailureCodeSchema = z.literal(FAILURE_CODES);

/** A failed response (§2); RATE_LIMITED may say when to retry (§6). */
export const FailureResponse = z.object({
  error: FailureCodeSchema,
  message: z.string(),
  reqId: ReqId.optional(),
  retryAfterMs: z.int().min(0).optional(),
});
export type FailureResponse = z.output<typeof FailureResponse>;

/** Success head; `message` is optional text here, and overridden where §3 reuses the name. */
const OkBase = z.object({
  error: z.literal(ErrorCode.OK),
  message: z.string().optional(),
  reqId: ReqId.optional(),
});

/**
 * A response schema: the success shape `OkBase + shape`, or a FailureResponse. Discriminated on
 * `error`, so a bad success body is reported by its field ("user: …"), not as "Invalid input".
 */
function response<S extends z.ZodRawShape>(shape: S) {
  return z.discriminatedUnion('error', [OkBase.extend(shape), FailureResponse]);
}

// ---- responses ------------------------------------------------------------------------------

export const LoginResponse = response({
  user: UserCard,
  /** This ChatServer's name, as StatusServer lists it (§8). */
  server: z.string(),
  heartbeatMs: z.int().min(1),
  /** Parley addition (README "Contract additions"): this ChatServer's limits, so a client offers
   *  RECALL only while it can succeed. Absent from other servers: clients assume §3's 2 minutes. */
  limits: z.object({ recallWindowMs: z.int().min(1) }).optional(),
});
export type LoginResponse = z.output<typeof LoginResponse>;

export const SearchUserResponse = response({ users: z.array(UserCard) });
export type SearchUserResponse = z.output<typeof SearchUserResponse>;

export const FriendAddResponse = response({ requestId: WireId });
export type FriendAddResponse = z.output<typeof FriendAddResponse>;

/** `friend` and `conversationId` are present when the request was accepted. */
export const FriendReplyResponse = response({
  friend: UserCard.optional(),
  conversationId: WireId.optional(),
});
export type FriendReplyResponse = z.output<typeof FriendReplyResponse>;

/** §3 names the stored Message `message`, so on success it is an object, on failure the text. */
export const SendMsgResponse = response({ message: Message });
export type SendMsgResponse = z.output<typeof SendMsgResponse>;

export const HeartbeatResponse = response({ serverTime: Millis });
export type HeartbeatResponse = z.output<typeof HeartbeatResponse>;

export const ConversationsResponse = response({ conversations: z.array(ConversationSummary) });
export type ConversationsResponse = z.output<typeof ConversationsResponse>;

/** `messages` in ascending seq (§3). */
export const HistoryResponse = response({ messages: z.array(Message), hasMore: z.boolean() });
export type HistoryResponse = z.output<typeof HistoryResponse>;

export const FriendListResponse = response({ friends: z.array(FriendEntry) });
export type FriendListResponse = z.output<typeof FriendListResponse>;

export const FriendRequestsResponse = response({
  incoming: z.array(FriendRequestEntry),
  outgoing: z.array(FriendRequestEntry),
});
export type FriendRequestsResponse = z.output<typeof FriendRequestsResponse>;

export const ReadResponse = response({});
export type ReadResponse = z.output<typeof ReadResponse>;

export const AckResponse = response({});
export type AckResponse = z.output<typeof AckResponse>;

export const RecallResponse = response({});
export type RecallResponse = z.output<typeof RecallResponse>;

export const GroupCreateResponse = response({ group: Group });
export type GroupCreateResponse = z.output<typeof GroupCreateResponse>;

/** §3 lists no body; Parley adds the updated group, optional so a bare `{error: 0}` is valid. */
export const GroupInviteResponse = response({ group: Group.optional() });
export type GroupInviteResponse = z.output<typeof GroupInviteResponse>;

export const GroupLeaveResponse = response({});
export type GroupLeaveResponse = z.output<typeof GroupLeaveResponse>;

/** Parley addition: the renamed group. */
export const GroupRenameResponse = response({ group: Group });
export type GroupRenameResponse = z.output<typeof GroupRenameResponse>;

/** Parley addition: `group.members` is the preview every `group` carries; `members` is all of
 *  them, in join order (the owner first), with roles. */
export const GroupMembersResponse = response({ group: Group, members: z.array(GroupMember) });
export type GroupMembersResponse = z.output<typeof GroupMembersResponse>;

/** Parley addition: the caller's card as now stored. */
export const ProfileUpdateResponse = response({ user: UserCard });
export type ProfileUpdateResponse = z.output<typeof ProfileUpdateResponse>;

// ---- pushes ---------------------------------------------------------------------------------

/** A fault not tied to one request (§3): unknown type, oversized frame, not logged in. */
export const ErrorPush = z.object({
  error: FailureCodeSchema,
  message: z.string(),
  /** The type of the offending frame, when there was one. */
  refType: z.int().min(0).max(0xffff).optional(),
  reqId: ReqId.optional(),
});
export type ErrorPush = z.output<typeof ErrorPush>;

export const FriendRequestNotify = z.object({
  requestId: WireId,
  from: UserCard,
  greeting: z.string(),
  at: Millis,
});
export type FriendRequestNotify = z.output<typeof FriendRequestNotify>;

export const FriendReplyNotify = z.object({
  requestId: WireId,
  accepted: z.boolean(),
  by: UserCard,
  conversationId: WireId.optional(),
});
export type FriendReplyNotify = z.output<typeof FriendReplyNotify>;

export const MsgNotify = z.object({ message: Message });
export type MsgNotify = z.output<typeof MsgNotify>;

/** Sent before the server closes this connection because a newer login won (§4). */
/** §9.2: `reason` is "replaced", "device_limit", "revoked" or "password_reset" (a client
 *  should accept others); `by` names the login that caused it. */
export const KickedBy = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  ip: z.string().optional(),
});
export type KickedBy = z.output<typeof KickedBy>;

export const KickedPush = z.object({
  reason: z.string(),
  at: Millis,
  device: z.string().optional(),
  by: KickedBy.optional(),
});
export type KickedPush = z.output<typeof KickedPush>;

export const ReadNotify = z.object({ conversationId: WireId, uid: WireId, seq: Seq });
export type ReadNotify = z.output<typeof ReadNotify>;

export const TypingNotify = z.object({ conversationId: WireId, uid: WireId });
export type TypingNotify = z.output<typeof TypingNotify>;

export const PresenceNotify = z.object({ uid: WireId, online: z.boolean() });
export type PresenceNotify = z.output<typeof PresenceNotify>;

/** `by` is the uid that recalled it. */
export const RecallNotify = z.object({ conversationId: WireId, msgId: WireId, by: WireId });
export type RecallNotify = z.output<typeof RecallNotify>;

export const GroupEvent = z.enum(['created', 'joined', 'left', 'renamed']);
export type GroupEvent = z.output<typeof GroupEvent>;

export const GroupNotify = z.object({
  groupId: WireId,
  event: GroupEvent,
  group: Group,
  /** Parley addition: who joined or left, for "joined"/"left". */
  uids: z.array(WireId).optional(),
  /** Parley addition: who did it (creator, inviter, leaver, renamer). */
  by: WireId.optional(),
  /** Parley addition: the stored event (GROUP_EVENTS lists it under this id), the conversation's
   *  last seq when it happened (its line goes after that message) and when. */
  eventId: WireId.optional(),
  afterSeq: Seq.optional(),
  at: Millis.optional(),
});
export type GroupNotify = z.output<typeof GroupNotify>;

/** Parley addition: one stored group event line, oldest first in GROUP_EVENTS. `name` is the
 *  group's name after the event; `uids` who joined or left. */
export const GroupEventEntry = z.object({
  eventId: WireId,
  event: GroupEvent,
  by: WireId.optional(),
  uids: z.array(WireId).optional(),
  name: z.string(),
  afterSeq: Seq,
  at: Millis,
});
export type GroupEventEntry = z.output<typeof GroupEventEntry>;

/** Parley addition: the newest events, oldest first, and the card of everyone they name (members
 *  who have left included). */
export const GroupEventsResponse = response({
  events: z.array(GroupEventEntry),
  users: z.array(UserCard),
});
export type GroupEventsResponse = z.output<typeof GroupEventsResponse>;

/** Parley addition: a friend's new card after PROFILE_UPDATE, to that user's friends. */
export const ProfileNotify = z.object({ user: UserCard });
export type ProfileNotify = z.output<typeof ProfileNotify>;

/** §9.3: one search hit; `conversationId` repeats the message's, so a client can group hits. */
export const SearchHit = z.object({ message: Message, conversationId: WireId });
export type SearchHit = z.output<typeof SearchHit>;

/** §9.3: hits newest first; `hasMore` says whether older hits remain (page with `before`). */
export const SearchMsgResponse = response({ hits: z.array(SearchHit), hasMore: z.boolean() });
export type SearchMsgResponse = z.output<typeof SearchMsgResponse>;
/** PROTOCOL.md §9.5: this ChatServer is draining (a planned restart). The client reconnects after
 *  a random delay of at most `reconnectInMs`, through `POST /auth/assign`. Unknown reasons are
 *  accepted, so a newer server's notice does not break an older client. */
export const ServerNotice = z.object({
  reason: z.string(),
  reconnectInMs: z.int().min(0),
});
export type ServerNotice = z.output<typeof ServerNotice>;

/** Parley addition (2031): the conversation's mute as stored now. */
/** §9.2: one of the user's devices with a live token. */
export const DeviceInfo = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  online: z.boolean(),
  /** The ChatServer it is connected to, while online. */
  server: z.string().optional(),
  /** When its token was issued (first login of this device still logged in). */
  since: Millis,
  /** Its last activity: now while online, else when it went offline or last logged in. */
  lastSeen: Millis,
  /** The device asking. */
  current: z.boolean(),
});
export type DeviceInfo = z.output<typeof DeviceInfo>;

export const DevicesResponse = response({ devices: z.array(DeviceInfo) });
export type DevicesResponse = z.output<typeof DevicesResponse>;

export const DeviceRevokeResponse = response({ deviceId: z.string() });
export type DeviceRevokeResponse = z.output<typeof DeviceRevokeResponse>;

export const ConvMuteResponse = response({ conversationId: WireId, muted: z.boolean() });
export type ConvMuteResponse = z.output<typeof ConvMuteResponse>;

/** Response and push schemas by type. */
export const replySchemaMap = {
  [MsgType.ERROR]: ErrorPush,
  [MsgType.LOGIN_RSP]: LoginResponse,
  [MsgType.SEARCH_USER_RSP]: SearchUserResponse,
  [MsgType.FRIEND_ADD_RSP]: FriendAddResponse,
  [MsgType.FRIEND_REQUEST_NOTIFY]: FriendRequestNotify,
  [MsgType.FRIEND_REPLY_RSP]: FriendReplyResponse,
  [MsgType.FRIEND_REPLY_NOTIFY]: FriendReplyNotify,
  [MsgType.SEND_MSG_RSP]: SendMsgResponse,
  [MsgType.MSG_NOTIFY]: MsgNotify,
  [MsgType.KICKED]: KickedPush,
  [MsgType.DEVICES_RSP]: DevicesResponse,
  [MsgType.DEVICE_REVOKE_RSP]: DeviceRevokeResponse,
  [MsgType.HEARTBEAT_RSP]: HeartbeatResponse,
  [MsgType.CONVERSATIONS_RSP]: ConversationsResponse,
  [MsgType.HISTORY_RSP]: HistoryResponse,
  [MsgType.FRIEND_LIST_RSP]: FriendListResponse,
  [MsgType.FRIEND_REQUESTS_RSP]: FriendRequestsResponse,
  [MsgType.READ_RSP]: ReadResponse,
  [MsgType.READ_NOTIFY]: ReadNotify,
  [MsgType.TYPING_NOTIFY]: TypingNotify,
  [MsgType.PRESENCE_NOTIFY]: PresenceNotify,
  [MsgType.ACK_RSP]: AckResponse,
  [MsgType.RECALL_RSP]: RecallResponse,
  [MsgType.RECALL_NOTIFY]: RecallNotify,
  [MsgType.GROUP_CREATE_RSP]: GroupCreateResponse,
  [MsgType.GROUP_INVITE_RSP]: GroupInviteResponse,
  [MsgType.GROUP_LEAVE_RSP]: GroupLeaveResponse,
  [MsgType.GROUP_NOTIFY]: GroupNotify,
  [MsgType.GROUP_RENAME_RSP]: GroupRenameResponse,
  [MsgType.GROUP_MEMBERS_RSP]: GroupMembersResponse,
  [MsgType.GROUP_EVENTS_RSP]: GroupEventsResponse,
  [MsgType.SEARCH_MSG_RSP]: SearchMsgResponse,
  [MsgType.CONV_MUTE_RSP]: ConvMuteResponse,
  [MsgType.PROFILE_UPDATE_RSP]: ProfileUpdateResponse,
  [MsgType.PROFILE_NOTIFY]: ProfileNotify,
  [MsgType.SERVER_NOTICE]: ServerNotice,
} as const satisfies Record<ResponseType | PushType, z.ZodType>;
export type ReplySchemaMap = typeof replySchemaMap;
