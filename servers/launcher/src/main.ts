// `npm start`: embedded mode by default; cluster mode with REDIS_URL and DATABASE_URL=mysql://….
// WEB=off skips the web app (servers only).
import { createLogger, loadConfig } from '@parley/core';
import { runCluster, runService } from './cluster';
import { runEmbedded } from './embedded';

const config = loadConfig();
const logger = createLogger(config.LOG_LEVEL);
const web = config.WEB === 'on';

async function main(): Promise<void> {
  const stop =
    config.SERVICE !== 'all'
      ? await runService(config, logger)
      : config.mode === 'cluster'
        ? await runCluster(config, logger, { web })
        : await runEmbedded(config, logger, { web });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'start-up failed');
  process.exit(1);
});
