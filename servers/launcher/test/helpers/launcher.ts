// `npm start` in cluster mode as a child process on fresh ports, with its pino output parsed, for
// the tests of supervision and planned restarts. Each test run gets its own database and Redis
// key prefix, dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mariadb from 'mariadb';
import { freePortBlocks } from './ports';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export interface LogLine {
  msg?: string;
  service?: string;
  pid?: number;
  reason?: string;
  [k: string]: unknown;
}

export interface Launcher {
  child: ChildProcess;
  gate: string;
  ports: { gate: number; chatBase: number };
  /** Everything the launcher and its children printed. */
  output(): string;
  /** Parsed JSON log lines so far. */
  lines(): LogLine[];
  /** Pid of a service's current process (its latest 'service process started' line). */
  pid(service: string): number | undefined;
  /** Resolves once a log line matches. */
  waitFor(what: string, match: (l: LogLine) => boolean, ms?: number): Promise<LogLine>;
  stop(): Promise<number | null>;
  cleanup(): Promise<void>;
}

export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startLauncher(
  opts: {
    env?: Record<string, string>;
    chatServers?: number;
    /** Ports to use instead of fresh ones (e.g. a gate port the test holds). */
    gatePort?: number;
    /** Wait for GateServer's /healthz (default true). */
    waitUp?: boolean;
  } = {},
): Promise<Launcher> {
  const chats = opts.chatServers ?? 2;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-launch-'));
  const dbName = `parley_test_${randomBytes(5).toString('hex')}`;
  const [gateFree, chatBase, statusPort, verifyPort, bridgePort, peerBase] = await freePortBlocks([
    1,
    chats,
    1,
    1,
    1,
    chats,
  ]);
  const gatePort = opts.gatePort ?? gateFree!;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WEB: 'off',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    DEV_MAILBOX: 'off',
    GATE_PORT: String(gatePort),
    CHAT_PORT_BASE: String(chatBase),
    STATUS_PORT: String(statusPort),
    VERIFY_PORT: String(verifyPort),
    BRIDGE_PORT: String(bridgePort),
    PEER_PORT_BASE: String(peerBase),
    CHAT_SERVERS: String(chats),
    RATE_LIMITS: 'relaxed',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `parley-test:${randomBytes(5).toString('hex')}:`,
    DATABASE_URL: `mysql://root@127.0.0.1:3306/${dbName}`,
    ...opts.env,
  };
  let out = '';
  let parsed: LogLine[] = [];
  let partial = '';
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onData = (d: Buffer) => {
    const text = d.toString();
    out += text;
    partial += text;
    const rows = partial.split('\n');
    partial = rows.pop() ?? '';
    for (const row of rows) {
      if (!row.startsWith('{')) continue;
      try {
        parsed.push(JSON.parse(row) as LogLine);
      } catch {
        // a line interleaved with another process's output: not a log line we look at
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const gate = `http://127.0.0.1:${gatePort}`;
  const l: Launcher = {
    child,
    gate,
    ports: { gate: gatePort, chatBase: chatBase! },
    output: () => out,
    lines: () => parsed,
    pid(service) {
      let pid: number | undefined;
      for (const x of parsed)
        if (x.msg === 'service process started' && x.service === service) pid = x.pid;
      return pid;
    },
    async waitFor(what, match, ms = 30_000) {
      let hit: LogLine | undefined;
      await until(what, () => (hit = parsed.find(match)) !== undefined, ms);
      return hit!;
    },
    stop() {
      if (child.exitCode !== null || child.signalCode !== null)
        return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      });
    },
    async cleanup() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      // Its service processes too, in case any outlives the launcher (they hold the database).
      for (const x of parsed)
        if (x.msg === 'service process started' && typeof x.pid === 'number')
          try {
            process.kill(x.pid, 'SIGKILL');
          } catch {
            // already gone
          }
      parsed = [];
      rmSync(dataDir, { recursive: true, force: true });
      const c = await mariadb.createConnection({ host: '127.0.0.1', user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
      await c.end();
    },
  };
  if (opts.waitUp !== false) {
    await until(
      'GateServer /healthz',
      () =>
        fetch(`${gate}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      60_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${out}`);
    });
  }
  return l;
}
