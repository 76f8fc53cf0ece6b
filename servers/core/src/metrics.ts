// What an operator looks at (issue 11 item 8): one Prometheus registry per process, the Node
// defaults (CPU, memory, GC, event-loop lag) plus event-loop utilisation, and a small HTTP server
// with /healthz (the process answers), /readyz (it can do its job) and /metrics.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from './logger';

export { AggregatorRegistry, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** A process's registry with the Node defaults, event-loop utilisation and store error
 *  counters, every series labelled with the process's service (`service="chat-1"`, …). */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  let last = performance.eventLoopUtilization();
  new Gauge({
    name: 'parley_event_loop_utilization',
    help: 'Share of time the event loop was busy since the previous scrape (0-1).',
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, last).utilization);
      last = now;
    },
  });
  return registry;
}

const storeErrors = new WeakMap<Registry, Counter<'store'>>();

/** Errors of a backing store (`redis`, `db`): connection losses, failed commands and batches. */
export function storeErrorCounter(registry: Registry): Counter<'store'> {
  let c = storeErrors.get(registry);
  if (!c) {
    c = new Counter({
      name: 'parley_store_errors_total',
      help: 'Errors from Redis or the database (connection losses, failed commands or batches).',
      labelNames: ['store'],
      registers: [registry],
    });
    storeErrors.set(registry, c);
  }
  return c;
}

export interface OpsServer {
  port: number;
  close(): Promise<void>;
}

/** /healthz: 200 while the process serves HTTP at all. /readyz: 200 when `ready()` says so
 *  (listening, not draining, its stores answering), else 503 with the reason. /metrics: the
 *  registry in Prometheus text format. */
export async function startOpsServer(opts: {
  host: string;
  port: number;
  registry: Registry;
  /** More series in Prometheus text, appended (embedded mode's ChatServer threads, each with a
   *  registry of its own); metric names must not repeat the registry's. */
  more?: () => Promise<string>;
  ready: () => Promise<string | null> | string | null;
  logger: Logger;
}): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const text = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'GET only\n');
    if (path === '/healthz') return text(200, 'ok\n');
    if (path === '/readyz') {
      Promise.resolve()
        .then(opts.ready)
        .then(
          (why) => (why === null ? text(200, 'ready\n') : text(503, `not ready: ${why}\n`)),
          (err: unknown) => text(503, `not ready: ${String(err)}\n`),
        );
      return;
    }
    if (path === '/metrics') {
      Promise.all([opts.registry.metrics(), opts.more?.() ?? '']).then(
        ([body, more]) => text(200, more ? `${body}\n${more}` : body, opts.registry.contentType),
        (err: unknown) => {
          opts.logger.error({ err }, 'metrics collection failed');
          text(500, 'metrics failed\n');
        },
      );
      return;
    }
    text(404, 'not found\n');
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
