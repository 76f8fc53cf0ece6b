// LOGIN and HEARTBEAT (PROTOCOL.md §3-§4), the one-live-session-per-device rule across the
// cluster (§9.2: up to five devices per uid), the login backlog (§5) and presence.
import {
  DEFAULT_DEVICE,
  ErrorCode,
  MsgType,
  ParleyError,
  parseBody,
  type KickedPush,
  type Message,
} from '@parley/proto';
import { MAX_DEVICES, newId, sha256, type ClaimResult, type Route } from '@parley/core';
import type { ChatContext, Handler } from '../context';
import type { Connection, Session } from '../connection';
import { isNamedDevice } from '../data/device-cursors';
import { Inbox, notifyBody, SYNC_MAX, type InboxDeps } from '../delivery/inbox';
import { toCard, userId } from '../data/users';
import type { Envelope } from '../peers/types';

/** Route TTL: refreshed by heartbeats, so a crashed server's routes lapse on their own. */
export const routeTtlMs = (heartbeatMs: number): number => heartbeatMs * 3;

/** KICKED's reasons (PROTOCOL.md §9.2). */
export type KickReason = 'replaced' | 'device_limit' | 'revoked' | 'password_reset';

/** The KICKED push: `by` names the login (or the device) that caused it. */
export function kickedBody(reason: KickReason, by?: Session, ip?: string): KickedPush {
  return {
    reason,
    at: Date.now(),
    ...(by?.device ? { device: by.device } : {}),
    ...(by
      ? { by: { deviceId: by.deviceId, deviceName: by.deviceName, ...(ip ? { ip } : {}) } }
      : {}),
  };
}

export function kick(conn: Connection, body: KickedPush): void {
  conn.end(MsgType.KICKED, body);
}

/** KICKED to the session a route names, wherever it is. */
export function kickRoute(ctx: ChatContext, uid: string, route: Route, body: KickedPush): void {
  if (route.server === ctx.name) {
    const old = ctx.online.device(uid, route.deviceId);
    if (old && old.session?.sessionId === route.sessionId) kick(old, body);
    else ctx.pendingLogins.get(route.sessionId)?.remoteControl(controlEnvelope(uid, route, body));
  } else {
    ctx.fanout.control(route.server, uid, route.sessionId, MsgType.KICKED, body);
  }
}

function controlEnvelope(uid: string, route: Route, body: KickedPush): Envelope {
  return {
    toUids: [uid],
    type: MsgType.KICKED,
    body: JSON.stringify(body),
    sessionId: route.sessionId,
  };
}

export const login: Handler<typeof MsgType.LOGIN> = async (ctx, conn, b) => {
  if (conn.session) throw new ParleyError(ErrorCode.CONFLICT, 'already logged in');
  const uid = b.uid;
  const tokenHash = sha256(b.token);
  // The token check (a map lookup, or one Redis GET), the token's device and the user's reads go
  // out together: no chain of round trips per login (issue 9). Nothing read is used unless the
  // token is good.
  const id = userId(uid);
  const [owner, view, tokenDevice] = await Promise.all([
    ctx.status.validateToken(b.token),
    id === null ? null : ctx.reads.loginView(id),
    ctx.deviceTokens.find(tokenHash),
  ]);
  if (owner !== uid)
    throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token does not belong to this uid');
  if (!view?.card) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'user no longer exists');
  // §9.2: a token bound to a device logs in only as that device (so revoking a device revokes
  // every way in it had); a LOGIN without deviceId is the token's device, else "default".
  const bound = tokenDevice?.deviceId ?? null;
  if (bound !== null && b.deviceId !== undefined && b.deviceId !== bound)
    throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token belongs to another device');
  const deviceId = b.deviceId ?? bound ?? DEFAULT_DEVICE;
  const deviceName = b.deviceName ?? tokenDevice?.deviceName ?? '';
  const user = toCard(view.card);
  if (conn.closed) return;

  // Newest login per device wins (§4, §9.2). The route is claimed atomically; a KICKED for this
  // session may come back from a still newer login before the claim even returns, so it is
  // known as pending.
  const sessionId = newId();
  const session: Session = { uid, sessionId, device: b.device, deviceId, deviceName, tokenHash };
  const ip = conn.socket.remoteAddress;
  conn.pendingSessionId = sessionId;
  conn.controlHandler = onControl;
  ctx.pendingLogins.set(sessionId, conn);
  let claim: ClaimResult;
  try {
    [claim] = await Promise.all([
      ctx.stores.routes.claim(
        uid,
        { server: ctx.name, sessionId, deviceId, activeAt: Date.now() },
        routeTtlMs(ctx.config.heartbeatMs),
        MAX_DEVICES,
      ),
      // Bound before the answer, so a DEVICES right after lists this device.
      ctx.deviceTokens
        .bind(
          tokenHash,
          bound === null ? (b.deviceId ?? null) : null,
          b.deviceName ?? '',
          Date.now(),
        )
        .catch((err: unknown) => conn.log.warn({ err }, 'token device not bound')),
    ]);
  } finally {
    ctx.pendingLogins.delete(sessionId);
    conn.pendingSessionId = null;
  }
  if (conn.closed || conn.kickedWhilePending) {
    await ctx.stores.routes.release(uid, sessionId);
    if (!conn.closed) kick(conn, conn.kickedWhilePending ?? kickedBody('replaced'));
    return;
  }
  if (claim.replaced && claim.replaced.sessionId !== sessionId)
    kickRoute(ctx, uid, claim.replaced, kickedBody('replaced', session, ip));
  if (claim.evicted) kickRoute(ctx, uid, claim.evicted, kickedBody('device_limit', session, ip));

  conn.session = session;
  conn.inbox = new Inbox(new InboxLink(isNamedDevice(deviceId) ? '' : uid, conn, ctx));
  // Belt and braces: any other connection of this device here is older than this one.
  const local = ctx.online.add(conn);
  if (local && local !== conn) kick(local, kickedBody('replaced', session, ip));
  ctx.logger.debug({ connId: conn.id, uid, deviceId }, 'logged in');
  // After the response is queued: the backlog above this device's ACK cursor, then presence.
  setImmediate(() => {
    void syncBacklog(ctx, conn).catch((err: unknown) =>
      conn.log.warn({ err }, 'backlog sync failed'),
    );
    void announce(ctx, uid, true, view.friendIds).catch((err: unknown) =>
      conn.log.warn({ err }, 'presence failed'),
    );
  });
  return {
    user,
    server: ctx.name,
    heartbeatMs: ctx.config.heartbeatMs,
    // Parley addition: the RECALL window (§3 says 2 minutes; RECALL_WINDOW_MS may change it).
    limits: { recallWindowMs: ctx.config.recallWindowMs },
  };
};

/** KICKED from another ChatServer (its body is the push): for a live session now, for a LOGIN
 *  still claiming its route once it has. */
function onControl(conn: Connection, e: Envelope): void {
  if (e.type !== MsgType.KICKED) return;
  const body = parseKicked(e.body);
  if (conn.session) kick(conn, body);
  else conn.kickedWhilePending = body;
}

function parseKicked(raw: Uint8Array | string): KickedPush {
  const r = parseBody(
    MsgType.KICKED,
    typeof raw === 'string' ? new TextEncoder().encode(raw) : raw,
  );
  return r.ok ? r.value : kickedBody('replaced');
}

/** What a connection's Inbox reaches, as one object with prototype methods rather than closures.
 *  `self` is the uid whose messages are never pushed back: device "default" (a v1 client) as
 *  before; a named device gets its user's messages from the other devices too, so '' there:
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
    const s = this.conn.session!;
    const m = await this.ctx.conversations.membership(conversationId, Number(s.uid));
    if (!isNamedDevice(s.deviceId)) return m?.ackSeq ?? 0;
    // A named device's own cursor, never behind what the user has read (device-cursors.ts).
    const own = await this.ctx.deviceCursors.one(Number(s.uid), s.deviceId, conversationId);
    return Math.max(own, m?.readSeq ?? 0);
  }

  onError(err: unknown): void {
    this.conn.log.warn({ err }, 'delivery gap fill failed');
  }
}

/** §5: after LOGIN the member gets every message above its ACK cursor, oldest first — at most
 *  SYNC_MAX per conversation; CONVERSATIONS' lastSeq then tells it to page the rest. */
async function syncBacklog(ctx: ChatContext, conn: Connection): Promise<void> {
  const { uid, deviceId } = conn.session!;
  const named = isNamedDevice(deviceId);
  // Read after the connection went online: whatever commits from here on is delivered live.
  const [list, own] = await Promise.all([
    ctx.reads.memberships(Number(uid)),
    named ? ctx.deviceCursors.of(Number(uid), deviceId) : null,
  ]);
  for (const m of list) {
    const inbox = conn.inbox;
    if (!inbox || conn.closed) return;
    // §9.2: each device from its own ACK cursor; a named one never behind the READ cursor.
    const ack = own ? Math.max(own.get(m.conversationId) ?? 0, m.readSeq) : m.ackSeq;
    inbox.init(m.conversationId, ack);
    if (m.lastSeq <= ack) continue;
    const backlog = await ctx.conversations.range(m.conversationId, ack, m.lastSeq + 1, SYNC_MAX);
    for (const msg of backlog) {
      // v1 (device "default") never gets its own messages back; a named device gets what its
      // user sent from any device (one it sent itself it drops by seq, §5).
      if (msg.from === uid && !named) inbox.own(m.conversationId, msg.seq);
      else inbox.offer(m.conversationId, msg.seq, notifyBody(msg));
    }
    if (m.lastSeq - ack > SYNC_MAX) inbox.skipTo(m.conversationId, m.lastSeq + 1);
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

export const heartbeat: Handler<typeof MsgType.HEARTBEAT> = async (ctx: ChatContext, conn) => {
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
  if (await ctx.stores.routes.refresh(s.uid, s.sessionId, ttl, conn.activeAt)) return 'ok';
  const route = (await ctx.stores.routes.get(s.uid)).find((r) => r.deviceId === s.deviceId);
  if (route && route.sessionId !== s.sessionId) {
    // Taken over by a newer login whose KICKED did not reach us: obey the route table.
    kick(conn, kickedBody('replaced'));
    return 'kicked';
  }
  // The route lapsed (e.g. the route store restarted empty): this is still the newest session.
  if (!conn.closed) {
    const claim = await ctx.stores.routes.claim(
      s.uid,
      { server: ctx.name, sessionId: s.sessionId, deviceId: s.deviceId, activeAt: conn.activeAt },
      ttl,
      MAX_DEVICES,
    );
    if (claim.evicted) kickRoute(ctx, s.uid, claim.evicted, kickedBody('device_limit', s));
  }
  return 'ok';
}
