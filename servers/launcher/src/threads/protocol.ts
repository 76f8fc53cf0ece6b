// What the main thread and a ChatServer thread tell each other (issue 9 item 1). The thread
// reaches the main thread's objects by these target names through rpc.ts; the main thread
// reaches the ChatServer by CONTROL.
import type { MessagePort } from 'node:worker_threads';
import type { ChatConfig, DrainOptions } from '@parley/chat';

/** Targets the main thread serves to every ChatServer thread. */
export const MAIN = {
  /** The process's RouteStore (memory): the single source of truth of §4's one live session. */
  routes: 'routes',
  /** StatusServer's token view (the memory store, the database behind it): LOGIN's check. */
  tokens: 'tokens',
  /** The one HotStore of the database file (SQLite: one store worker, one writer). */
  hot: 'hot',
  /** The one search indexer of the database file (null target when there is none). */
  search: 'search',
} as const;

/** The target a ChatServer thread serves to the main thread. */
export const CONTROL = 'control';

/** workerData of a ChatServer thread: everything it needs, cloneable. */
export interface ChatThreadStart {
  name: string;
  host: string;
  /** 0: any free port. */
  port: number;
  publicHost: string;
  databaseUrl: string;
  /** StatusServer's gRPC address: registry reports and the peer directory. */
  statusAddr: string;
  config: Partial<ChatConfig>;
  /** pino level; 'silent' in tests. */
  logLevel: string;
  /** Keep Prometheus series for /metrics (served by the main thread). */
  metrics: boolean;
  /** The `service` label of its series (the process's: `embedded`). */
  metricsService: string;
  /** The hot store's maxInFlight (a property, not a method: it does not cross by RPC). */
  hotMaxInFlight: number;
  hasSearchIndex: boolean;
  /** The RPC channel to the main thread. */
  rpc: MessagePort;
  /** A channel to each ChatServer thread already running, by name. */
  peers: Record<string, MessagePort>;
}

/** Posted by the main thread (not an RPC: it carries a port): a new peer thread to link to. */
export interface AddPeer {
  addPeer: string;
  port: MessagePort;
}

export function isAddPeer(v: unknown): v is AddPeer {
  return typeof v === 'object' && v !== null && 'addPeer' in v && 'port' in v;
}

export interface ThreadLoop {
  elu: { idle: number; active: number };
  maxMs: number;
  p99Ms: number;
}

/** What the main thread can ask of a ChatServer thread. */
export interface ChatControl {
  /** Opens the TCP port (after the hot store answers); resolves to the bound port. */
  listen(): Promise<number>;
  load(): number;
  ready(): string | null;
  reclaimRoutes(): Promise<number>;
  drain(opts?: DrainOptions): Promise<void>;
  close(): Promise<void>;
  /** The thread's event loop (bench/): cumulative utilisation, and the delay since the last
   *  reset (measured from the first call on). */
  loop(reset: boolean): ThreadLoop;
  /** Tests: fail this thread as a bug would, with an uncaught error carrying `why`. */
  crash(why: string): void;
  /** This server's Prometheus series as prom-client JSON, merged by the main thread's /metrics. */
  metrics(): Promise<unknown[]>;
}
