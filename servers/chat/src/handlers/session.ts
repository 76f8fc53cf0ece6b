// LOGIN and HEARTBEAT (PROTOCOL.md §3-§4).
import { ErrorCode, MsgType, ParleyError } from '@parley/proto';
import { newId } from '@parley/core';
import type { ChatContext, Handler } from '../context';
import type { Connection } from '../connection';

/** Route TTL: refreshed by heartbeats, so a crashed server's routes lapse on their own. */
export const routeTtlMs = (heartbeatMs: number): number => heartbeatMs * 3;

export const login: Handler = async (ctx, conn, body) => {
  const uid = String(body['uid']);
  const token = String(body['token']);
  if (body['protocol'] !== 1) throw new ParleyError(ErrorCode.BAD_REQUEST, 'protocol must be 1');
  const owner = await ctx.status.validateToken(token);
  if (owner !== uid)
    throw new ParleyError(ErrorCode.TOKEN_INVALID, 'token does not belong to this uid');
  const user = await ctx.db.prisma.user.findUnique({ where: { id: Number(uid) } });
  if (!user) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'user no longer exists');
  if (conn.closed) return;
  const sessionId = newId();
  const device = typeof body['device'] === 'string' ? body['device'] : undefined;
  // Newest login wins (§4): claim the route atomically, then kick whoever held it here.
  // (Kicking a holder on another ChatServer is forwarded by the peer link.)
  const previous = await ctx.stores.routes.claim(
    uid,
    { server: ctx.name, sessionId },
    routeTtlMs(ctx.config.heartbeatMs),
  );
  const local = ctx.online.get(uid);
  if (local && local !== conn) kick(local, device);
  conn.session = { uid, sessionId, device };
  ctx.online.set(uid, conn);
  conn.log.debug({ uid, replaced: previous?.server }, 'logged in');
  return {
    user: { uid, username: user.username, nick: user.nick, avatar: user.avatar, bio: user.bio },
    server: ctx.name,
    heartbeatMs: ctx.config.heartbeatMs,
  };
};

export function kick(conn: Connection, device?: string): void {
  conn.end(MsgType.KICKED, {
    reason: 'logged in elsewhere',
    at: Date.now(),
    ...(device ? { device } : {}),
  });
}

export const heartbeat: Handler = async (ctx: ChatContext, conn) => {
  const s = conn.session;
  if (s) await ctx.stores.routes.refresh(s.uid, s.sessionId, routeTtlMs(ctx.config.heartbeatMs));
  return { serverTime: Date.now() };
};
