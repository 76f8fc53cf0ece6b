// DEVICES and DEVICE_REVOKE (PROTOCOL.md §9.2): a user's own devices with a live token, and
// logging one of them out. Only the user's own devices, ever: a deviceId is looked up among the
// asking uid's tokens and routes only, so another user's device is simply not found (1007).
import { ErrorCode, MsgType, ParleyError, type DeviceInfo } from '@parley/proto';
import type { Route } from '@parley/core';
import { me, type Handler } from '../context';
import type { DeviceRow } from '../data/device-tokens';
import { kickedBody, kickRoute } from './session';

export const devices: Handler<typeof MsgType.DEVICES> = async (ctx, conn) => {
  const self = me(conn);
  const now = Date.now();
  const [rows, routes] = await Promise.all([
    ctx.deviceTokens.devices(self.id, now),
    ctx.stores.routes.get(self.uid),
  ]);
  const current = conn.session!.deviceId;
  const out: DeviceInfo[] = rows.map((r) => info(r, routes, current, now));
  // Online on a token that has no row (issued before the tokens table, issue 11): still listed,
  // since hiding a device that is online would be worse than showing it without a name.
  for (const route of routes)
    if (!rows.some((r) => r.deviceId === route.deviceId))
      out.push(info(legacy(route, now), routes, current, now));
  out.sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  return { devices: out };
};

export const deviceRevoke: Handler<typeof MsgType.DEVICE_REVOKE> = async (ctx, conn, b) => {
  const self = me(conn);
  const [rows, routes] = await Promise.all([
    ctx.deviceTokens.devices(self.id, Date.now()),
    ctx.stores.routes.get(self.uid),
  ]);
  const row = rows.find((r) => r.deviceId === b.deviceId);
  const route = routes.find((r) => r.deviceId === b.deviceId);
  if (!row && !route) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such device');
  // Tokens first: once this answers, the device cannot log in again with what it had.
  if (row) await ctx.status.revokeTokenHashes(row.hashes);
  if (route) {
    // The route goes now, not when the kicked connection closes on its server: once this answers,
    // DEVICES no longer lists the device and a second revoke finds nothing (1007). The kicked
    // server's own release of the same session is then a no-op.
    if (route.sessionId !== conn.session!.sessionId)
      await ctx.stores.routes.release(self.uid, route.sessionId);
    const kicked = kickedBody('revoked', conn.session!, conn.socket.remoteAddress);
    // After the response is queued: revoking the current device is a log-out (§9.2), and the
    // client should see its answer before the KICKED that closes the connection.
    setImmediate(() => kickRoute(ctx, self.uid, route, kicked));
  }
  return { deviceId: b.deviceId };
};

function info(r: DeviceRow, routes: Route[], current: string, now: number): DeviceInfo {
  const route = routes.find((x) => x.deviceId === r.deviceId);
  return {
    deviceId: r.deviceId,
    deviceName: r.deviceName,
    online: route !== undefined,
    ...(route ? { server: route.server } : {}),
    since: r.since,
    lastSeen: route ? now : r.lastSeen,
    current: r.deviceId === current,
  };
}

function legacy(route: Route, now: number): DeviceRow {
  return { deviceId: route.deviceId, deviceName: '', since: now, lastSeen: now, hashes: [] };
}
