/**
 * In-process stores for embedded mode (one process) and tests.
 *
 * Every operation runs synchronously inside one promise executor, so it is atomic with respect to
 * every other operation — the guarantee the Redis implementation gets from Lua scripts.
 * Expiry is lazy (a record past its deadline is treated as absent and dropped when touched) plus
 * a periodic sweep, so records nobody asks for again do not accumulate.
 */
import { ExpiringMap, settle, type Clock } from './expiring-map';
import { byName, checkDurationMs, checkPositiveInt, rateDecision } from './shared';
import type {
  ChatServerEntry,
  CodeStore,
  ConsumeResult,
  RateDecision,
  RateLimitStore,
  RegistryStore,
  RegistryEntry,
  ClaimResult,
  Route,
  RouteStore,
  Stores,
  TokenStore,
} from './types';
import { MAX_DEVICES } from './types';

export type { Clock } from './expiring-map';

/** Expired records linger at most this long after their deadline when nobody touches them. */
export const MEMORY_SWEEP_INTERVAL_MS = 60_000; // 1 min

export interface MemoryStoresOptions {
  /** Clock in epoch ms; tests inject a fake one to cross deadlines without sleeping. */
  now?: Clock;
  sweepIntervalMs?: number;
}

export interface MemoryStores extends Stores {
  kind: 'memory';
  codes: MemoryCodeStore;
  limits: MemoryRateLimitStore;
  tokens: MemoryTokenStore;
  registry: MemoryRegistryStore;
  routes: MemoryRouteStore;
  /** Drop every expired record now; returns how many were dropped. The timer calls this. */
  sweep(): number;
}

interface CodeRecord {
  hash: string;
  wrongTries: number;
}

export class MemoryCodeStore implements CodeStore {
  readonly #now: Clock;
  readonly #codes: ExpiringMap<CodeRecord>;

  constructor(now: Clock = Date.now) {
    this.#now = now;
    this.#codes = new ExpiringMap(now);
  }

  put(key: string, codeHash: string, ttlMs: number): Promise<void> {
    return settle(() => {
      const ttl = checkDurationMs('ttlMs', ttlMs);
      this.#codes.set(key, { hash: codeHash, wrongTries: 0 }, this.#now() + ttl);
    });
  }

  consume(key: string, codeHash: string, maxAttempts: number): Promise<ConsumeResult> {
    return settle(() => {
      checkPositiveInt('maxAttempts', maxAttempts);
      const record = this.#codes.get(key);
      if (record === undefined) return 'expired';
      // Plain comparison is fine: these are hashes, and maxAttempts bounds guessing anyway.
      if (record.hash === codeHash) {
        this.#codes.delete(key);
        return 'ok';
      }
      record.wrongTries += 1;
      if (record.wrongTries >= maxAttempts) this.#codes.delete(key);
      return 'invalid';
    });
  }

  sweep(): number {
    return this.#codes.sweep();
  }
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #now: Clock;
  /** key → hits in the window; the slot's deadline is the window end. */
  readonly #windows: ExpiringMap<number>;

  constructor(now: Clock = Date.now) {
    this.#now = now;
    this.#windows = new ExpiringMap(now);
  }

  hit(key: string, limit: number, windowMs: number): Promise<RateDecision> {
    return settle(() => {
      checkPositiveInt('limit', limit);
      const windowLen = checkDurationMs('windowMs', windowMs);
      const now = this.#now();
      // No live window → this hit opens one (fixed window starting at the first hit).
      const window = this.#windows.slot(key) ?? this.#windows.set(key, 0, now + windowLen);
      window.value += 1;
      return rateDecision(window.value, window.value <= limit, window.expiresAt - now);
    });
  }

  peek(key: string, limit: number): Promise<RateDecision> {
    return settle(() => {
      checkPositiveInt('limit', limit);
      const window = this.#windows.slot(key);
      if (window === undefined) return rateDecision(0, 0 < limit, 0);
      return rateDecision(window.value, window.value < limit, window.expiresAt - this.#now());
    });
  }

  reset(key: string): Promise<void> {
    return settle(() => {
      this.#windows.delete(key);
    });
  }

  sweep(): number {
    return this.#windows.sweep();
  }
}

export class MemoryTokenStore implements TokenStore {
  readonly #tokens: ExpiringMap<string>; // tokenHash → uid
  readonly #byUser = new Map<string, Set<string>>(); // uid → tokenHashes, for revokeUser

  constructor(now: Clock = Date.now) {
    this.#tokens = new ExpiringMap(now);
  }

  save(tokenHash: string, uid: string, expiresAt: number): Promise<void> {
    return settle(() => {
      if (!Number.isFinite(expiresAt)) throw new RangeError('expiresAt must be finite');
      this.#forget(tokenHash); // a re-saved hash may have belonged to another uid
      this.#tokens.set(tokenHash, uid, expiresAt);
      let hashes = this.#byUser.get(uid);
      if (hashes === undefined) this.#byUser.set(uid, (hashes = new Set()));
      hashes.add(tokenHash);
    });
  }

  lookup(tokenHash: string): Promise<string | null> {
    return settle(() => this.#tokens.get(tokenHash) ?? null);
  }

  revoke(tokenHash: string): Promise<void> {
    return settle(() => this.#forget(tokenHash));
  }

  revokeUser(uid: string): Promise<number> {
    return settle(() => {
      const hashes = this.#byUser.get(uid);
      if (hashes === undefined) return 0;
      let live = 0;
      for (const hash of hashes) {
        if (this.#tokens.get(hash) !== undefined) live += 1;
        this.#tokens.delete(hash);
      }
      this.#byUser.delete(uid);
      return live;
    });
  }

  sweep(): number {
    return this.#tokens.sweep((hash, uid) => this.#unindex(uid, hash));
  }

  #forget(tokenHash: string): void {
    const uid = this.#tokens.get(tokenHash);
    this.#tokens.delete(tokenHash);
    if (uid !== undefined) this.#unindex(uid, tokenHash);
  }

  #unindex(uid: string, tokenHash: string): void {
    const hashes = this.#byUser.get(uid);
    if (hashes === undefined) return;
    hashes.delete(tokenHash);
    if (hashes.size === 0) this.#byUser.delete(uid);
  }
}

export class MemoryRegistryStore implements RegistryStore {
  readonly #now: Clock;
  readonly #servers: ExpiringMap<ChatServerEntry>;

  constructor(now: Clock = Date.now) {
    this.#now = now;
    this.#servers = new ExpiringMap(now);
  }

  upsert(entry: RegistryEntry, ttlMs: number): Promise<void> {
    return settle(() => {
      const ttl = checkDurationMs('ttlMs', ttlMs);
      const now = this.#now();
      const { name, host, port, load, peer = '', draining = false } = entry;
      const value = { name, host, port, load, peer, draining, updatedAt: now };
      this.#servers.set(name, value, now + ttl);
    });
  }

  remove(name: string): Promise<void> {
    return settle(() => {
      this.#servers.delete(name);
    });
  }

  list(): Promise<ChatServerEntry[]> {
    return settle(() => {
      const entries = Array.from(this.#servers.liveEntries(), ([, entry]) => ({ ...entry }));
      return entries.sort(byName);
    });
  }

  get(name: string): Promise<ChatServerEntry | null> {
    return settle(() => {
      const entry = this.#servers.get(name);
      return entry === undefined ? null : { ...entry };
    });
  }

  sweep(): number {
    return this.#servers.sweep();
  }
}

interface DeviceSlot {
  route: Route;
  expiresAt: number;
}

export class MemoryRouteStore implements RouteStore {
  readonly #now: Clock;
  /** uid → deviceId → its route; the uid's slot lives as long as its longest-lived device. */
  readonly #routes: ExpiringMap<Map<string, DeviceSlot>>;

  constructor(now: Clock = Date.now) {
    this.#now = now;
    this.#routes = new ExpiringMap(now);
  }

  claim(uid: string, route: Route, ttlMs: number, maxDevices = MAX_DEVICES): Promise<ClaimResult> {
    return settle(() => {
      const ttl = checkDurationMs('ttlMs', ttlMs);
      checkPositiveInt('maxDevices', maxDevices);
      const now = this.#now();
      const devices = this.#live(uid, now);
      const old = devices.get(route.deviceId);
      devices.delete(route.deviceId);
      let evicted: Route | null = null;
      if (devices.size >= maxDevices) {
        const idle = idlest(devices);
        if (idle) {
          devices.delete(idle.deviceId);
          evicted = { ...idle };
        }
      }
      const { server, sessionId, deviceId, activeAt } = route; // copy: the caller may reuse it
      devices.set(deviceId, {
        route: { server, sessionId, deviceId, activeAt },
        expiresAt: now + ttl,
      });
      this.#store(uid, devices);
      return { replaced: old ? { ...old.route } : null, evicted };
    });
  }

  refresh(uid: string, sessionId: string, ttlMs: number, activeAt = 0): Promise<boolean> {
    return settle(() => {
      const ttl = checkDurationMs('ttlMs', ttlMs);
      const devices = this.#live(uid, this.#now());
      for (const slot of devices.values()) {
        if (slot.route.sessionId !== sessionId) continue;
        slot.expiresAt = this.#now() + ttl;
        slot.route.activeAt = Math.max(slot.route.activeAt, activeAt);
        this.#store(uid, devices);
        return true;
      }
      return false;
    });
  }

  release(uid: string, sessionId: string): Promise<{ released: boolean; remaining: number }> {
    return settle(() => {
      const devices = this.#live(uid, this.#now());
      let released = false;
      for (const [deviceId, slot] of devices) {
        if (slot.route.sessionId !== sessionId) continue;
        devices.delete(deviceId);
        released = true;
      }
      this.#store(uid, devices);
      return { released, remaining: devices.size };
    });
  }

  get(uid: string): Promise<Route[]> {
    return settle(() => this.#list(uid));
  }

  getMany(uids: string[]): Promise<Route[][]> {
    return settle(() => uids.map((uid) => this.#list(uid)));
  }

  sweep(): number {
    return this.#routes.sweep();
  }

  /** The uid's devices whose routes have not expired (the map is the stored one). */
  #live(uid: string, now: number): Map<string, DeviceSlot> {
    const devices = this.#routes.get(uid) ?? new Map<string, DeviceSlot>();
    for (const [deviceId, slot] of devices) if (slot.expiresAt <= now) devices.delete(deviceId);
    return devices;
  }

  #store(uid: string, devices: Map<string, DeviceSlot>): void {
    if (devices.size === 0) {
      this.#routes.delete(uid);
      return;
    }
    let last = 0;
    for (const slot of devices.values()) last = Math.max(last, slot.expiresAt);
    this.#routes.set(uid, devices, last);
  }

  #list(uid: string): Route[] {
    const devices = this.#live(uid, this.#now());
    return [...devices.values()]
      .map((slot) => ({ ...slot.route }))
      .sort((a, b) => (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0));
  }
}

/** The route idle longest: oldest activeAt, then the smaller deviceId (both stores agree). */
function idlest(devices: Map<string, DeviceSlot>): Route | null {
  let idle: Route | null = null;
  for (const { route } of devices.values()) {
    if (
      idle === null ||
      route.activeAt < idle.activeAt ||
      (route.activeAt === idle.activeAt && route.deviceId < idle.deviceId)
    )
      idle = route;
  }
  return idle;
}

export function createMemoryStores(opts: MemoryStoresOptions = {}): MemoryStores {
  const now = opts.now ?? Date.now;
  const sweepIntervalMs = checkDurationMs(
    'sweepIntervalMs',
    opts.sweepIntervalMs ?? MEMORY_SWEEP_INTERVAL_MS,
  );
  const codes = new MemoryCodeStore(now);
  const limits = new MemoryRateLimitStore(now);
  const tokens = new MemoryTokenStore(now);
  const registry = new MemoryRegistryStore(now);
  const routes = new MemoryRouteStore(now);
  const sweep = (): number =>
    codes.sweep() + limits.sweep() + tokens.sweep() + registry.sweep() + routes.sweep();
  // unref: housekeeping alone must not keep the process (or a test run) alive.
  const timer = setInterval(sweep, sweepIntervalMs).unref();
  return {
    kind: 'memory',
    codes,
    limits,
    tokens,
    registry,
    routes,
    sweep,
    close: () => {
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
