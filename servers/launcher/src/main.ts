// `npm start`: embedded mode by default; cluster mode with REDIS_URL and DATABASE_URL=mysql://….
// WEB=off skips the web app (servers only). Exit codes, for systemd, Kubernetes and the cluster
// supervisor alike: 0 after a clean stop (SIGTERM, SIGINT), 1 with a fatal log line otherwise —
// a failed start, an error nobody handled, a stop that failed or a crash loop of a service.
import { createLogger, loadConfig } from '@parley/core';
import { runCluster, runService } from './cluster';
import { runEmbedded } from './embedded';
import type { Stop } from './services';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const web = config.WEB === 'on';

/** Longest a stop may take before the process exits anyway (a ChatServer drains for a few
 *  seconds; the cluster launcher gives each child 15 s before SIGKILL). */
const HARD_STOP_MS = 30_000;

/** How often a cluster child checks that its launcher is still its parent. */
const ORPHAN_CHECK_MS = 1_000;

let stop: Stop | null = null;
let stopping = false;

function shutdown(why: string, code: 0 | 1): void {
  if (stopping) return;
  stopping = true;
  if (code === 0) logger.info({ signal: why }, 'stopping');
  else logger.fatal({ reason: why }, 'stopping after a fatal error');
  // A stop that hangs (a dependency that never answers) must not keep the process up forever.
  setTimeout(() => {
    logger.error('stop did not finish in time; exiting');
    process.exit(1);
  }, HARD_STOP_MS).unref();
  const done = stop ? stop() : Promise.resolve();
  done.then(
    () => process.exit(code),
    (err: unknown) => {
      logger.error({ err }, 'stop failed');
      process.exit(1);
    },
  );
}

async function main(): Promise<void> {
  process.on('SIGINT', () => shutdown('SIGINT', 0));
  process.on('SIGTERM', () => shutdown('SIGTERM', 0));
  // A cluster child: the launcher that supervises it is gone (even by kill -9), so stop too
  // rather than serve on as an orphan.
  if (process.send) {
    process.on('disconnect', () => shutdown('launcher gone', 0));
    // Belt and braces: once seen in a loaded test run, children of a launcher killed with
    // SIGKILL kept serving; being handed to another parent says the same thing.
    const launcher = process.ppid;
    setInterval(() => {
      if (process.ppid !== launcher) shutdown('launcher gone', 0);
    }, ORPHAN_CHECK_MS).unref();
  }
  stop =
    config.SERVICE !== 'all'
      ? await runService(config, logger)
      : config.mode === 'cluster'
        ? await runCluster(config, logger, { web, onFatal: (reason) => shutdown(reason, 1) })
        : await runEmbedded(config, logger, { web, onFatal: (reason) => shutdown(reason, 1) });
}

// Never a silent hang or a half-dead process: anything unhandled is logged and ends the process
// non-zero, and whoever supervises it (the cluster launcher, systemd) starts it again.
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'uncaught exception');
  shutdown(`uncaught exception: ${err.message}`, 1);
});
process.on('unhandledRejection', (err) => {
  logger.fatal({ err }, 'unhandled rejection');
  shutdown(`unhandled rejection: ${err instanceof Error ? err.message : String(err)}`, 1);
});

main().catch((err: unknown) => {
  logger.fatal({ err }, 'start-up failed');
  process.exit(1);
});
