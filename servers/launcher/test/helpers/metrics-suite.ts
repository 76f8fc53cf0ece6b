// What an operator scrapes (issue 11 item 8), through the real /metrics endpoint over a registry
// the ChatServers report into: messages in and out, commit batches with the COMMIT's own time
// (the database's fsync), peer streams, store errors. Run in both modes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MsgType } from '@parley/proto';
import {
  createMetricsRegistry,
  silentLogger,
  startOpsServer,
  type OpsServer,
  type Registry,
} from '@parley/core';
import { collect, friendsAcross, sendText, withSystem } from './people';
import type { Mode, TestSystem } from './system';

/** Sum of a series over its labels in Prometheus text; undefined if no sample has it. */
function sum(text: string, name: string): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    total = (total ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

export function metricsSuite(mode: Mode): void {
  describe(`metrics (${mode})`, () => {
    let sys: TestSystem;
    const registry: Registry = createMetricsRegistry('test');
    const { on } = withSystem({ mode, metrics: registry }, (s) => (sys = s));
    let ops: OpsServer;
    before(async () => {
      ops = await startOpsServer({
        host: '127.0.0.1',
        port: 0,
        registry,
        ready: () => null,
        logger: silentLogger,
      });
    });
    after(() => ops.close());
    const scrape = async () => {
      const r = await fetch(`http://127.0.0.1:${ops.port}/metrics`);
      assert.equal(r.status, 200);
      return r.text();
    };

    it('counts messages in and out, times each commit and its fsync, shows peer streams', async () => {
      const before = await scrape();
      const { ca, cb, conv } = await friendsAcross(sys, on);
      await sendText(ca, conv, 'one');
      await sendText(ca, conv, 'two');
      const third = await ca.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: `three-${randomBytes(3).toString('hex')}`,
        kind: 'text',
        text: 'three',
      });
      assert.equal(third.body['error'], 0);
      // A resend of a stored message is answered, not stored again, and not counted again.
      const again = await ca.request(MsgType.SEND_MSG, {
        conversationId: conv,
        clientMsgId: (third.body['message'] as { clientMsgId: string }).clientMsgId,
        kind: 'text',
        text: 'three',
      });
      assert.equal(again.body['error'], 0);
      await collect(cb, 3);

      const text = await scrape();
      const grew = (name: string) => (sum(text, name) ?? 0) - (sum(before, name) ?? 0);
      assert.equal(grew('parley_chat_messages_in_total'), 3);
      assert.equal(grew('parley_chat_messages_out_total'), 3);
      const commits = grew('parley_chat_commit_seconds_count');
      assert.ok(commits >= 1 && commits <= 4, `${commits} commits`);
      // Every commit had its COMMIT timed on its own, and that is part of the whole commit.
      assert.equal(grew('parley_chat_commit_fsync_seconds_count'), commits);
      assert.ok(
        grew('parley_chat_commit_fsync_seconds_sum') <= grew('parley_chat_commit_seconds_sum'),
      );
      assert.match(text, /# TYPE parley_store_errors_total counter/);
      // Cluster mode forwards over gRPC streams; embedded mode's in-process hub has none.
      const streams = sum(text, 'parley_chat_peer_streams') ?? -1;
      if (mode === 'cluster') assert.ok(streams >= 1, `${streams} peer streams`);
      else assert.equal(streams, 0);
    });
  });
}
