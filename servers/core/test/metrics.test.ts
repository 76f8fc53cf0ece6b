// The operator's endpoints over real HTTP on 127.0.0.1:0: /healthz, /readyz (with the reason when
// not ready), /metrics in Prometheus text format with the Node defaults and event-loop use.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createMetricsRegistry,
  silentLogger,
  startOpsServer,
  storeErrorCounter,
  type OpsServer,
} from '../src/index';

describe('ops server', () => {
  let ops: OpsServer;
  let base: string;
  let why: string | null = 'starting';
  const registry = createMetricsRegistry('test-svc');

  before(async () => {
    ops = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      registry,
      ready: () => why,
      logger: silentLogger,
    });
    base = `http://127.0.0.1:${ops.port}`;
  });
  after(() => ops.close());

  it('answers /healthz while /readyz says why it is not ready, then ready', async () => {
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    const r = await fetch(`${base}/readyz`);
    assert.equal(r.status, 503);
    assert.match(await r.text(), /not ready: starting/);
    why = null;
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
  });

  it('serves Prometheus text with the service label, event-loop lag and utilisation', async () => {
    storeErrorCounter(registry).inc({ store: 'redis' });
    const r = await fetch(`${base}/metrics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    const text = await r.text();
    assert.match(text, /nodejs_eventloop_lag_seconds\{service="test-svc"\}/);
    assert.match(text, /parley_event_loop_utilization\{service="test-svc"\} [0-9.]+/);
    assert.match(text, /parley_store_errors_total\{store="redis",service="test-svc"\} 1/);
  });

  it('refuses other methods and paths', async () => {
    assert.equal((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  });
});
