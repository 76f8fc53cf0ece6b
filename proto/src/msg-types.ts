/**
 * Message-type numbers of PROTOCOL.md §3 and their roles. A request `N` is answered by `N + 1`
 * (§2); pushes are unsolicited. The numbering follows the llfcchat family (1005 login, 1017 chat,
 * 1023 heartbeat), so gaps (1012, 1016, …) are deliberate.
 */

export const MsgType = {
  ERROR: 1,
  LOGIN: 1005,
  LOGIN_RSP: 1006,
  SEARCH_USER: 1007,
  SEARCH_USER_RSP: 1008,
  FRIEND_ADD: 1009,
  FRIEND_ADD_RSP: 1010,
  FRIEND_REQUEST_NOTIFY: 1011,
  FRIEND_REPLY: 1013,
  FRIEND_REPLY_RSP: 1014,
  FRIEND_REPLY_NOTIFY: 1015,
  SEND_MSG: 1017,
  SEND_MSG_RSP: 1018,
  MSG_NOTIFY: 1019,
  KICKED: 1021,
  HEARTBEAT: 1023,
  HEARTBEAT_RSP: 1024,
  CONVERSATIONS: 1025,
  CONVERSATIONS_RSP: 1026,
  HISTORY: 1029,
  HISTORY_RSP: 1030,
  FRIEND_LIST: 1031,
  FRIEND_LIST_RSP: 1032,
  FRIEND_REQUESTS: 1033,
  FRIEND_REQUESTS_RSP: 1034,
  READ: 1035,
  READ_RSP: 1036,
  READ_NOTIFY: 1037,
  TYPING: 1039,
  TYPING_NOTIFY: 1040,
  PRESENCE_NOTIFY: 1041,
  ACK: 1043,
  ACK_RSP: 1044,
  RECALL: 1045,
  RECALL_RSP: 1046,
  RECALL_NOTIFY: 1047,
  GROUP_CREATE: 2001,
  GROUP_CREATE_RSP: 2002,
  GROUP_INVITE: 2003,
  GROUP_INVITE_RSP: 2004,
  GROUP_LEAVE: 2005,
  GROUP_LEAVE_RSP: 2006,
  GROUP_NOTIFY: 2007,
  // Parley additions (the contract allows new types): rename (owner only) and the member list.
  GROUP_RENAME: 2009,
  GROUP_RENAME_RSP: 2010,
  GROUP_MEMBERS: 2011,
  GROUP_MEMBERS_RSP: 2012,
  // Parley addition (issue 4): edit one's own nick, bio and avatar; friends get PROFILE_NOTIFY.
  PROFILE_UPDATE: 2013,
  PROFILE_UPDATE_RSP: 2014,
  PROFILE_NOTIFY: 2015,
  // Parley addition (issue 5): a group's stored event lines ("Alice invited Carol"), so they
  // survive a reload like its messages do.
  GROUP_EVENTS: 2016,
  GROUP_EVENTS_RSP: 2017,
  // PROTOCOL.md §9.2 (v1.1): the user's devices, and logging one of them out.
  DEVICES: 2018,
  DEVICES_RSP: 2019,
  DEVICE_REVOKE: 2020,
  DEVICE_REVOKE_RSP: 2021,
  // PROTOCOL.md §9.3 (v1.1): message search.
  SEARCH_MSG: 2022,
  SEARCH_MSG_RSP: 2023,
  // Parley addition (issue 12): mute one conversation for oneself, on every device.
  CONV_MUTE: 2030,
  CONV_MUTE_RSP: 2031,
  // PROTOCOL.md §9.5: the ChatServer is about to stop on purpose; reconnect elsewhere.
  SERVER_NOTICE: 2024,
} as const;

export type MsgTypeKey = keyof typeof MsgType;
export type MsgTypeValue = (typeof MsgType)[MsgTypeKey];

/** Reverse map, number → name (`1017 → 'SEND_MSG'`), for logs and `ERROR` texts. */
export const MsgTypeName: Record<number, MsgTypeKey> = Object.freeze(
  Object.fromEntries(Object.entries(MsgType).map(([name, type]) => [type, name])) as Record<
    number,
    MsgTypeKey
  >,
);

/** Request types, client → server (§3 "req"). */
export const REQUEST_TYPES = [
  MsgType.LOGIN,
  MsgType.SEARCH_USER,
  MsgType.FRIEND_ADD,
  MsgType.FRIEND_REPLY,
  MsgType.SEND_MSG,
  MsgType.HEARTBEAT,
  MsgType.CONVERSATIONS,
  MsgType.HISTORY,
  MsgType.FRIEND_LIST,
  MsgType.FRIEND_REQUESTS,
  MsgType.READ,
  MsgType.TYPING,
  MsgType.ACK,
  MsgType.RECALL,
  MsgType.GROUP_CREATE,
  MsgType.GROUP_INVITE,
  MsgType.GROUP_LEAVE,
  MsgType.GROUP_RENAME,
  MsgType.GROUP_MEMBERS,
  MsgType.PROFILE_UPDATE,
  MsgType.GROUP_EVENTS,
  MsgType.DEVICES,
  MsgType.DEVICE_REVOKE,
  MsgType.SEARCH_MSG,
  MsgType.CONV_MUTE,
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** Push types, server → client, unsolicited (§3 "push"). */
export const PUSH_TYPES = [
  MsgType.ERROR,
  MsgType.FRIEND_REQUEST_NOTIFY,
  MsgType.FRIEND_REPLY_NOTIFY,
  MsgType.MSG_NOTIFY,
  MsgType.KICKED,
  MsgType.READ_NOTIFY,
  MsgType.TYPING_NOTIFY,
  MsgType.PRESENCE_NOTIFY,
  MsgType.RECALL_NOTIFY,
  MsgType.GROUP_NOTIFY,
  MsgType.PROFILE_NOTIFY,
  MsgType.SERVER_NOTICE,
] as const;
export type PushType = (typeof PUSH_TYPES)[number];

/** Requests that get no response: TYPING is fire-and-forget (§3 "req (no rsp)"). */
const NO_RESPONSE: ReadonlySet<number> = new Set([MsgType.TYPING]);
const REQUESTS: ReadonlySet<number> = new Set(REQUEST_TYPES);
const PUSHES: ReadonlySet<number> = new Set(PUSH_TYPES);

export type ResponseType = Exclude<MsgTypeValue, RequestType | PushType>;
export type MsgRole = 'request' | 'response' | 'push';

export function isMsgType(type: number): type is MsgTypeValue {
  return MsgTypeName[type] !== undefined;
}

export function isRequestType(type: number): type is RequestType {
  return REQUESTS.has(type);
}

export function roleOf(type: number): MsgRole | undefined {
  if (!isMsgType(type)) return undefined;
  if (REQUESTS.has(type)) return 'request';
  return PUSHES.has(type) ? 'push' : 'response';
}

/** Request type → its response type, at the type level: every `X` whose `X_RSP` exists (§2:
 *  N → N + 1, held by a test). A new request with a `_RSP` needs no entry here. */
type AnsweredMap = {
  [
    K in MsgTypeKey as `${K}_RSP` extends MsgTypeKey ? (typeof MsgType)[K] : never
  ]: (typeof MsgType)[`${K}_RSP` & MsgTypeKey];
};
/** The response type of request `T`; `never` for TYPING, which has none. */
export type ResponseTypeOf<T extends RequestType> = T extends keyof AnsweredMap
  ? AnsweredMap[T]
  : never;

/** The response type of a request (§2: N → N + 1); undefined for TYPING and non-requests. */
export function responseTypeOf(type: number): number | undefined {
  return REQUESTS.has(type) && !NO_RESPONSE.has(type) ? type + 1 : undefined;
}
