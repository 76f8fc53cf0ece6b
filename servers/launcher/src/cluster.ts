// Cluster mode: one OS process per service against Redis and MariaDB. The parent only spawns and
// supervises; each child runs `runService` for its SERVICE.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config, Logger } from '@parley/core';
import {
  METRICS_OFFSET,
  createShared,
  startOps,
  storeReady,
  type Ready,
  startBridge,
  startChat,
  startGate,
  startStatus,
  startVerify,
  type Stop,
} from './services';
import { startWeb } from './web';
import { Supervised, type BackoffPolicy } from './supervisor';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export function statusAddr(c: Readonly<Config>): string {
  return c.STATUS_ADDR ?? `${c.HOST}:${c.STATUS_PORT}`;
}
export function verifyAddr(c: Readonly<Config>): string {
  return c.VERIFY_ADDR ?? `${c.HOST}:${c.VERIFY_PORT}`;
}

/** Run the one service named by SERVICE in this process. */
export async function runService(config: Readonly<Config>, logger: Logger): Promise<Stop> {
  const shared = createShared(config, logger.child({ service: config.SERVICE }));
  let stop: Stop;
  let ops: Stop = () => Promise.resolve();
  const alive: Ready = () => null;
  switch (config.SERVICE) {
    case 'status':
      stop = (await startStatus(shared, config.STATUS_PORT)).stop;
      ops = await startOps(shared, METRICS_OFFSET.status, storeReady(shared));
      break;
    case 'verify':
      stop = (await startVerify(shared, config.VERIFY_PORT)).stop;
      ops = await startOps(shared, METRICS_OFFSET.verify, alive);
      break;
    case 'gate':
      stop = (await startGate(shared, statusAddr(config), verifyAddr(config))).stop;
      ops = await startOps(shared, METRICS_OFFSET.gate, alive);
      break;
    case 'bridge':
      stop = (await startBridge(shared, statusAddr(config))).stop;
      ops = await startOps(shared, METRICS_OFFSET.bridge, alive);
      break;
    case 'chat': {
      const chat = await startChat(shared, config.CHAT_INDEX, statusAddr(config));
      stop = chat.stop;
      ops = await startOps(shared, METRICS_OFFSET.chat + config.CHAT_INDEX, chat.ready);
      break;
    }
    case 'web':
      stop = (
        await startWeb({
          port: config.WEB_PORT,
          host: config.HOST,
          gateUrl: `http://${config.HOST}:${config.GATE_PORT}`,
          bridgePort: config.BRIDGE_PORT,
          logger,
        })
      ).stop;
      break;
    default:
      throw new Error(`SERVICE=${config.SERVICE} is not a single service`);
  }
  logger.info({ service: config.SERVICE }, 'service started');
  return async () => {
    await stop();
    await ops();
    await shared.close();
  };
}

/** Spawn every service as its own process and supervise it (restart with back-off, see
 *  supervisor.ts); Ctrl-C or SIGTERM stops them all. A service in a crash loop calls `onFatal`. */
export async function runCluster(
  config: Readonly<Config>,
  logger: Logger,
  opts: { web: boolean; onFatal: (reason: string) => void; backoff?: Partial<BackoffPolicy> },
): Promise<Stop> {
  // Migrate once up front so the services do not race to create the schema.
  const shared = createShared(config, logger);
  await shared.db();
  await shared.close();
  const services: Supervised[] = [];
  const supervise = (name: string, service: string, extra: Record<string, string> = {}) => {
    const s = new Supervised({
      name,
      logger,
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      // The IPC channel only tells the child when this launcher is gone (main.ts), so a killed
      // launcher does not leave orphans serving on their ports.
      spawn: () =>
        spawn(process.execPath, ['--import', 'tsx', MAIN], {
          stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
          env: { ...process.env, SERVICE: service, ...extra },
        }),
      onGiveUp: (reason) => opts.onFatal(reason),
    });
    services.push(s);
    s.start();
  };
  supervise('status', 'status');
  supervise('verify', 'verify');
  for (let i = 0; i < config.CHAT_SERVERS; i++)
    supervise(`chat-${i + 1}`, 'chat', { CHAT_INDEX: String(i) });
  supervise('gate', 'gate');
  supervise('bridge', 'bridge');
  if (opts.web) supervise('web', 'web');
  console.log(
    `\nParley is starting (cluster mode, ${config.CHAT_SERVERS} ChatServers, one process each):\n  Web app      http://localhost:${config.WEB_PORT}\n  GateServer   http://${config.HOST}:${config.GATE_PORT}\n  ChatServers  tcp://${config.HOST}:${config.CHAT_PORT_BASE}…${config.CHAT_PORT_BASE + config.CHAT_SERVERS - 1}\n`,
  );
  return () => Promise.all(services.map((s) => s.stop())).then(() => undefined);
}
