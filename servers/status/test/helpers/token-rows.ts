// An in-memory TokenRows (the `tokens` table's role) that records which calls it got. The real
// one (servers/launcher prismaTokenRows) runs in the launcher's tests over SQLite and MariaDB.
// Extend it by adding a method to TokenRows and here, recording its name in `calls`.
import type { TokenRows } from '../../src/tokens';

export class RecordingTokenRows implements TokenRows {
  readonly rows = new Map<string, { uid: string; expiresAt: number }>();
  readonly calls: string[] = [];

  create(hash: string, uid: string, expiresAt: number): Promise<void> {
    this.calls.push('create');
    this.rows.set(hash, { uid, expiresAt });
    return Promise.resolve();
  }
  find(hash: string): Promise<{ uid: string; expiresAt: number } | null> {
    this.calls.push('find');
    return Promise.resolve(this.rows.get(hash) ?? null);
  }
  delete(hash: string): Promise<void> {
    this.calls.push('delete');
    this.rows.delete(hash);
    return Promise.resolve();
  }
  deleteUser(uid: string): Promise<number> {
    this.calls.push('deleteUser');
    let n = 0;
    for (const [h, r] of this.rows) if (r.uid === uid && this.rows.delete(h)) n++;
    return Promise.resolve(n);
  }
  deleteExpired(now: number, max: number): Promise<number> {
    this.calls.push('deleteExpired');
    let n = 0;
    for (const [h, r] of this.rows) if (n < max && r.expiresAt <= now && this.rows.delete(h)) n++;
    return Promise.resolve(n);
  }
}
