// LOGIN and HEARTBEAT (PROTOCOL.md §3-§4), the one-live-session rule across the cluster, the
// login backlog (§5) and presence.
import { ErrorCode, MsgType, ParleyError, type Message } from '@parley/proto';
import { newId } from '@parley/core';
import type { ChatContext, Handler } from '../context';
import type { Connection } from '../connection';
import { Inbox, notifyBody, SYNC_MAX, type InboxDeps } from '../delivery/inbox';
import { toCard, userId } from '../data/users';
import type { Envelope } from '../peers/types';

/** Route TTL: refreshed by heartbeats, so a crashed server's routes lapse on their own. */
export const routeTtlMs = (heartbeatMs: number): number => heartbeatMs * 3;

export function kick(conn: Connection, device?: string): void {
  conn.end(MsgType.KICKED, {
    reason: 'logged in elsewhere',
    at: Date.now(),
    ...(device ? { device } : {}),
  });
}

export const login: Handler = async (ctx, conn, body) => {
  if (conn.session) throw new ParleyError(ErrorCode.CONFLICT, 'already logged in');
  const uid = String(body['uid']);
  // The token check (a map lookup, or one Redis GET) and the user's reads go out together: no
  // chain of round trips per login (issue 9). Nothing read is used unless the token is good.
  const id = userId(uid);
  const [owner, view] = await Promise.all([
    ctx.status.validateToken(String(body['token'])),
    id === null ? null : ctx.reads.loginView(id),
  ]);
  if (owner !== uid)
    throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token does not belong to this uid');
  if (!view?.card) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'user no longer exists');
  const user = toCard(view.card);
  if (conn.closed) return;
  const device = typeof body['device'] === 'string' ? body['device'] : undefined;

  // Newest login wins (§4). The route is claimed atomically; a KICKED for this session may come
  // back from a still newer login before the claim even returns, so it is known as pending.
  const sessionId = newId();
  conn.pendingSessionId = sessionId;
  conn.controlHandler = onControl;
  ctx.pendingLogins.set(sessionId, conn);
  let previous;
  try {
    previous = await ctx.stores.routes.claim(
      uid,
      { server: ctx.name, sessionId },
      routeTtlMs(ctx.config.heartbeatMs),
    );
  } finally {
    ctx.pendingLogins.delete(sessionId);
    conn.pendingSessionId = null;
  }
  if (conn.closed || conn.kickedWhilePending) {
    await ctx.stores.routes.release(uid, sessionId);
    if (!conn.closed) kick(conn);
    return;
  }
  if (previous && previous.sessionId !== sessionId) {
    if (previous.server === ctx.name) {
      const old = ctx.online.get(uid);
      if (old && old.session?.sessionId === previous.sessionId) kick(old, device);
    } else {
      ctx.fanout.control(previous.server, uid, previous.sessionId, MsgType.KICKED);
    }
  }
  // Belt and braces: any other connection of this uid here is older than this one.
  const local = ctx.online.get(uid);
  if (local && local !== conn) kick(local, device);

  conn.session = { uid, sessionId, device };
  conn.inbox = new Inbox(new InboxLink(uid, conn, ctx));
  ctx.online.set(uid, conn);
  ctx.logger.debug({ connId: conn.id, uid, replaced: previous?.server }, 'logged in');
  // After the response is queued: the backlog above each ACK cursor, then presence.
  setImmediate(() => {
    void syncBacklog(ctx, conn).catch((err: unknown) =>
      conn.log.warn({ err }, 'backlog sync failed'),
    );
    void announce(ctx, uid, true, view.friendIds).catch((err: unknown) =>
      conn.log.warn({ err }, 'presence failed'),
    );
  });
  return { user, server: ctx.name, heartbeatMs: ctx.config.heartbeatMs };
};

/** KICKED from another ChatServer: for a live session now, for a LOGIN still claiming its route
 *  once it has. */
function onControl(conn: Connection, e: Envelope): void {
  if (e.type !== MsgType.KICKED) return;
  if (conn.session) kick(conn);
  else conn.kickedWhilePending = true;
}

/** What a connection's Inbox reaches, as one object with prototype methods rather than closures:
 *  (tsx's keepNames gives every named closure its own property store, ~250 bytes each, on every
 *  idle connection; measured with npm run bench:heap). */
class InboxLink implements InboxDeps {
  constructor(
    readonly self: string,
    private readonly conn: Connection,
    private readonly ctx: ChatContext,
  ) {}

  sendBody(type: number, body: Uint8Array | string): void {
    this.ctx.counters.messagesOut++; // the Inbox sends MSG_NOTIFY only
    this.conn.sendBody(type, body);
  }

  range(conversationId: string, from: number, to: number, max: number): Promise<Message[]> {
    return this.ctx.conversations.range(conversationId, from, to, max);
  }

  async cursor(conversationId: string): Promise<number> {
    return (
      (await this.ctx.conversations.membership(conversationId, Number(this.self)))?.ackSeq ?? 0
    );
  }

  onError(err: unknown): void {
    this.conn.log.warn({ err }, 'delivery gap fill failed');
  }
}

/** §5: after LOGIN the member gets every message above its ACK cursor, oldest first — at most
 *  SYNC_MAX per conversation; CONVERSATIONS' lastSeq then tells it to page the rest. */
async function syncBacklog(ctx: ChatContext, conn: Connection): Promise<void> {
  const uid = conn.session!.uid;
  // Read after the connection went online: whatever commits from here on is delivered live.
  const list = await ctx.reads.memberships(Number(uid));
  for (const m of list) {
    const inbox = conn.inbox;
    if (!inbox || conn.closed) return;
    inbox.init(m.conversationId, m.ackSeq);
    if (m.lastSeq <= m.ackSeq) continue;
    const backlog = await ctx.conversations.range(
      m.conversationId,
      m.ackSeq,
      m.lastSeq + 1,
      SYNC_MAX,
    );
    for (const msg of backlog) {
      if (msg.from === uid) inbox.own(m.conversationId, msg.seq);
      else inbox.offer(m.conversationId, msg.seq, notifyBody(msg));
    }
    if (m.lastSeq - m.ackSeq > SYNC_MAX) inbox.skipTo(m.conversationId, m.lastSeq + 1);
  }
}

/** PRESENCE_NOTIFY to the user's friends. */
export async function announce(
  ctx: ChatContext,
  uid: string,
  online: boolean,
  friendIds?: number[],
): Promise<void> {
  const friends = friendIds ?? (await ctx.friends.friendIds(Number(uid)));
  ctx.fanout.push(friends.map(String), MsgType.PRESENCE_NOTIFY, { uid, online });
}

/** How long a HEARTBEAT waits for its route refresh before it is answered anyway: a route store
 *  that is slow or down (issue 11: Redis restarting) must not make a live connection look dead
 *  to its client, whose own heartbeat deadline is 10 s. */
export const HEARTBEAT_STORE_WAIT_MS = 1_000;

/** The route refresh still out per connection: one at a time, so heartbeats during a Redis
 *  outage do not pile up commands. */
const refreshing = new WeakMap<Connection, Promise<'ok' | 'kicked'>>();

export const heartbeat: Handler = async (ctx: ChatContext, conn) => {
  let refresh = refreshing.get(conn);
  if (!refresh) {
    refresh = refreshRoute(ctx, conn)
      .catch((err: unknown) => {
        conn.log.warn({ err }, 'route refresh failed');
        return 'ok' as const;
      })
      .finally(() => refreshing.delete(conn));
    refreshing.set(conn, refresh);
  }
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), HEARTBEAT_STORE_WAIT_MS);
  });
  const outcome = await Promise.race([refresh, late]);
  clearTimeout(timer);
  if (outcome === 'kicked') return;
  return { serverTime: Date.now() };
};

/** Make sure the route table still names this session: extend it, or claim it again if it lapsed
 *  (a route store restarted empty), or obey a newer session that took it over. */
export async function refreshRoute(ctx: ChatContext, conn: Connection): Promise<'ok' | 'kicked'> {
  const s = conn.session;
  if (!s || conn.closed) return 'ok';
  const ttl = routeTtlMs(ctx.config.heartbeatMs);
  if (await ctx.stores.routes.refresh(s.uid, s.sessionId, ttl)) return 'ok';
  const route = await ctx.stores.routes.get(s.uid);
  if (route && route.sessionId !== s.sessionId) {
    // Taken over by a newer login whose KICKED did not reach us: obey the route table.
    kick(conn);
    return 'kicked';
  }
  // The route lapsed (e.g. the route store restarted empty): this is still the newest session.
  if (!conn.closed)
    await ctx.stores.routes.claim(s.uid, { server: ctx.name, sessionId: s.sessionId }, ttl);
  return 'ok';
}
