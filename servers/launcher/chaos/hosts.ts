// Hosts, not processes (issue 11 item 4): every service in its own Linux network namespace with
// its own address, on a bridge this harness makes, so cluster mode runs as on several machines.
//   10.213.N.1   this host: the bridge, the checker's clients, its redis-server, the MariaDB proxy
//                and one delaying proxy per ChatServer peer port
//   10.213.N.2   "core": StatusServer, VerifyServer, GateServer
//   10.213.N.10+i  ChatServer i, alone in its namespace
// Each ChatServer's outgoing peer connections are DNATed (iptables, inside its namespace) to the
// delaying proxy in front of the other's peer port — the kernel has no netem — so `latency` slows
// exactly the peer link. `partition` DROPs the peer traffic inside one ChatServer's namespace.
// Everything made is removed in close(), and by an exit hook if the process ends first.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@parley/core';
import { openDb } from '@parley/db';
import { Supervised } from '../src/supervisor';
import { dropDatabase, ready, until, type ChaosCluster } from './cluster';
import { startProxy, type Proxy } from './proxy';
import { startOwnRedis } from './redis';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Each namespace has its own ports: the defaults serve, and nothing here collides with the host.
const STATUS_PORT = 8070;
const VERIFY_PORT = 8071;
const GATE_PORT = 8080;
const CHAT_PORT_BASE = 8100;
const PEER_PORT_BASE = 8200;
const METRICS_PORT_BASE = 9100;
const CHAT_METRICS = (i: number) => METRICS_PORT_BASE + 10 + i;
const REDIS_PORT = 6390;

/** Why namespaces cannot be made here (not root, no `ip`/`iptables`), or null if they can. */
export function hostsUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  for (const tool of ['ip', 'iptables'])
    try {
      execFileSync(tool, ['-V'], { stdio: 'ignore' });
    } catch {
      return `no \`${tool}\` (apt-get install -y iproute2 iptables)`;
    }
  return null;
}

const sh = (args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: 'pipe' });
const inNs = (ns: string, args: string[]) => sh(['ip', 'netns', 'exec', ns, ...args]);

/** Whether a TCP connection from inside `ns` to host:port opens within 1 s. */
function reachable(ns: string, host: string, port: number): boolean {
  try {
    inNs(ns, ['timeout', '1', 'bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`]);
    return true;
  } catch {
    return false;
  }
}

/** A /24 in 10.213.0.0/16 that no interface here uses yet. */
function freeSubnet(): number {
  const used = execFileSync('ip', ['-4', '-o', 'addr'], { encoding: 'utf8' });
  for (let i = 0; i < 50; i++) {
    const n = randomInt(1, 255);
    if (!used.includes(`10.213.${n}.`)) return n;
  }
  throw new Error('no free subnet in 10.213.0.0/16');
}

export async function hostsCluster(chatServers: number): Promise<ChaosCluster> {
  const why = hostsUnavailable();
  if (why) throw new Error(why);
  const id = randomBytes(2).toString('hex');
  const net = `10.213.${freeSubnet()}`;
  const hostIp = `${net}.1`;
  const bridge = `pcb${id}`;
  const nsNames: string[] = [];
  const veths: string[] = [];
  const teardown = () => {
    for (const ns of nsNames)
      try {
        sh(['ip', 'netns', 'del', ns]); // takes its veth end, and so the pair, with it
      } catch {
        // already gone
      }
    for (const v of [...veths, bridge])
      try {
        sh(['ip', 'link', 'del', v]);
      } catch {
        // already gone
      }
  };
  process.once('exit', teardown);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-hosts-'));
  const dbName = `parley_hosts_${randomBytes(5).toString('hex')}`;
  const cleanups: (() => Promise<void>)[] = [];
  const supervised = new Map<string, Supervised>();
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));

  const close = async () => {
    await Promise.all([...supervised.values()].map((s) => s.stop(20_000)));
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    teardown();
    process.removeListener('exit', teardown);
    await dropDatabase(dbName).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    sh(['ip', 'link', 'add', bridge, 'type', 'bridge']);
    sh(['ip', 'addr', 'add', `${hostIp}/24`, 'dev', bridge]);
    sh(['ip', 'link', 'set', bridge, 'up']);
    const host = (name: string, ip: string) => {
      const ns = `parley-${id}-${name}`;
      const k = nsNames.length;
      sh(['ip', 'netns', 'add', ns]);
      nsNames.push(ns);
      const outer = `pv${id}${k}`;
      sh(['ip', 'link', 'add', outer, 'type', 'veth', 'peer', 'name', `pn${id}${k}`]);
      veths.push(outer);
      sh(['ip', 'link', 'set', `pn${id}${k}`, 'netns', ns]);
      sh(['ip', 'link', 'set', outer, 'master', bridge, 'up']);
      inNs(ns, ['ip', 'link', 'set', 'lo', 'up']);
      inNs(ns, ['ip', 'link', 'set', `pn${id}${k}`, 'name', 'eth0']);
      inNs(ns, ['ip', 'addr', 'add', `${ip}/24`, 'dev', 'eth0']);
      inNs(ns, ['ip', 'link', 'set', 'eth0', 'up']);
      return ns;
    };
    const core = { ns: host('core', `${net}.2`), ip: `${net}.2` };
    const chats = Array.from({ length: chatServers }, (_, i) => {
      const ip = `${net}.${10 + i}`;
      return { name: `chat-${i + 1}`, index: i, ip, ns: host(`c${i + 1}`, ip) };
    });

    const redis = await startOwnRedis(hostIp, REDIS_PORT, dir);
    cleanups.push(() => redis.stop());
    const db = await startProxy({ host: hostIp, target: { host: '127.0.0.1', port: 3306 } });
    cleanups.push(() => db.close());
    const peerProxies: Proxy[] = [];
    for (const c of chats) {
      const p = await startProxy({
        host: hostIp,
        target: { host: c.ip, port: PEER_PORT_BASE + c.index },
      });
      peerProxies.push(p);
      cleanups.push(() => p.close());
      for (const other of chats)
        if (other !== c)
          inNs(other.ns, [
            ...['iptables', '-t', 'nat', '-A', 'OUTPUT', '-p', 'tcp', '-d', c.ip],
            ...['--dport', String(PEER_PORT_BASE + c.index), '-j', 'DNAT'],
            ...['--to-destination', `${hostIp}:${p.port}`],
          ]);
    }

    const dbUrl = `mysql://root@127.0.0.1:3306/${dbName}`;
    await (await openDb(dbUrl)).close(); // migrate once, before the services race to
    const env = {
      ...process.env,
      WEB: 'off',
      LOG_LEVEL: 'info',
      DEV_MAILBOX: 'off',
      RATE_LIMITS: 'relaxed',
      CHAT_SERVERS: String(chatServers),
      STATUS_ADDR: `${core.ip}:${STATUS_PORT}`,
      VERIFY_ADDR: `${core.ip}:${VERIFY_PORT}`,
      STATUS_PORT: String(STATUS_PORT),
      VERIFY_PORT: String(VERIFY_PORT),
      GATE_PORT: String(GATE_PORT),
      CHAT_PORT_BASE: String(CHAT_PORT_BASE),
      PEER_PORT_BASE: String(PEER_PORT_BASE),
      METRICS_PORT_BASE: String(METRICS_PORT_BASE),
      REDIS_URL: redis.url,
      REDIS_PREFIX: `parley-hosts:${id}:`,
      DATABASE_URL: `mysql://root@${hostIp}:${db.port}/${dbName}`,
      DRAIN_RECONNECT_MS: '1000',
    };
    const run = (name: string, ns: string, ip: string, extra: Record<string, string>) => {
      const s = new Supervised({
        name,
        logger: silentLogger,
        spawn: () => {
          const child = spawn(
            'ip',
            ['netns', 'exec', ns, process.execPath, '--import', 'tsx', MAIN],
            {
              env: { ...env, HOST: ip, PUBLIC_HOST: ip, DATA_DIR: path.join(dir, name), ...extra },
              stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
            },
          );
          child.stdout?.on('data', keep);
          child.stderr?.on('data', keep);
          return child;
        },
        onGiveUp: (reason) => keep(Buffer.from(`crash loop: ${reason}\n`)),
      });
      supervised.set(name, s);
      s.start();
    };
    run('status', core.ns, core.ip, { SERVICE: 'status' });
    run('verify', core.ns, core.ip, { SERVICE: 'verify' });
    // All at once, as the launcher does: a ChatServer keeps reporting until StatusServer answers.
    for (const c of chats)
      run(c.name, c.ns, c.ip, { SERVICE: 'chat', CHAT_INDEX: String(c.index) });
    run('gate', core.ns, core.ip, { SERVICE: 'gate' });
    const readyUrl = (chat: string) => {
      const c = chats.find((x) => x.name === chat)!;
      return `http://${c.ip}:${CHAT_METRICS(c.index)}/readyz`;
    };
    await until('GateServer and every ChatServer ready', async () => {
      for (const c of chats) if (!(await ready(readyUrl(c.name)))) return false;
      if (!(await ready(`http://${core.ip}:${METRICS_PORT_BASE}/readyz`))) return false; // status
      return ready(`http://${core.ip}:${GATE_PORT}/healthz`);
    });

    /** The peer traffic of ChatServer `a`, both directions, in a's namespace (flush = heal). */
    const cut = (a: (typeof chats)[number], b: (typeof chats)[number], p: Proxy) => {
      const rules: string[][] = [
        ['INPUT', '-p', 'tcp', '--dport', String(PEER_PORT_BASE + a.index)],
        ['OUTPUT', '-p', 'tcp', '--sport', String(PEER_PORT_BASE + a.index)],
        ['OUTPUT', '-p', 'tcp', '-d', hostIp, '--dport', String(p.port)],
        ['INPUT', '-p', 'tcp', '-s', hostIp, '--sport', String(p.port)],
        ['OUTPUT', '-d', b.ip],
        ['INPUT', '-s', b.ip],
      ];
      for (const r of rules) inNs(a.ns, ['iptables', '-A', ...r, '-j', 'DROP']);
    };
    return {
      gate: `http://${core.ip}:${GATE_PORT}`,
      statusAddr: `${core.ip}:${STATUS_PORT}`,
      dbUrl,
      chats: chats.map((c) => c.name),
      chatAddr(chat) {
        const c = chats.find((x) => x.name === chat)!;
        return { host: c.ip, port: CHAT_PORT_BASE + c.index };
      },
      signal(chat, sig) {
        const pid = supervised.get(chat)?.pid;
        try {
          if (pid) process.kill(pid, sig);
        } catch {
          // it died on its own a moment ago: its supervisor is restarting it already
        }
      },
      pid: (chat) => supervised.get(chat)?.pid,
      async waitReady(chat, notPid) {
        await until(`${chat} ready`, async () => {
          const pid = supervised.get(chat)?.pid;
          return pid !== undefined && pid !== notPid && (await ready(readyUrl(chat)));
        });
      },
      redis,
      db,
      async partition(a, b, ms) {
        const ca = chats.find((c) => c.name === a)!;
        const cb = chats.find((c) => c.name === b)!;
        const towardB = peerProxies[cb.index]!;
        // The harness checks itself: from a's namespace, b's peer link answers before the cut,
        // not during it, and again after the heal.
        const reach = () => reachable(ca.ns, hostIp, towardB.port);
        if (!reach()) throw new Error(`${a} cannot reach ${b}'s peer link before the partition`);
        cut(ca, cb, towardB);
        try {
          if (reach()) throw new Error(`the partition did not cut ${a} from ${b}`);
          await new Promise((r) => setTimeout(r, ms));
        } finally {
          inNs(ca.ns, ['iptables', '-F', 'INPUT']);
          inNs(ca.ns, ['iptables', '-F', 'OUTPUT']);
        }
        if (!reach()) throw new Error(`${a} cannot reach ${b}'s peer link after the heal`);
      },
      latency(d) {
        for (const p of peerProxies) p.setDelay(d);
      },
      output: () => out,
      close,
    };
  } catch (err) {
    await close();
    throw new Error(`${(err as Error).message}\n${out.slice(-5_000)}`, { cause: err });
  }
}
