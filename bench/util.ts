// Small helpers shared by the scenarios and the report: formatting, waiting, connecting.
import { performance } from 'node:perf_hooks';
import { BenchClient, pool, type Via } from './client';
import { machineCpu, type ServerProc } from './server-proc';
import type { BenchOptions } from './options';
import type { ReadyReply, ServerStats } from './ipc';

export const HOST = '127.0.0.1';
const QUIESCE_MAX_MS = 60_000;

export const cpuUs = (c: { user: number; system: number }) => c.user + c.system;
export const fmt = (n: number, d = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })
    : 'n/a';
export const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB`;

export interface World {
  o: BenchOptions;
  server: ServerProc;
  ready: ReadyReply;
  /** Pair i of ready.conversations: [a, b] user indexes. */
  pairs: [number, number][];
  /** ChatServer index of each connected user (load scenarios). */
  placement: (i: number) => number;
}

export function makeClient(
  w: World,
  i: number,
  serverIndex: number,
  via: Via | null = null,
): BenchClient {
  const u = w.ready.users[i]!;
  return new BenchClient(i, u.uid, u.token, w.ready.ports[serverIndex]!, via);
}

export async function connectAll(clients: BenchClient[], concurrency: number): Promise<number> {
  const t0 = performance.now();
  await pool(clients, concurrency, async (c) => {
    await c.connect(HOST);
    await c.login();
  });
  return performance.now() - t0;
}

export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  stepMs = 50,
): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, stepMs));
  }
  return cond();
}

export /** Wait (at most `seconds`) until the rest of the machine used < 15% of one core for 5 s. */
async function waitQuiet(seconds: number): Promise<void> {
  const until = performance.now() + seconds * 1000;
  const self = () => cpuUs(process.cpuUsage());
  for (;;) {
    const m0 = machineCpu();
    const g0 = self();
    await sleep(5_000);
    const busy = (machineCpu().busy - m0.busy - (self() - g0)) / 5e4;
    if (busy < 15) return;
    if (performance.now() > until) {
      console.error(
        `[bench] machine still busy (${busy.toFixed(0)}% of a core used by other processes): starting anyway`,
      );
      return;
    }
    console.error(
      `[bench] waiting for a quiet machine: other processes use ${busy.toFixed(0)}% of a core`,
    );
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait (at most QUIESCE_MAX_MS) until the server process uses under 10% of a core. */
export async function quiesce(server: ServerProc): Promise<void> {
  const until = performance.now() + QUIESCE_MAX_MS;
  while (performance.now() < until) {
    const a = server.cpuUs();
    await sleep(500);
    if (server.cpuUs() - a < 50_000) return;
  }
  console.error(`[bench] server still busy ${QUIESCE_MAX_MS / 1000}s after the scenario ended`);
}
export const online = (s: ServerStats) => s.online.reduce((a, b) => a + b, 0);
