// The server process (bench/server.ts) as the generator sees it: spawned with an IPC channel,
// asked for set-up and stats over it, and measured from outside through /proc (CPU time, resident
// memory) so that an overloaded server cannot skew its own figures by answering late.
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { BenchOptions } from './options';
import type { FromServer, ReadyReply, ServerStats, ToServer } from './ipc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STATS_TIMEOUT_MS = 120_000;
/** Clock ticks per second of /proc's CPU times. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export class ServerProc {
  private nextId = 1;
  private readonly waiting = new Map<number, (s: ServerStats) => void>();
  private readyWaiter: { resolve: (r: ReadyReply) => void; reject: (e: Error) => void } | null =
    null;
  logLines = 0;
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (raw) => {
      const m = raw as FromServer;
      if (m.type === 'stats') {
        this.waiting.get(m.id)?.(m);
        this.waiting.delete(m.id);
      } else if (m.type === 'ready') this.readyWaiter?.resolve(m);
      else if (m.type === 'error') this.readyWaiter?.reject(new Error(`server: ${m.message}`));
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.logLines++;
        if (this.logLines <= 50) console.error(`[server] ${line}`);
        else if (this.logLines === 51)
          console.error('[server] … (further server output counted, not shown)');
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  private post(m: ToServer): void {
    this.child.send(m);
  }

  setup(o: Omit<Extract<ToServer, { type: 'setup' }>, 'type'>): Promise<ReadyReply> {
    return new Promise((resolve, reject) => {
      this.readyWaiter = { resolve, reject };
      void this.exited.then((code) => reject(new Error(`server exited (${code}) during setup`)));
      this.post({ type: 'setup', ...o });
    });
  }

  stats(opts: { gc?: boolean; reset?: boolean; snapshot?: string } = {}): Promise<ServerStats> {
    const id = this.nextId++;
    const asked = performance.now();
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error('server did not answer a stats request')),
        STATS_TIMEOUT_MS,
      );
      this.waiting.set(id, (s) => {
        clearTimeout(t);
        // How long an overloaded server took to get to the request (its event loop was busy).
        s.lagMs = performance.now() - asked;
        resolve(s);
      });
      this.post({ type: 'stats', id, ...opts });
    });
  }

  /** CPU time (user + system, µs) of the server process so far, read from /proc without asking
   *  the server: an overloaded event loop would answer late and skew the window. */
  cpuUs(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5) (utime, stime) are 12 and 13 after the command name.
    return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
  }

  /** Resident memory of the server process by kind (bytes), from /proc/<pid>/status: anonymous
   *  memory is what connections cost; file and shared pages (SQLite's mmapped files, code) move
   *  with database activity, not with connections. */
  rss(): { total: number; anon: number; file: number; shmem: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (k: string) =>
      Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { total: kb('VmRSS'), anon: kb('RssAnon'), file: kb('RssFile'), shmem: kb('RssShmem') };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.post({ type: 'stop' });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Soft and hard limits on open files of this process (Linux /proc/self/limits). */
export function openFileLimits(): { soft: number; hard: number } | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const m = line && /Max open files\s+(\S+)\s+(\S+)/.exec(line);
    if (!m) return null;
    const n = (s: string) => (s === 'unlimited' ? Infinity : Number(s));
    return { soft: n(m[1]!), hard: n(m[2]!) };
  } catch {
    return null;
  }
}

export function startServer(o: BenchOptions, needFds: number): ServerProc {
  const script = path.join(ROOT, 'bench', 'server.ts');
  const execArgv = ['--import', 'tsx', '--expose-gc'];
  if (o.profile) {
    mkdirSync(o.profile, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${path.resolve(o.profile)}`);
  }
  const stdio: ('ignore' | 'pipe' | 'ipc')[] = ['ignore', 'pipe', 'pipe', 'ipc'];
  const limits = openFileLimits();
  if (limits && limits.soft < needFds && limits.hard > limits.soft) {
    // The server needs more descriptors than our soft limit: raise it to the hard limit in a
    // shell that then becomes the server (exec keeps the IPC channel's descriptor).
    console.error(
      `[bench] raising the server's open-file limit from ${limits.soft} to ${limits.hard}`,
    );
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$0" "$@"', process.execPath, ...execArgv, script],
      { cwd: ROOT, stdio },
    );
    return new ServerProc(child);
  }
  return new ServerProc(fork(script, [], { cwd: ROOT, execArgv, stdio }));
}

/** Machine-wide CPU time so far (all cores, µs), busy and total, from /proc/stat. */
export function machineCpu(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: ((total - idle) * 1e6) / CLK_TCK, total: (total * 1e6) / CLK_TCK };
}
