// The main thread's side of ChatServer threads (issue 9 item 1, embedded mode): starts each
// ChatServer in a worker thread (chat-worker.ts), links every pair of them with a MessageChannel
// (port-peers.ts), and serves them the one-per-process objects by RPC (rpc.ts): the route store,
// the token view, and the database file's one hot store and search indexer — so SQLite keeps one
// writer per file however many ChatServer threads there are.
//
// A thread that fails (an uncaught error, an exit nobody asked for) is logged with its reason and
// reported through `onFatal`: the launcher then stops with a non-zero exit (issue 11 item 1),
// rather than serve on with a ChatServer whose clients hang. It is not restarted in place: its
// sessions' routes point at it, and a fresh process start is the state everything else expects.
import { MessageChannel, Worker } from 'node:worker_threads';
import { AggregatorRegistry, type Logger, type RouteStore, type TokenStore } from '@parley/core';
import type { Db } from '@parley/db';
import {
  acquireHotStore,
  acquireSearchIndex,
  type ChatConfig,
  type DrainOptions,
  type HotStore,
} from '@parley/chat';
import { RpcEndpoint, type Remote } from './rpc';
import {
  CONTROL,
  MAIN,
  type AddPeer,
  type ChatControl,
  type ChatThreadStart,
  type ThreadLoop,
} from './protocol';

export interface ChatThreadsOptions {
  /** This thread's handle on the database: the hot store and indexer are acquired through it. */
  db: Db;
  routes: RouteStore;
  /** What LOGIN checks tokens in (StatusServer's durable view). */
  tokens: Pick<TokenStore, 'lookup'>;
  statusAddr: string;
  logger: Logger;
  /** pino level of the threads' own loggers ('silent' in tests). */
  logLevel: string;
  /** The `service` label of the threads' Prometheus series; null: no metrics. */
  metricsService: string | null;
  /** A thread failed (not during a stop asked for): the reason, for a non-zero exit. */
  onFatal(reason: string): void;
  /** Wraps the hot store the threads reach (bench/: read-only commit timing). */
  traceHot?: (hot: HotStore) => HotStore;
}

export interface ChatThreadSpec {
  name: string;
  host: string;
  port: number;
  publicHost: string;
  config: Partial<ChatConfig>;
}

/** A ChatServer on its own thread, as the main thread drives it. */
export interface ChatThread {
  readonly name: string;
  readonly port: number;
  readonly threadId: number;
  load(): Promise<number>;
  ready(): Promise<string | null>;
  reclaimRoutes(): Promise<number>;
  /** PROTOCOL.md §9.5 on that thread; resolves once the thread has ended. */
  drain(opts?: DrainOptions): Promise<void>;
  /** Stop now; resolves once the thread has ended and its store shares are released. */
  close(): Promise<void>;
  /** Its event loop's figures (bench/). */
  loop(reset: boolean): Promise<ThreadLoop>;
  /** Tests: an uncaught error in the thread, as a bug would throw (it must reach onFatal). */
  crash(why: string): Promise<void>;
  /** Resolves when the thread has ended, for whatever reason. */
  readonly ended: Promise<void>;
}

/** How long a thread gets to end by itself after its server closed before it is terminated. */
const EXIT_GRACE_MS = 5_000;

const entry = new URL('./chat-worker.mjs', import.meta.url);

interface Live {
  name: string;
  /** The main thread's end of the thread's RPC channel (also carries AddPeer). */
  rpc: RpcEndpoint;
  port: MessageChannel['port1'];
  control: Remote<ChatControl>;
}

export class ChatThreads {
  private readonly live = new Map<string, Live>();

  constructor(private readonly opts: ChatThreadsOptions) {}

  /** Starts a ChatServer thread and resolves once it listens (rejects with the reason if not). */
  async start(spec: ChatThreadSpec): Promise<ChatThread> {
    const { opts } = this;
    const log = opts.logger.child({ svc: 'chat-thread', server: spec.name });
    const acquired = acquireHotStore(opts.db, opts.logger);
    const hot = opts.traceHot ? opts.traceHot(acquired) : acquired;
    const search = acquireSearchIndex(opts.db, opts.logger);
    const channel = new MessageChannel();
    // One channel to each thread already running: the new one gets one end, the other the
    // other end over its RPC port.
    const peers: Record<string, MessageChannel['port1']> = {};
    for (const other of this.live.values()) {
      const link = new MessageChannel();
      other.port.postMessage({ addPeer: spec.name, port: link.port1 } satisfies AddPeer, [
        link.port1,
      ]);
      peers[other.name] = link.port2;
    }
    const start: ChatThreadStart = {
      ...spec,
      databaseUrl: opts.db.url,
      statusAddr: opts.statusAddr,
      logLevel: opts.logLevel,
      metrics: opts.metricsService !== null,
      metricsService: opts.metricsService ?? '',
      hotMaxInFlight: hot.maxInFlight,
      hasSearchIndex: search !== null,
      rpc: channel.port2,
      peers,
    };
    const worker = new Worker(entry, {
      workerData: start,
      transferList: [channel.port2, ...Object.values(peers)],
    });
    const rpc = new RpcEndpoint(channel.port1, {
      [MAIN.routes]: opts.routes,
      [MAIN.tokens]: opts.tokens,
      [MAIN.hot]: hot,
      ...(search ? { [MAIN.search]: search } : {}),
    });
    const control = rpc.remote<ChatControl>(CONTROL);
    const live: Live = { name: spec.name, rpc, port: channel.port1, control };

    let stopping = false;
    let failure: string | null = null;
    const exited = new Promise<void>((resolve) => {
      worker.once('exit', (code) => {
        this.live.delete(spec.name);
        rpc.fail(`${spec.name} thread exited`);
        channel.port1.close();
        // The thread's share of the hot store and indexer; the last one closes them.
        void Promise.all([hot.release(), search?.release()]).then(
          () => resolve(),
          (err: unknown) => {
            log.error({ err }, 'releasing the store failed');
            resolve();
          },
        );
        if (!stopping) {
          const why = failure ?? `exited with code ${code}`;
          log.error({ code }, `ChatServer ${spec.name} thread ended unasked: ${why}`);
          opts.onFatal(`ChatServer ${spec.name} thread: ${why}`);
        }
      });
    });
    worker.on('error', (err) => {
      failure = err.message || err.name;
      log.error({ err }, `ChatServer ${spec.name} thread failed: ${failure}`);
    });

    let port: number;
    try {
      // A thread that dies while starting rejects this at once, with its reason.
      port = await Promise.race([
        control.listen(),
        exited.then(() => {
          throw new Error(`ChatServer ${spec.name} thread: ${failure ?? 'exited while starting'}`);
        }),
      ]);
    } catch (err) {
      stopping = true;
      await worker.terminate();
      await exited;
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        why.startsWith('ChatServer ') ? why : `ChatServer ${spec.name} thread: ${why}`,
        { cause: err },
      );
    }
    this.live.set(spec.name, live);

    const end = async (how: () => Promise<void>) => {
      if (stopping) return exited;
      stopping = true;
      await how().catch((err: unknown) => log.error({ err }, 'ChatServer stop failed'));
      const timer = setTimeout(() => {
        log.warn('ChatServer thread did not end after its server closed; terminating it');
        void worker.terminate();
      }, EXIT_GRACE_MS);
      // Everything of the server is closed: the thread has nothing left but its ports.
      channel.port1.close();
      await exited;
      clearTimeout(timer);
    };
    return {
      name: spec.name,
      port,
      threadId: worker.threadId,
      load: () => control.load(),
      ready: () => (stopping ? Promise.resolve('closed') : control.ready()),
      reclaimRoutes: () => control.reclaimRoutes(),
      drain: (o) => end(() => control.drain(o)),
      close: () => end(() => control.close()),
      loop: (reset) => control.loop(reset),
      crash: (why) => control.crash(why),
      ended: exited,
    };
  }

  /** Every thread's Prometheus series in one text (the main thread's /metrics appends it). */
  async metricsText(): Promise<string> {
    const all = await Promise.all(
      [...this.live.values()].map((l) => l.control.metrics().catch(() => [])),
    );
    if (all.every((m) => m.length === 0)) return '';
    // prom-client's own merge of per-worker JSON (it keeps series apart by their labels).
    return AggregatorRegistry.aggregate(all).metrics();
  }
}
