// Keeps this ChatServer's entry in StatusServer's registry fresh, with its load.
import type { Logger } from '@parley/core';
import type { ChatServerAddr, StatusClient } from '@parley/status';

/** Matches StatusServer's registry TTL (10 s): three reports per TTL survive one lost report. */
export const REPORT_INTERVAL_MS = 3_000;

export function startReporter(opts: {
  status: StatusClient;
  info: () => ChatServerAddr;
  logger: Logger;
}): () => Promise<void> {
  let stopped = false;
  const tick = () =>
    opts.status.report(opts.info()).catch((err: unknown) => {
      if (!stopped) opts.logger.warn({ err }, 'status report failed; retrying');
    });
  void tick();
  const timer = setInterval(() => void tick(), REPORT_INTERVAL_MS);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    // Leave the registry at once on a clean stop rather than waiting out the TTL.
    await opts.status.remove(opts.info().name).catch(() => undefined);
  };
}
