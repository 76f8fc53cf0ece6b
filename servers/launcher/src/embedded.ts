// Embedded mode: every service in this one process over in-memory stores and SQLite, plus the web
// app as a child process. Internal gRPC ports are ephemeral: only clients' ports are fixed.
import type { Config, Logger } from '@parley/core';
import { PeerHub } from '@parley/chat';
import {
  createShared,
  startOps,
  startChat,
  startBridge,
  startGate,
  startStatus,
  startVerify,
  chatConfig,
  loginTokens,
  type Ready,
  type Stop,
} from './services';
import { ChatThreads } from './threads/chat-threads';
import { startWeb } from './web';
import { exitReason } from './supervisor';

export async function runEmbedded(
  config: Readonly<Config>,
  logger: Logger,
  opts: { web: boolean; onFatal?: (reason: string) => void },
): Promise<Stop> {
  const shared = createShared(config, logger);
  const stops: Stop[] = [shared.close];
  let stopping = false;
  const stopAll: Stop = async () => {
    stopping = true;
    for (const stop of stops.reverse())
      await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  try {
    await shared.db(); // migrate before anything serves
    const status = await startStatus(shared, 0);
    stops.push(status.stop);
    const verify = await startVerify(shared, 0);
    stops.push(verify.stop);
    const chats: { name: string; port: number; ready: Ready }[] = [];
    let threads: ChatThreads | null = null;
    if (config.CHAT_THREADS === '1') {
      // Each ChatServer on a thread of its own (issue 9): its sockets off the main event loop.
      threads = new ChatThreads({
        db: await shared.db(),
        routes: shared.stores.routes,
        tokens: await loginTokens(shared),
        statusAddr: status.addr,
        logger,
        logLevel: config.LOG_LEVEL,
        metricsService: config.METRICS_PORT_BASE === undefined ? null : 'embedded',
        onFatal: (reason) => {
          if (!stopping) opts.onFatal?.(reason);
        },
      });
      for (let i = 0; i < config.CHAT_SERVERS; i++) {
        const chat = await threads.start({
          name: `chat-${i + 1}`,
          host: config.HOST,
          port: config.CHAT_PORT_BASE + i,
          publicHost: config.PUBLIC_HOST,
          config: chatConfig(config),
        });
        // Embedded mode stops every server at once: there is nowhere to move (as below).
        stops.push(() => chat.close());
        chats.push(chat);
      }
    } else {
      const hub = new PeerHub();
      for (let i = 0; i < config.CHAT_SERVERS; i++) {
        const chat = await startChat(shared, i, status.addr, hub);
        stops.push(chat.stop);
        chats.push(chat);
      }
    }
    const gate = await startGate(shared, status.addr, verify.addr);
    stops.push(gate.stop);
    const bridge = await startBridge(shared, status.addr);
    stops.push(bridge.stop);
    // One /healthz, /readyz, /metrics for the whole process: ready when every ChatServer is.
    const ready = async () =>
      (await Promise.all(chats.map(async (c) => c.ready()))).find((r) => r !== null) ?? null;
    const t = threads;
    stops.push(await startOps(shared, 0, ready, t ? () => t.metricsText() : undefined));
    const lines = [
      `GateServer   http://${config.HOST}:${gate.port}`,
      `Bridge       ws://${config.HOST}:${bridge.port}/ws?server=<name>`,
      ...chats.map((c) => `ChatServer   ${c.name} tcp://${config.HOST}:${c.port}`),
    ];
    if (opts.web) {
      const web = await startWeb({
        port: config.WEB_PORT,
        host: config.HOST,
        gateUrl: `http://${config.HOST}:${gate.port}`,
        bridgePort: bridge.port,
        logger,
      });
      stops.push(web.stop);
      // The web app is a child process: if it dies, say so and stop with a non-zero exit (a
      // supervisor then starts everything again) rather than serve on without it.
      web.child.once('exit', (code, signal) => {
        if (!stopping) opts.onFatal?.(`web app exited (${exitReason(code, signal)})`);
      });
      lines.unshift(`Web app      http://localhost:${config.WEB_PORT}`);
      if (config.devMailbox)
        lines.push(`Dev mailbox  http://localhost:${config.WEB_PORT}/dev/mailbox`);
    }
    // The banner is for the person at the terminal, so it is plain text rather than a log line.
    console.log(
      `\nParley is running (embedded mode, ${config.databaseUrl.replace(/^file:/, 'SQLite ')}):\n  ${lines.join('\n  ')}\n`,
    );
    return stopAll;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
