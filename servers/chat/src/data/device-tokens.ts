// Tokens know their device (PROTOCOL.md §9.2). The `tokens` table (StatusServer's durable copy,
// migration 0005) carries deviceId/deviceName since migration 0008: a token is bound to a device
// at its first chat LOGIN that names one, and then logs in only as that device. A token with no
// device is the user's device "default". DEVICES lists devices from these rows; DEVICE_REVOKE
// finds a device's token hashes here and has StatusServer revoke them (row and cache).
import type { Db } from '@parley/db';
import { DEFAULT_DEVICE } from '@parley/proto';

export interface TokenDevice {
  /** null: not bound to a device (device "default"). */
  deviceId: string | null;
  deviceName: string | null;
}

export interface DeviceRow {
  deviceId: string;
  deviceName: string;
  /** Earliest issue time of the device's live tokens. */
  since: number;
  lastSeen: number;
  hashes: string[];
}

export interface DeviceTokenData {
  /** The token's row; null for a token with none (issued before migration 0005). */
  find(hash: string): Promise<TokenDevice | null>;
  /** Note the login, and bind the token to `deviceId` when LOGIN found it unbound (null: it is
   *  bound already, or the login names no device). One UPDATE in the usual case. */
  bind(hash: string, deviceId: string | null, deviceName: string, now: number): Promise<void>;
  /** The device was seen now (it logged out or its connection closed). */
  touch(hash: string, now: number): Promise<void>;
  /** The uid's devices with a live token, by deviceId. */
  devices(userId: number, now: number): Promise<DeviceRow[]>;
}

export function createDeviceTokenData(db: Db): DeviceTokenData {
  const p = db.prisma;
  return {
    async find(hash) {
      const row = await p.token.findUnique({
        where: { hash },
        select: { deviceId: true, deviceName: true },
      });
      return row;
    },
    async bind(hash, deviceId, deviceName, now) {
      // One UPDATE per LOGIN (issue 9: this is on every login's path). `deviceId` is given only
      // when LOGIN found the token unbound; the conditional binds it unless a concurrent login
      // bound it first, and only then is a second UPDATE needed to move the login time.
      const seen = { lastSeenAt: BigInt(now), ...(deviceName ? { deviceName } : {}) };
      if (deviceId !== null) {
        const r = await p.token.updateMany({
          where: { hash, deviceId: null },
          data: { deviceId, ...seen },
        });
        if (r.count > 0) return;
      }
      await p.token.updateMany({ where: { hash }, data: seen });
    },
    async touch(hash, now) {
      await p.token.updateMany({ where: { hash }, data: { lastSeenAt: BigInt(now) } });
    },
    async devices(userId, now) {
      const rows = await p.token.findMany({
        where: { userId, expiresAt: { gt: BigInt(now) } },
        select: {
          hash: true,
          deviceId: true,
          deviceName: true,
          createdAt: true,
          lastSeenAt: true,
        },
      });
      const out = new Map<string, DeviceRow>();
      for (const r of rows) {
        const deviceId = r.deviceId ?? DEFAULT_DEVICE;
        const created = Number(r.createdAt);
        const seen = Number(r.lastSeenAt);
        const d = out.get(deviceId);
        if (!d) {
          out.set(deviceId, {
            deviceId,
            deviceName: r.deviceName ?? '',
            since: created || seen,
            lastSeen: Math.max(seen, created),
            hashes: [r.hash],
          });
          continue;
        }
        d.hashes.push(r.hash);
        if (created && (!d.since || created < d.since)) d.since = created;
        if (seen > d.lastSeen) {
          d.lastSeen = seen;
          if (r.deviceName) d.deviceName = r.deviceName;
        }
      }
      return [...out.values()].sort((a, b) =>
        a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
      );
    },
  };
}
