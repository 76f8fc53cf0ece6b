// The short chaos run of `npm test` (issue 11 item 7): `npm run chaos` as a real process — cluster
// mode, its own redis-server and database — with one `kill -9` of a ChatServer and one Redis
// restarted empty under load; its audit must be all zeros. That the audit can fail at all is
// shown by chaos-audit.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChaos, summary } from './helpers/chaos';

describe('npm run chaos (short)', () => {
  it('one kill -9 and one Redis restart under load: nothing lost, duplicated or reordered', async (t) => {
    const { out, stats } = await runChaos([
      ...['--duration', '30', '--faults', 'kill,redis', '--clients', '12'],
    ]);
    // The kill moved someone: the run exercised a reconnect, not just a quiet cluster.
    assert.ok(stats.relogins > 0, 'no client had to log in again');
    assert.match(out, /kill -9 chat-1/);
    assert.match(out, /Redis is back \(empty\)/);
    for (const line of summary(out)) t.diagnostic(line);
  });
});
