// Messages between the load generator (bench/chat.ts) and the system under test (bench/server.ts)
// over the child process's IPC channel. Only set-up and measurement travel here, never load.

/** The Origin the generator's WebSocket clients send, and the bench's bridge allows. */
export const BENCH_ORIGIN = 'http://bench.local';

export interface SetupRequest {
  type: 'setup';
  servers: number;
  /** Each ChatServer on a worker thread of its own (CHAT_THREADS=1). */
  chatThreads: boolean;
  /** Users to create (and issue tokens for). */
  users: number;
  /** Direct conversations to create, as pairs of user indexes. */
  pairs: [number, number][];
  messagesPerSecond: number;
  /** pino level of the server process's logger. */
  logLevel: string;
  /** Run bench/fake-server.ts instead of Parley: measures the generator's own ceiling. */
  fake: boolean;
}

export interface ReadyReply {
  type: 'ready';
  ports: number[];
  users: { uid: string; token: string }[];
  /** conversationId of each requested pair, in order. */
  conversations: string[];
  heartbeatMs: number;
  setupMs: number;
  dbFile: string;
  /** The WebSocket bridge in front of the ChatServers (0: none, --fake). */
  bridgePort: number;
  /** 1,000 concurrent StatusServer assignments: how many each ChatServer got. */
  placement: Record<string, number>;
}

export interface StatsRequest {
  type: 'stats';
  id: number;
  /** Run a full GC first (the server runs with --expose-gc), for memory figures. */
  gc?: boolean;
  /** Start a new interval for `loop` and `registryMin` after answering. */
  reset?: boolean;
  /** Write a V8 heap snapshot to this file first (after the GC). */
  snapshot?: string;
}

export interface ServerStats {
  type: 'stats';
  id: number;
  /** process.cpuUsage(), µs. */
  cpu: { user: number; system: number };
  mem: NodeJS.MemoryUsage;
  /** Authenticated connections per ChatServer. */
  online: number[];
  /** performance.eventLoopUtilization(), cumulative. */
  elu: { idle: number; active: number };
  writer: WriterTrace;
  delivery: DeliveryTrace;
  /** Event-loop delay since the last reset (monitorEventLoopDelay), ms. */
  loop: { maxMs: number; p99Ms: number };
  /** --chat-threads 1: each ChatServer thread's event loop (cumulative utilisation, delay since
   *  the last reset); empty otherwise. */
  threads: { elu: { idle: number; active: number }; maxMs: number; p99Ms: number }[];
  /** Fewest ChatServers in StatusServer's registry since the last reset (null: not sampled). */
  registryMin: number | null;
  /** performance.now() of the server process: ms since it started (≈ its CPU profile's start). */
  uptimeMs: number;
  /** Set by the generator: ms between asking and the answer. */
  lagMs?: number;
}

/** MessageWriter group commits so far (cumulative). */
export interface WriterTrace {
  batches: number;
  messages: number;
  maxBatch: number;
  flushMs: number;
  maxFlushMs: number;
}

export interface StopRequest {
  type: 'stop';
}

export type ToServer = SetupRequest | StatsRequest | StopRequest;
export type FromServer = ReadyReply | ServerStats | { type: 'error'; message: string };

/** Cross-server delivery inside the server process (cumulative). */
export interface DeliveryTrace {
  /** Recipients handed to the peer transport. */
  forwarded: number;
  /** Recipients that arrived from a peer. */
  received: number;
  /** Peer look-ups that found no ChatServer: those envelopes were dropped. */
  peerMissing: number;
  /** Inbox gap fills (and login backlogs) read from the database, and the rows they returned. */
  gapReads: number;
  gapRows: number;
}
