// Keeps this ChatServer's entry in StatusServer's registry fresh, with its load. Besides the
// periodic refresh, a change of load is reported promptly (debounced), so GateServer's
// least-loaded pick sees a login that happened a moment ago.
import type { Logger } from '@parley/core';
import type { ChatServerAddr, StatusClient } from '@parley/status';

/** Matches StatusServer's registry TTL (10 s): three reports per TTL survive one lost report. */
export const REPORT_INTERVAL_MS = 3_000;
/** Load changes within this window go out as one report. */
export const NUDGE_DEBOUNCE_MS = 50;
/** A broken liveness stream is opened again after this long (StatusServer restarting). */
export const ATTACH_RETRY_MS = 1_000;

export interface Reporter {
  /** The load changed: report soon. */
  nudge(): void;
  /** Report now (e.g. that this server is draining) and resolve when StatusServer has it. */
  report(): Promise<void>;
  stop(): Promise<void>;
}

export function startReporter(opts: {
  status: StatusClient;
  info: () => ChatServerAddr;
  logger: Logger;
  /** StatusServer asks this server to close every connection of uid (PROTOCOL.md §9.2). */
  onKick?: (uid: string, reason: string) => void;
}): Reporter {
  let stopped = false;
  let nudged: NodeJS.Timeout | null = null;
  const tick = () =>
    opts.status.report(opts.info()).catch((err: unknown) => {
      if (!stopped) opts.logger.warn({ err }, 'status report failed; retrying');
    });
  void tick();
  const timer = setInterval(() => void tick(), REPORT_INTERVAL_MS);
  timer.unref();
  // The liveness stream (issue 11): if this process dies, StatusServer sees the stream break and
  // stops assigning it at once. If the stream breaks while we live, StatusServer may have
  // dropped our entry: attach again and report at once.
  let link: { close(): void } | null = null;
  let retry: NodeJS.Timeout | null = null;
  const attach = () => {
    retry = null;
    if (stopped) return;
    link = opts.status.attach(
      opts.info().name,
      (err) => {
        link = null;
        if (stopped) return;
        opts.logger.warn({ err }, 'StatusServer link lost; attaching again');
        retry = setTimeout(() => {
          attach();
          void tick();
        }, ATTACH_RETRY_MS);
        retry.unref();
      },
      undefined,
      opts.onKick,
    );
  };
  attach();
  return {
    report: () => opts.status.report(opts.info()),
    nudge() {
      if (stopped || nudged) return;
      nudged = setTimeout(() => {
        nudged = null;
        void tick();
      }, NUDGE_DEBOUNCE_MS);
      nudged.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      if (retry) clearTimeout(retry);
      link?.close();
      // Leave the registry at once on a clean stop rather than waiting out the TTL.
      await opts.status.remove(opts.info().name).catch(() => undefined);
    },
  };
}
