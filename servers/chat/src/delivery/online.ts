// Who is connected to this ChatServer: uid → its devices' live connections (PROTOCOL.md §9.2:
// one per (uid, deviceId), up to five per uid across the cluster). Fan-out, KICKED and the
// member-list caches look users up here.
import type { Connection } from '../connection';

export class OnlineUsers {
  /** uid → deviceId → connection. Most users have one device, so the inner maps stay tiny. */
  private readonly users = new Map<string, Map<string, Connection>>();
  private count = 0;

  /** Live logged-in connections (the load reported to StatusServer). */
  get size(): number {
    return this.count;
  }

  /** Make `conn` its device's connection here; returns the one it displaced, if any. */
  add(conn: Connection): Connection | undefined {
    const s = conn.session!;
    let devices = this.users.get(s.uid);
    if (!devices) this.users.set(s.uid, (devices = new Map<string, Connection>()));
    const old = devices.get(s.deviceId);
    devices.set(s.deviceId, conn);
    if (!old) this.count++;
    return old;
  }

  /** Forget `conn` if it is still its device's connection; true if it was. */
  remove(conn: Connection): boolean {
    const s = conn.session;
    if (!s) return false;
    const devices = this.users.get(s.uid);
    if (devices?.get(s.deviceId) !== conn) return false;
    devices.delete(s.deviceId);
    if (devices.size === 0) this.users.delete(s.uid);
    this.count--;
    return true;
  }

  has(uid: string): boolean {
    return this.users.has(uid);
  }

  /** The uid's connections here (empty when none). */
  devices(uid: string): Iterable<Connection> {
    return this.users.get(uid)?.values() ?? NONE;
  }

  device(uid: string, deviceId: string): Connection | undefined {
    return this.users.get(uid)?.get(deviceId);
  }

  *all(): Iterable<Connection> {
    for (const devices of this.users.values()) yield* devices.values();
  }
}

const NONE: readonly Connection[] = [];
