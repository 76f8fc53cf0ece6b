/**
 * Helpers both store implementations use, so that memory and Redis reject the same bad input and
 * order results the same way (the shared suite in test/helpers/store-suite.ts relies on it).
 */
import type { ChatServerEntry, RateDecision, Route } from './types';

/** Durations become Redis PX arguments, which must be positive integers; memory checks the same. */
export function checkDurationMs(name: string, ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds, got ${ms}`);
  }
  // Round up so a sub-millisecond TTL never turns into 0 ("no expiry" is not what was asked).
  return Math.ceil(ms);
}

export function checkPositiveInt(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${n}`);
  }
  return n;
}

/**
 * Code-unit order, not localeCompare: Redis sorts equal-score sorted-set members by bytes, and
 * for the ASCII server names Parley uses both orders agree, independent of the process locale.
 */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** A device route as Redis keeps it, one hash field per device: `<expiresAt>|<activeAt>|<json>`,
 *  so the Lua scripts read and rewrite both times with string operations (cjson would print
 *  large numbers in %.14g). The times are Redis's own clock (its TIME), shared by every
 *  ChatServer. */
export function encodeRoute(route: Route): string {
  // Only the known fields, so a caller's extra properties never end up in Redis.
  return JSON.stringify({
    server: route.server,
    sessionId: route.sessionId,
    deviceId: route.deviceId,
  });
}

/** Values come from our own writes; a malformed one means a foreign writer or a bug, so fail loudly. */
export function decodeRoute(raw: string): Route {
  const m = /^(\d+)\|(\d+)\|(.*)$/s.exec(raw);
  const v: unknown = m ? JSON.parse(m[3]!) : null;
  if (
    m &&
    isRecord(v) &&
    typeof v.server === 'string' &&
    typeof v.sessionId === 'string' &&
    typeof v.deviceId === 'string'
  ) {
    return {
      server: v.server,
      sessionId: v.sessionId,
      deviceId: v.deviceId,
      activeAt: Number(m[2]),
    };
  }
  throw new TypeError('malformed route record');
}

export function encodeEntry(entry: ChatServerEntry): string {
  const { name, host, port, load, peer = '', draining = false, updatedAt } = entry;
  return JSON.stringify({
    name,
    host,
    port,
    load,
    peer,
    ...(draining ? { draining } : {}),
    updatedAt,
  });
}

export function decodeEntry(raw: string): ChatServerEntry {
  const v: unknown = JSON.parse(raw);
  if (
    isRecord(v) &&
    typeof v.name === 'string' &&
    typeof v.host === 'string' &&
    typeof v.port === 'number' &&
    typeof v.load === 'number' &&
    typeof v.updatedAt === 'number'
  ) {
    const peer = typeof v.peer === 'string' ? v.peer : '';
    const draining = v.draining === true;
    return {
      name: v.name,
      host: v.host,
      port: v.port,
      load: v.load,
      peer,
      draining,
      updatedAt: v.updatedAt,
    };
  }
  throw new TypeError('malformed registry entry');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** allowed / count / retryAfterMs as RateLimitStore documents: a wait is only reported when blocked. */
export function rateDecision(count: number, allowed: boolean, windowLeftMs: number): RateDecision {
  return { allowed, count, retryAfterMs: allowed ? 0 : Math.max(0, windowLeftMs) };
}
