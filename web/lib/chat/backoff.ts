// Reconnect delays: exponential with jitter, so a ChatServer restart does not bring every
// browser back in the same instant.

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  factor: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  baseMs: 500, // 0.5 s
  maxMs: 30_000, // 30 s
  factor: 2,
};

/**
 * Delay before attempt `attempt` (0 = the first retry): a random point in the upper half of the
 * exponential step ("equal jitter"), so delays still grow but never line up across clients.
 */
export function backoffDelay(
  attempt: number,
  opts: BackoffOptions = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const step = Math.min(opts.maxMs, opts.baseMs * opts.factor ** Math.max(0, attempt));
  return Math.round(step / 2 + random() * (step / 2));
}
