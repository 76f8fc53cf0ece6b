// A ChatServer's Prometheus series (issue 11 item 8). Counted with plain numbers on the hot path
// and handed to prom-client only when scraped, so a message costs an increment, not a label
// lookup. Several ChatServers in one process (embedded mode) share the metric objects and are
// told apart by the `server` label.
import { Counter, Gauge, Histogram, storeErrorCounter, type Registry } from '@parley/core';
import type { BatchFigures } from './data/message-writer';

/** What one ChatServer counts; read at scrape time. */
export class ChatCounters {
  connections = 0;
  online = 0;
  framesIn = 0;
  /** MSG_NOTIFYs pushed to this server's connections. */
  messagesOut = 0;
  peerStreams = 0;
  draining = false;
  /** Read live values (connection counts, peer streams) just before a scrape. */
  sample: () => void = () => undefined;
}

interface ChatMetrics {
  servers: Map<string, ChatCounters>;
  logins: Counter<'server' | 'result'>;
  batchSize: Histogram<'server'>;
  batchSeconds: Histogram<'server'>;
  commitSyncSeconds: Histogram<'server'>;
  messagesIn: Counter<'server'>;
  storeErrors: Counter<'store'>;
}

const perRegistry = new WeakMap<Registry, ChatMetrics>();

function create(registry: Registry): ChatMetrics {
  const servers = new Map<string, ChatCounters>();
  const each = (g: Gauge<'server'>, pick: (c: ChatCounters) => number) => {
    for (const [name, c] of servers) {
      c.sample();
      g.set({ server: name }, pick(c));
    }
  };
  new Gauge({
    name: 'parley_chat_connections',
    help: 'Open client connections (logged in or not).',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      each(this, (c) => c.connections);
    },
  });
  new Gauge({
    name: 'parley_chat_sessions',
    help: 'Logged-in sessions (the load reported to StatusServer).',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      each(this, (c) => c.online);
    },
  });
  new Gauge({
    name: 'parley_chat_peer_streams',
    help: 'Open gRPC streams to other ChatServers (cluster mode).',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      each(this, (c) => c.peerStreams);
    },
  });
  new Gauge({
    name: 'parley_chat_draining',
    help: '1 while the server drains for a planned stop (PROTOCOL.md §9.5).',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      each(this, (c) => (c.draining ? 1 : 0));
    },
  });
  const reportedOut = new Map<string, number>();
  new Counter({
    name: 'parley_chat_messages_out_total',
    help: 'MSG_NOTIFYs pushed to clients (live, forwarded or login backlog).',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      for (const [name, c] of servers) {
        this.inc({ server: name }, c.messagesOut - (reportedOut.get(name) ?? 0));
        reportedOut.set(name, c.messagesOut);
      }
    },
  });
  const reported = new Map<string, number>();
  new Counter({
    name: 'parley_chat_frames_in_total',
    help: 'Frames received from clients.',
    labelNames: ['server'],
    registers: [registry],
    collect() {
      for (const [name, c] of servers) {
        this.inc({ server: name }, c.framesIn - (reported.get(name) ?? 0));
        reported.set(name, c.framesIn);
      }
    },
  });
  return {
    servers,
    logins: new Counter({
      name: 'parley_chat_logins_total',
      help: 'LOGIN requests answered, by result (ok, or the error name).',
      labelNames: ['server', 'result'],
      registers: [registry],
    }),
    batchSize: new Histogram({
      name: 'parley_chat_commit_batch_size',
      help: 'SEND_MSGs stored per group commit.',
      labelNames: ['server'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'parley_chat_commit_seconds',
      help: 'Time of one group commit (the transaction, fsync included).',
      labelNames: ['server'],
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    commitSyncSeconds: new Histogram({
      name: 'parley_chat_commit_fsync_seconds',
      help: "The COMMIT of one group commit alone: the database's log flush (fsync) with InnoDB's innodb_flush_log_at_trx_commit=1 or SQLite's synchronous FULL.",
      labelNames: ['server'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    messagesIn: new Counter({
      name: 'parley_chat_messages_in_total',
      help: 'Messages stored from SEND_MSG (a resend of a stored one not counted again).',
      labelNames: ['server'],
      registers: [registry],
    }),
    storeErrors: storeErrorCounter(registry),
  };
}

/** This server's handle on the registry's chat series. */
export function chatMetrics(registry: Registry, server: string) {
  let m = perRegistry.get(registry);
  if (!m) perRegistry.set(registry, (m = create(registry)));
  const counters = new ChatCounters();
  m.servers.set(server, counters);
  const metrics = m;
  return {
    counters,
    login: (result: string) => metrics.logins.inc({ server, result }),
    batch: (b: BatchFigures) => {
      metrics.batchSize.observe({ server }, b.size);
      metrics.batchSeconds.observe({ server }, b.seconds);
      if (b.commitSeconds !== undefined)
        metrics.commitSyncSeconds.observe({ server }, b.commitSeconds);
      if (b.stored > 0) metrics.messagesIn.inc({ server }, b.stored);
      if (!b.ok) metrics.storeErrors.inc({ store: 'db' });
    },
    dbError: () => metrics.storeErrors.inc({ store: 'db' }),
    remove: () => metrics.servers.delete(server),
  };
}

export type ChatMetricsHandle = ReturnType<typeof chatMetrics>;
