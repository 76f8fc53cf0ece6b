// The sweep of expired token rows: only rows expired at the sweep's time go, in bounded batches
// until none is left; on a timer it keeps going after a failed sweep. The real table's
// deleteExpired runs in both modes in servers/launcher/test/token-sweep*.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '@parley/core';
import { startTokenSweep, sweepExpiredTokens } from '../src/token-sweep';
import { RecordingTokenRows } from './helpers/token-rows';

const NOW = 1_800_000_000_000;

function table(): RecordingTokenRows {
  const rows = new RecordingTokenRows();
  for (let i = 0; i < 5; i++) rows.rows.set(`old${i}`, { uid: '1', expiresAt: NOW - 1_000 * i });
  rows.rows.set('live', { uid: '1', expiresAt: NOW + 1 });
  return rows;
}

describe('token sweep', () => {
  it('deletes every row expired at its time (the boundary included), batch after batch', async () => {
    const rows = table();
    assert.equal(await sweepExpiredTokens(rows, NOW, 2), 5);
    assert.deepEqual([...rows.rows.keys()], ['live']);
    // 2 + 2 + 1: the short batch says nothing is left.
    assert.deepEqual(rows.calls, ['deleteExpired', 'deleteExpired', 'deleteExpired']);
    assert.equal(await sweepExpiredTokens(rows, NOW, 2), 0);
  });

  it('sweeps on a timer, and a failed sweep does not stop the next', async () => {
    const rows = table();
    let failures = 1;
    const flaky = {
      deleteExpired: (now: number, max: number) =>
        failures-- > 0 ? Promise.reject(new Error('database away')) : rows.deleteExpired(now, max),
    };
    const sweep = startTokenSweep({
      rows: flaky,
      everyMs: 20,
      logger: silentLogger,
      now: () => NOW,
    });
    try {
      for (let i = 0; i < 200 && rows.rows.size > 1; i++)
        await new Promise((r) => setTimeout(r, 10));
      assert.deepEqual([...rows.rows.keys()], ['live']);
      assert.ok(failures < 0, 'the first sweep failed');
    } finally {
      await sweep.stop();
    }
  });
});
