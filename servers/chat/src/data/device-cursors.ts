// Per-device ACK cursors (PROTOCOL.md §9.2: "The ACK cursor is per device; each device is
// brought up to date at its own login"). Device "default" — every client that names no device,
// i.e. every client before 1.1 — keeps members.ackSeq through the hot store as before, so v1
// clients cost nothing more and migration 0008 re-delivers nothing. A named device keeps its own
// row per conversation in `device_cursors`.
//
// A named device's effective cursor is max(its row, the user's READ cursor): what the user has
// read on any device is not pushed to the others at their next login (they page it with HISTORY
// like any older message), and a device that never logged in before starts at the READ cursor —
// the unread messages are pushed to it, the read ones are history.
import type { Db } from '@parley/db';
import { DEFAULT_DEVICE } from '@parley/proto';

export interface DeviceAck {
  userId: number;
  deviceId: string;
  conversationId: string;
  ackSeq: number;
}

export interface DeviceCursorData {
  /** Raise these cursors (never lowers one), in one statement. */
  move(acks: DeviceAck[]): Promise<void>;
  /** The device's rows, by conversation. */
  of(userId: number, deviceId: string): Promise<Map<string, number>>;
  one(userId: number, deviceId: string, conversationId: string): Promise<number>;
}

export const isNamedDevice = (deviceId: string): boolean => deviceId !== DEFAULT_DEVICE;

export function createDeviceCursorData(db: Db): DeviceCursorData {
  const p = db.prisma;
  const upsert =
    db.dialect === 'mysql'
      ? 'ON DUPLICATE KEY UPDATE ackSeq = GREATEST(ackSeq, VALUES(ackSeq))'
      : 'ON CONFLICT (userId, deviceId, conversationId) DO UPDATE SET ackSeq = MAX(ackSeq, excluded.ackSeq)';
  return {
    async move(acks) {
      if (acks.length === 0) return;
      const values = acks.map(() => '(?, ?, ?, ?)').join(', ');
      await p.$executeRawUnsafe(
        `INSERT INTO device_cursors (userId, deviceId, conversationId, ackSeq) VALUES ${values} ${upsert}`,
        ...acks.flatMap((a) => [a.userId, a.deviceId, a.conversationId, a.ackSeq]),
      );
    },
    async of(userId, deviceId) {
      const rows = await p.deviceCursor.findMany({
        where: { userId, deviceId },
        select: { conversationId: true, ackSeq: true },
      });
      return new Map(rows.map((r) => [r.conversationId, r.ackSeq]));
    },
    async one(userId, deviceId, conversationId) {
      const row = await p.deviceCursor.findUnique({
        where: { userId_deviceId_conversationId: { userId, deviceId, conversationId } },
        select: { ackSeq: true },
      });
      return row?.ackSeq ?? 0;
    },
  };
}
