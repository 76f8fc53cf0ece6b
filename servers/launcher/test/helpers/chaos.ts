// Runs `npm run chaos` as a real process for the chaos tests and checks what every run must show:
// exit code 0 and an audit of all zeros (the audit's own tests are in chaos-audit.test.ts).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Audit } from '../../chaos/audit';
import type { Stats } from '../../chaos/clients';

const MAIN = fileURLToPath(new URL('../../chaos/main.ts', import.meta.url));

export async function runChaos(
  args: string[],
): Promise<{ out: string; audit: Audit; stats: Stats }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-test-'));
  const json = path.join(dir, 'audit.json');
  try {
    let out = '';
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args, '--json', json], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
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
    return { out, audit, stats };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The checker's figures and table, for the test's diagnostic. */
export const summary = (out: string): string[] =>
  out.split('\n').filter((l) => /acknowledged|→ push|\|/.test(l));
