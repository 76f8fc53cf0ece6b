// The short chaos run of `npm test` (issue 11 item 7): `npm run chaos` as a real process — cluster
// mode, its own redis-server and database — with one `kill -9` of a ChatServer and one Redis
// restarted empty under load; its audit must be all zeros. That the audit can fail at all is
// shown by chaos-audit.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Audit } from '../chaos/audit';
import type { Stats } from '../chaos/clients';

const MAIN = fileURLToPath(new URL('../chaos/main.ts', import.meta.url));

describe('npm run chaos (short)', () => {
  it('one kill -9 and one Redis restart under load: nothing lost, duplicated or reordered', async (t) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-test-'));
    const json = path.join(dir, 'audit.json');
    try {
      let out = '';
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            MAIN,
            ...['--duration', '40', '--faults', 'kill,redis', '--clients', '12', '--json', json],
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('exit', (c) => resolve(c));
      });
      assert.equal(code, 0, out.slice(-6_000));
      const { audit, stats } = JSON.parse(readFileSync(json, 'utf8')) as {
        audit: Audit;
        stats: Stats;
      };
      for (const k of ['lost', 'duplicated', 'reordered', 'gaps'] as const) {
        assert.equal(audit.history[k], 0, `history ${k}`);
        assert.equal(audit.live[k], 0, `live ${k}`);
      }
      assert.ok(audit.acked > 0 && audit.stored >= audit.acked, JSON.stringify(audit));
      // The kill moved someone: the run exercised a reconnect, not just a quiet cluster.
      assert.ok(stats.relogins > 0, 'no client had to log in again');
      assert.match(out, /kill -9 chat-1/);
      assert.match(out, /Redis is back \(empty\)/);
      t.diagnostic(out.split('\n').filter((l) => /acknowledged|\|/.test(l)).join('\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
