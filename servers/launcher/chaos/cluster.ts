// What the chaos checker runs against: cluster mode as real processes, with every store it may
// break its own — a redis-server on a free port (restarted empty), a fresh MariaDB database
// reached through a proxy it can cut (the machine's MariaDB keeps serving everyone else). Two
// shapes: `localCluster` is `npm start` in cluster mode on this host (the launcher supervises);
// `hostsCluster` (hosts.ts) puts each service in its own network namespace.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mariadb from 'mariadb';
import { createServer, type Server } from 'node:net';
import { startProxy, type Delay, type Proxy } from './proxy';
import { startOwnRedis, type OwnRedis } from './redis';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
/** The launcher's metrics port offsets (services.ts METRICS_OFFSET): ChatServer i at 10 + i. */
export const CHAT_METRICS_OFFSET = 10;

export interface ChaosCluster {
  /** GateServer's base URL (POST /auth/assign). */
  gate: string;
  /** StatusServer's gRPC address (tokens for the checker's users). */
  statusAddr: string;
  /** The database, straight (not through the proxy): the checker's own setup. */
  dbUrl: string;
  chats: string[];
  /** Where a ChatServer takes client connections. */
  chatAddr(chat: string): { host: string; port: number };
  /** Signal the current process of a ChatServer (its supervisor starts it again). */
  signal(chat: string, sig: NodeJS.Signals): void;
  /** Resolves when a process of `chat` other than `notPid` answers /readyz with 200. */
  waitReady(chat: string, notPid?: number): Promise<void>;
  pid(chat: string): number | undefined;
  redis: OwnRedis;
  db: Proxy;
  /** Namespace mode only: drop the peer link between two ChatServers for `ms`. */
  partition?: (a: string, b: string, ms: number) => Promise<void>;
  /** Namespace mode only: delay the peer link (null: no delay). */
  latency?: (d: Delay | null) => void;
  /** What the services printed (for a failed run). */
  output(): string;
  close(): Promise<void>;
}

/** A block of `n` consecutive ports free a moment ago, below the ephemeral range (32768+), so
 *  that no outgoing connection of this machine is handed one while the services start. */
export async function freeBlock(n: number): Promise<number> {
  const bind = (port: number) =>
    new Promise<Server | null>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(null));
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (32_000 - 20_000 - n));
    const held: Server[] = [];
    for (let p = base; p < base + n; p++) {
      const s = await bind(p);
      if (!s) break;
      held.push(s);
    }
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    if (held.length === n) return base;
  }
  throw new Error(`no block of ${n} free ports`);
}

export async function until(what: string, check: () => Promise<boolean> | boolean, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const ready = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
    (r) => r.ok,
    () => false,
  );

/** Pid of each service's latest process, from the supervisor's JSON log lines. */
export function pidTracker() {
  const pids = new Map<string, number>();
  let out = '';
  let partial = '';
  return {
    pids,
    output: () => out,
    onData: (d: Buffer) => {
      const text = d.toString();
      out = (out + text).slice(-200_000);
      partial += text;
      const rows = partial.split('\n');
      partial = rows.pop() ?? '';
      for (const row of rows) {
        if (!row.startsWith('{')) continue;
        try {
          const l = JSON.parse(row) as { msg?: string; service?: string; pid?: number };
          if (l.msg === 'service process started' && l.service && l.pid) pids.set(l.service, l.pid);
        } catch {
          // a line interleaved with another process's output
        }
      }
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  const c = await mariadb.createConnection({ host: '127.0.0.1', user: 'root' });
  await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await c.end();
}

/** `npm start` in cluster mode with `chatServers` ChatServers, on fresh ports. */
export async function localCluster(chatServers: number): Promise<ChaosCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-chaos-'));
  const dbName = `parley_chaos_${randomBytes(5).toString('hex')}`;
  // One block: metrics first (the launcher's offsets 0–3 and 10 + i), then the rest.
  const metrics = await freeBlock(CHAT_METRICS_OFFSET + 3 * chatServers + 5);
  const chatBase = metrics + CHAT_METRICS_OFFSET + chatServers;
  const peerBase = chatBase + chatServers;
  const [gate, status, verify, bridge, redisPort] = [0, 1, 2, 3, 4].map(
    (k) => peerBase + chatServers + k,
  ) as [number, number, number, number, number];
  const redis = await startOwnRedis('127.0.0.1', redisPort, dir);
  const db = await startProxy({ host: '127.0.0.1', target: { host: '127.0.0.1', port: 3306 } });
  const track = pidTracker();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      WEB: 'off',
      LOG_LEVEL: 'info',
      DATA_DIR: dir,
      DEV_MAILBOX: 'off',
      GATE_PORT: String(gate),
      CHAT_PORT_BASE: String(chatBase),
      STATUS_PORT: String(status),
      VERIFY_PORT: String(verify),
      BRIDGE_PORT: String(bridge),
      PEER_PORT_BASE: String(peerBase),
      METRICS_PORT_BASE: String(metrics),
      CHAT_SERVERS: String(chatServers),
      RATE_LIMITS: 'relaxed',
      REDIS_URL: redis.url,
      REDIS_PREFIX: `parley-chaos:${randomBytes(4).toString('hex')}:`,
      DATABASE_URL: `mysql://root@127.0.0.1:${db.port}/${dbName}`,
      DRAIN_RECONNECT_MS: '1000',
    },
    // The IPC channel makes the launcher stop its services if this process dies (main.ts).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', track.onData);
  child.stderr?.on('data', track.onData);
  const chats = Array.from({ length: chatServers }, (_, i) => `chat-${i + 1}`);
  const readyUrl = (chat: string) =>
    `http://127.0.0.1:${metrics + CHAT_METRICS_OFFSET + chats.indexOf(chat)}/readyz`;
  const c: ChaosCluster = {
    gate: `http://127.0.0.1:${gate}`,
    statusAddr: `127.0.0.1:${status}`,
    dbUrl: `mysql://root@127.0.0.1:3306/${dbName}`,
    chats,
    chatAddr: (chat) => ({ host: '127.0.0.1', port: chatBase + chats.indexOf(chat) }),
    signal(chat, sig) {
      const pid = track.pids.get(chat);
      try {
        if (pid) process.kill(pid, sig);
      } catch {
        // it died on its own a moment ago: its supervisor is restarting it already
      }
    },
    pid: (chat) => track.pids.get(chat),
    async waitReady(chat, notPid) {
      await until(`${chat} ready`, async () => {
        const pid = track.pids.get(chat);
        return pid !== undefined && pid !== notPid && (await ready(readyUrl(chat)));
      });
    },
    redis,
    db,
    output: track.output,
    async close() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const t = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.once('exit', () => (clearTimeout(t), resolve()));
        child.kill('SIGTERM');
      });
      for (const pid of track.pids.values())
        try {
          process.kill(pid, 'SIGKILL'); // any service that outlived its launcher
        } catch {
          // already gone
        }
      await db.close();
      await redis.stop();
      await dropDatabase(dbName).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await until('GateServer and every ChatServer ready', async () => {
      for (const chat of chats) if (!(await ready(readyUrl(chat)))) return false;
      return ready(`${c.gate}/healthz`);
    });
  } catch (err) {
    await c.close();
    throw new Error(`${(err as Error).message}\n${track.output().slice(-5_000)}`, { cause: err });
  }
  return c;
}
