/**
 * The swappable stores of Parley, like socket.io's adapters: each is a small interface with a
 * `memory` implementation (embedded mode: one process; tests) and a `redis` one (cluster mode:
 * many processes sharing one Redis). Services code against these interfaces only and get a
 * `Stores` from `createStores` once at start-up.
 *
 * Times are epoch milliseconds; durations are milliseconds and must be positive.
 */

export type ConsumeResult = 'ok' | 'expired' | 'invalid';

/** Verification codes, keyed by e.g. `register:alice@example.com`. Only hashes are stored. */
export interface CodeStore {
  /** Replace any code under key with this hash, valid for ttlMs, wrong-try counter reset. */
  put(key: string, codeHash: string, ttlMs: number): Promise<void>;
  /** Atomic: no live record → 'expired'; hash equal → record deleted, 'ok' (single use: of N
   *  concurrent consumes of the right hash exactly one gets 'ok'); else the wrong-try counter is
   *  incremented → 'invalid', and when it reaches maxAttempts the record is deleted (later tries
   *  get 'expired'). */
  consume(key: string, codeHash: string, maxAttempts: number): Promise<ConsumeResult>;
}

export interface RateDecision {
  allowed: boolean;
  count: number;
  retryAfterMs: number;
}

/** Fixed-window counters for rate limits. */
export interface RateLimitStore {
  /** Count one hit in the current window of key (window starts at first hit); allowed = count <= limit. retryAfterMs = time to window end when not allowed, else 0. */
  hit(key: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Current count without counting (0 if no window); allowed = count < limit. */
  peek(key: string, limit: number): Promise<RateDecision>;
  reset(key: string): Promise<void>;
}

/** Opaque bearer tokens, stored only as hashes. */
export interface TokenStore {
  save(tokenHash: string, uid: string, expiresAt: number): Promise<void>;
  /** uid if the token is live (not expired, not revoked), else null. */
  lookup(tokenHash: string): Promise<string | null>;
  revoke(tokenHash: string): Promise<void>;
  /** Revoke every token of uid; returns how many were live. */
  revokeUser(uid: string): Promise<number>;
}

export interface ChatServerEntry {
  /** gRPC address of the server's peer-forwarding service (PeerService), '' when it has none. */
  peer?: string;
  name: string;
  host: string;
  port: number;
  load: number;
  /** PROTOCOL.md §9.5: stopping on purpose — still listed (peers forward to its users until they
   *  have moved), never picked for a new client. */
  draining?: boolean;
  updatedAt: number;
}

/** What a ChatServer reports of itself: its entry less the time the registry stamps on it. */
export type RegistryEntry = Omit<ChatServerEntry, 'updatedAt'>;

/** Registry of live ChatServers; an entry not refreshed within its ttl drops out. */
export interface RegistryStore {
  upsert(entry: RegistryEntry, ttlMs: number): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<ChatServerEntry[]>; // live entries only, sorted by name
  get(name: string): Promise<ChatServerEntry | null>;
}

export interface Route {
  server: string;
  sessionId: string;
  /** PROTOCOL.md §9.2: the device this session is; "default" for a client that names none. */
  deviceId: string;
  /** The last time the client did more than HEARTBEAT (epoch ms): when a uid already has its
   *  most devices online, a new device replaces the one idle longest (§9.2). */
  activeAt: number;
}

/** What a claim displaced: the same device's older session, and (only when the uid already had
 *  `maxDevices` other devices online) the device idle longest. Both get KICKED. */
export interface ClaimResult {
  replaced: Route | null;
  evicted: Route | null;
}

/** Most devices of one uid online at once (PROTOCOL.md §9.2). */
export const MAX_DEVICES = 5;

/** uid → one route per device, each naming the ChatServer session that holds that device's one
 *  live connection (PROTOCOL.md §4, §9.2). Each device route expires on its own. */
export interface RouteStore {
  /** Atomically make this session the route of (uid, route.deviceId) — newest login wins — and,
   *  if the uid then has more than maxDevices devices, drop the one with the oldest activeAt.
   *  One step: two claims at once never both keep, or both lose, a device. */
  claim(uid: string, route: Route, ttlMs: number, maxDevices?: number): Promise<ClaimResult>;
  /** Extend the TTL (and raise activeAt to at least `activeAt`) only if this session still holds
   *  its device; false if it was taken over or expired. */
  refresh(uid: string, sessionId: string, ttlMs: number, activeAt?: number): Promise<boolean>;
  /** Compare-and-delete: delete only if this session still holds its device. `released` says
   *  whether it did; `remaining` is how many devices of the uid are still online after it. */
  release(uid: string, sessionId: string): Promise<{ released: boolean; remaining: number }>;
  /** Every live device route of uid (none: offline), ordered by deviceId. */
  get(uid: string): Promise<Route[]>;
  getMany(uids: string[]): Promise<Route[][]>;
}

export interface Stores {
  kind: 'memory' | 'redis';
  codes: CodeStore;
  limits: RateLimitStore;
  tokens: TokenStore;
  registry: RegistryStore;
  routes: RouteStore;
  close(): Promise<void>;
}
