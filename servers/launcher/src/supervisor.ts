// Cluster mode's process supervision (issue 11): a service process that exits is started again
// after a back-off, with a log line saying why it went; a service that keeps failing is reported
// as a crash loop and handed to `onGiveUp`, so the launcher exits non-zero with the reason rather
// than retrying forever behind the operator's back.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '@parley/core';

export interface BackoffPolicy {
  /** First restart delay. */
  initialMs: number;
  /** Longest restart delay (the delay doubles up to this). */
  maxMs: number;
  /** A process that stayed up this long counts as healthy: the next failure starts over. */
  resetAfterMs: number;
  /** Failures in a row (none of them up for resetAfterMs) before giving up. */
  maxFailures: number;
}

/** 0.5 s doubling to 10 s, reset after a minute up; eight quick failures in a row (about 36 s of
 *  trying) is a crash loop: a port that stays taken or a bad configuration, not a hiccup. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 500,
  maxMs: 10_000,
  resetAfterMs: 60_000,
  maxFailures: 8,
};

/** How long a stopped service gets to exit after SIGTERM before SIGKILL (a ChatServer drains for
 *  a few seconds, PROTOCOL.md §9.5). */
export const STOP_GRACE_MS = 15_000;

export interface SupervisedOptions {
  /** Label in logs: `status`, `chat-1`, … */
  name: string;
  spawn: () => ChildProcess;
  logger: Logger;
  backoff?: Partial<BackoffPolicy>;
  /** The service is in a crash loop; the supervisor has stopped restarting it. */
  onGiveUp: (reason: string) => void;
}

/** How a process ended, for log lines: `code 1`, `signal SIGKILL`. */
export function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code ?? '?'}`;
}

export class Supervised {
  readonly #o: SupervisedOptions;
  readonly #policy: BackoffPolicy;
  #child: ChildProcess | null = null;
  #startedAt = 0;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopping = false;
  /** Restarts so far (not counting the first start). */
  restarts = 0;

  constructor(o: SupervisedOptions) {
    this.#o = o;
    this.#policy = { ...DEFAULT_BACKOFF, ...o.backoff };
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    if (this.#stopping) return;
    const child = this.#o.spawn();
    this.#child = child;
    this.#startedAt = Date.now();
    this.#o.logger.info({ service: this.#o.name, pid: child.pid }, 'service process started');
    // A spawn that fails (ENOENT, EAGAIN) emits 'error' and may never emit 'exit'.
    let ended = false;
    const onEnd = (why: string) => {
      if (ended) return;
      ended = true;
      if (this.#child === child) this.#child = null;
      this.#exited(why);
    };
    child.once('error', (err) => onEnd(`spawn failed: ${err.message}`));
    child.once('exit', (code, signal) => onEnd(exitReason(code, signal)));
  }

  #exited(why: string): void {
    if (this.#stopping) return;
    const { logger, name } = this.#o;
    const upMs = Date.now() - this.#startedAt;
    if (upMs >= this.#policy.resetAfterMs) this.#failures = 0;
    this.#failures++;
    if (this.#failures >= this.#policy.maxFailures) {
      const reason = `${name} exited ${this.#failures} times in a row, each within ${this.#policy.resetAfterMs / 1000} s of starting (last: ${why})`;
      logger.fatal({ service: name, failures: this.#failures, last: why }, 'crash loop: giving up');
      this.#stopping = true;
      this.#o.onGiveUp(reason);
      return;
    }
    const delay = Math.min(
      this.#policy.maxMs,
      this.#policy.initialMs * 2 ** Math.max(0, this.#failures - 1),
    );
    logger.error(
      { service: name, reason: why, upMs, failures: this.#failures, restartInMs: delay },
      'service exited unexpectedly; restarting',
    );
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.restarts++;
      this.start();
    }, delay);
  }

  /** Stop supervising; SIGTERM the process, SIGKILL after graceMs. Resolves when it is gone. */
  stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => {
        this.#o.logger.warn({ service: this.#o.name }, 'service did not stop in time: SIGKILL');
        child.kill('SIGKILL');
      }, graceMs);
      kill.unref();
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
