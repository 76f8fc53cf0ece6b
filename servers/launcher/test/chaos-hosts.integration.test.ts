// Hosts, not processes (issue 11 item 4): `npm run chaos` with every service in its own network
// namespace; the peer link between the two ChatServers is cut for 10 s (iptables DROP inside
// chat-1's namespace), then delayed 50 ± 20 ms for 15 s. Cross-server messages are delayed, not
// lost, and arrive in order: the audit is all zeros. Needs root, `ip` and `iptables`; skips with
// the reason otherwise.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hostsUnavailable } from '../chaos/hosts';
import { runChaos, summary } from './helpers/chaos';

const why = hostsUnavailable();

describe('npm run chaos --hosts (network namespaces)', () => {
  it(
    'a 10 s partition between ChatServers and a slow peer link lose nothing',
    why ? { skip: why } : {},
    async (t) => {
      const { out, stats } = await runChaos([
        '--duration',
        '30',
        '--faults',
        'partition,latency',
        '--clients',
        '8',
      ]);
      assert.match(out, /partition healed/);
      assert.match(out, /peer link delay off/);
      assert.ok(stats.crossServer > 0, 'no conversation spanned the two ChatServers');
      for (const line of summary(out)) t.diagnostic(line);
    },
  );
});
