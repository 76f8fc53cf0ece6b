// The tokens table's sweep over the real database (SQLite and MariaDB): expired rows go, live
// ones stay and still log in.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sweepExpiredTokens } from '@parley/status';
import { prismaTokenRows } from '../../src/services';
import { person, withSystem } from './people';
import type { Mode, TestSystem } from './system';

export function tokenSweepSuite(mode: Mode): void {
  describe(`expired token rows (${mode})`, () => {
    let sys: TestSystem;
    withSystem({ mode }, (s) => (sys = s));

    it('are deleted in batches; live tokens stay valid', async () => {
      const p = await person(sys, 't'); // a live token through StatusServer
      const now = Date.now();
      const stale = Array.from({ length: 5 }, () => randomBytes(32).toString('hex'));
      for (const [i, hash] of stale.entries())
        await sys.db.prisma.token.create({
          data: { hash, userId: Number(p.uid), expiresAt: BigInt(now - 1_000 * (i + 1)) },
        });
      const rows = prismaTokenRows(sys.db);
      assert.equal(await sweepExpiredTokens(rows, now, 2), 5);
      const left = await sys.db.prisma.token.findMany({ where: { userId: Number(p.uid) } });
      assert.equal(left.length, 1);
      assert.ok(Number(left[0]!.expiresAt) > now);
      assert.equal(await sys.status.validateToken(p.token), p.uid);
      assert.equal(await sweepExpiredTokens(rows, now), 0);
    });
  });
}
