// What every handler can reach: the server's identity, its live connections and its deps.
import type { RequestOf, RequestType, ResponseOf } from '@parley/proto';
import type { Db } from '@parley/db';
import type { Logger, Stores } from '@parley/core';
import type { StatusClient } from '@parley/status';
import type { Connection } from './connection';
import type { UserData } from './data/users';
import type { FriendData } from './data/friends';
import type { ConversationData } from './data/conversations';
import type { GroupData } from './data/groups';
import type { SearchData } from './data/search';
import type { MessageWriter } from './data/message-writer';
import type { ChatCounters } from './metrics';
import type { CursorWriter } from './data/cursor-writer';
import type { Fanout } from './delivery/fanout';
import type { OnlineUsers } from './delivery/online';
import type { DeviceCursorData } from './data/device-cursors';
import type { DeviceTokenData } from './data/device-tokens';
import type { HotStore } from './data/store';

export interface ChatConfig {
  heartbeatMs: number;
  maxBody: number;
  loginTimeoutMs: number;
  /** SEND_MSG per user per second before RATE_LIMITED. */
  messagesPerSecond: number;
  /** Most members a group may have, its owner included (issue 5); more → CONFLICT. */
  maxGroupMembers: number;
  /** RECALL is allowed this long after a message's sentAt (PROTOCOL.md §3: 2 minutes). */
  recallWindowMs: number;
  /** SEARCH_MSG scans a user's messages below this many readable ones, else uses the index
   *  where there is one (data/search.ts). */
  searchScanReach: number;
  /** How many index matches a search looks at before it scans instead (data/search.ts). */
  searchIndexWindow: number;
  /** LOGINs worked on at once; the rest wait their turn (issue 11: a reconnect storm queues
   *  rather than times out), and a queued LOGIN is not closed by the login deadline. */
  maxConcurrentLogins: number;
}

export interface ChatContext {
  name: string;
  config: ChatConfig;
  db: Db;
  stores: Pick<Stores, 'routes'>;
  status: StatusClient;
  logger: Logger;
  /** uid → its devices' live connections on this server (PROTOCOL.md §9.2). */
  online: OnlineUsers;
  /** sessionId → connection whose LOGIN is claiming the route right now. */
  pendingLogins: Map<string, Connection>;
  users: UserData;
  friends: FriendData;
  conversations: ConversationData;
  groups: GroupData;
  search: SearchData;
  writer: MessageWriter;
  cursors: CursorWriter;
  /** §9.2: named devices' own ACK cursors. */
  deviceCursors: DeviceCursorData;
  /** §9.2: the device each token logs in. */
  deviceTokens: DeviceTokenData;
  /** LOGIN's reads on the hot store's prepared statements (SQLite) rather than Prisma. */
  reads: Pick<HotStore, 'loginView' | 'memberships'>;
  fanout: Fanout;
  /** Plain counters read at scrape time (metrics.ts). */
  counters: ChatCounters;
}

/** A response whose fields are serialised already: `fields` is the JSON of the body's members
 *  after `error` (e.g. `"message":{…}`), so SEND_MSG serialises its Message once for the
 *  response and the notify. */
export class RawReply {
  constructor(readonly fields: string) {}
}

/** Returned by a handler whose answer waits on something slow that need not hold up the
 *  connection's next frame (SEND_MSG waits for its group commit): the connection moves on once
 *  the request is admitted, and the response goes out when `result` settles. */
export class Later<R extends object = object> {
  constructor(readonly result: Promise<R>) {}
}

/** What a handler for request `T` may answer: its response's success fields (proto's schema, so
 *  a wrong field does not compile), or those fields serialised already. */
export type Reply<T extends RequestType> = ResponseOf<T> | RawReply;

/** A handler answers request `T`, whose body proto's schema has validated; its return value (if
 *  any) is sent as the response body with error 0 and the request's reqId. Throw a ParleyError
 *  for a coded failure. */
export type Handler<T extends RequestType> = (
  ctx: ChatContext,
  conn: Connection,
  body: RequestOf<T>,
) => Promise<Reply<T> | Later<Reply<T>> | void> | Reply<T> | Later<Reply<T>> | void;

/** One handler per request type, each typed by its own request and response (router.ts). */
export type HandlerMap = { [T in RequestType]?: Handler<T> };

/** The logged-in user of a connection, as the database's integer id. */
export function me(conn: Connection): { uid: string; id: number } {
  const uid = conn.session!.uid;
  return { uid, id: Number(uid) };
}
