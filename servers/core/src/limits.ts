// Rate-limit settings (PROTOCOL.md §8): configuration, with RATE_LIMITS=relaxed multiplying every
// limit by 1000 for load tests and benchmarks that create many users from one address.

export interface Limit {
  limit: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface RateLimits {
  /** A new code for one email at most once per minute… */
  codePerEmailMinute: Limit;
  /** …and five times an hour. */
  codePerEmailHour: Limit;
  codePerIpHour: Limit;
  /** Failed logins per account, then per client address. */
  loginFailPerAccount: Limit;
  loginFailPerIp: Limit;
  registerPerIpHour: Limit;
  /** Chat messages per user per second (used by the ChatServer). */
  messagesPerUserSecond: Limit;
  /** `POST /media` uploads per user per minute (GateServer). */
  mediaUploadsPerUserMinute: Limit;
}

const STRICT: RateLimits = {
  codePerEmailMinute: { limit: 1, windowMs: MINUTE },
  codePerEmailHour: { limit: 5, windowMs: HOUR },
  codePerIpHour: { limit: 30, windowMs: HOUR },
  loginFailPerAccount: { limit: 5, windowMs: 15 * MINUTE },
  loginFailPerIp: { limit: 50, windowMs: 15 * MINUTE },
  registerPerIpHour: { limit: 20, windowMs: HOUR },
  messagesPerUserSecond: { limit: 50, windowMs: 1_000 },
  mediaUploadsPerUserMinute: { limit: 30, windowMs: MINUTE },
};

export function rateLimits(setting: 'strict' | 'relaxed'): Readonly<RateLimits> {
  if (setting === 'strict') return STRICT;
  const relaxed = Object.fromEntries(
    Object.entries(STRICT).map(([k, v]: [string, Limit]) => [k, { ...v, limit: v.limit * 1000 }]),
  ) as unknown as RateLimits;
  return Object.freeze(relaxed);
}
