// The results table and the verdict against issue 3's targets.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import type { BenchOptions, Scenario } from './options';
import type { ReadyReply } from './ipc';
import type { IdleResult } from './idle';
import type { Row } from './scenario';
import { fmt, mb } from './util';

const LOAD_AT_START = os.loadavg();
export const TARGETS = {
  sameMsgs: 20_000,
  crossMsgs: 15_000,
  p99Ms: 10,
  rssPerConnBytes: 8 * 1024,
};

export function machine(): string {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1]!.trim();
  } catch {
    /* not Linux */
  }
  return `${os.cpus().length} CPUs (${model}), ${mb(os.totalmem())} RAM, node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function printResults(
  o: BenchOptions,
  ready: ReadyReply,
  rows: Row[],
  idle: IdleResult | null,
  logLines: number,
): void {
  const out: string[] = [];
  out.push('');
  out.push(`Parley chat benchmark — ${machine()}`);
  if (o.fake)
    out.push(
      "*** --fake: against bench/fake-server.ts, NOT Parley: these figures are the load generator's ceiling ***",
    );
  out.push(
    `embedded mode, SQLite (WAL) persistence, ${o.servers} ChatServer(s) + StatusServer in one server process; ` +
      `load generator in its own process; ${fmt(o.users)} connected users, ${o.pairs} active pairs per scenario` +
      `${o.bidirectional ? ' (both members send)' : ' (one member sends)'}, ${o.textBytes}-byte texts, ACK every ${o.ackEvery}`,
  );
  out.push('');
  const head = [
    'scenario',
    'delivered/s',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'max ms',
    'srv CPU-µs/msg',
    'srv CPU',
    'srv loop busy',
    'srv stall',
    'gen CPU',
    'gen CPU-µs/msg',
    'other procs CPU',
  ];
  const table: string[][] = [head];
  for (const r of rows) {
    table.push([
      r.scenario,
      fmt(r.deliveredPerSec),
      fmt(r.p50, 2),
      fmt(r.p99, 2),
      fmt(r.p999, 2),
      fmt(r.max, 1),
      fmt(r.serverCpuUsPerMsg, 1),
      `${fmt(r.serverCpuPct)}%`,
      `${fmt(r.serverElu * 100)}%`,
      `${fmt(r.loopMaxMs)} ms`,
      `${fmt(r.genCpuPct)}%`,
      fmt(r.genCpuUsPerMsg, 1),
      `${fmt(r.otherCpuPct)}%`,
    ]);
  }
  if (rows.length) {
    const widths = head.map((_, i) => Math.max(...table.map((t) => t[i]!.length)));
    for (const [k, t] of table.entries()) {
      out.push(
        t
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
          .join('  '),
      );
      if (k === 0) out.push(widths.map((w) => '-'.repeat(w)).join('  '));
    }
    out.push('');
    for (const r of rows) {
      const c = r.counts;
      out.push(
        `${r.scenario}: ${r.note}; sent ${fmt(c.sent)}, stored ${fmt(c.rspOk)}, delivered ${fmt(c.delivered)}, ` +
          `failed ${fmt(c.rspErr)}, ACKs ${fmt(c.acks)}/${fmt(c.ackRsp)}; ${fmt(r.samples)} latency samples; ` +
          `${fmt(r.commits)} group commits in the window, ${fmt(r.meanBatch, 1)} msgs and ${fmt(r.meanCommitMs, 2)} ms each; ${fmt(r.gapFills)} gap fills` +
          `; server answered stats after up to ${fmt(r.statsLagMs)} ms` +
          (r.registryMin !== null && r.registryMin < o.servers
            ? `; StatusServer listed only ${r.registryMin} of ${o.servers} ChatServers at times`
            : '') +
          (r.problems.length
            ? `\n    PROBLEMS: ${r.problems.join('; ')}`
            : ' — all accounted for') +
          (r.overload ? `\n    overload: ${r.overload}` : ''),
      );
    }
  }
  if (idle && o.heapSnapshot)
    out.push(
      '\n(--heap-snapshot: the snapshots themselves inflate RSS; take RSS figures from a run without it)',
    );
  if (idle) {
    const kb = (b: number) => `${fmt(b / 1024, 2)} KB`;
    out.push('');
    out.push(
      `idle: ${fmt(idle.connections)} authenticated connections, server memory growth per connection: ` +
        `anonymous RSS ${kb(idle.anonPerConn)} (${kb(idle.anonPerConnUpperHalf)} over the upper half), total RSS ` +
        `${kb(idle.rssPerConn)}, JS heap used ${kb(idle.heapPerConn)}; ${fmt(idle.loginsPerSec)} logins/s, ` +
        `${fmt(idle.serverCpuUsPerLogin)} server CPU-µs per login`,
    );
    for (const p of idle.curve)
      out.push(
        `  ${fmt(p.connections).padStart(6)} connections: RSS ${mb(p.rss)} (anon ${mb(p.anon)}, file ${mb(p.file)}, shmem ${mb(p.shmem)}), ` +
          `JS heap ${mb(p.heapUsed)} used / ${mb(p.heapTotal)} reserved`,
      );
  }
  out.push('');
  out.push('targets (issue 3):');
  const verdict = (ok: boolean) => (ok ? 'MET' : 'NOT MET');
  const row = (s: Scenario) => rows.find((r) => r.scenario === s);
  const same = row('closed-same');
  const cross = row('closed-cross');
  const paced = row('paced-same');
  const pacedX = row('paced-cross');
  if (same)
    out.push(
      `  ≥ ${fmt(TARGETS.sameMsgs)} delivered msgs/s, same server:   ${fmt(same.deliveredPerSec)}  ${verdict(same.deliveredPerSec >= TARGETS.sameMsgs)}`,
    );
  if (cross)
    out.push(
      `  ≥ ${fmt(TARGETS.crossMsgs)} delivered msgs/s, cross server:  ${fmt(cross.deliveredPerSec)}  ${verdict(cross.deliveredPerSec >= TARGETS.crossMsgs)}`,
    );
  if (paced)
    out.push(
      `  p99 ≤ ${TARGETS.p99Ms} ms at ${fmt(o.rate)} msg/s (same server):    ${fmt(paced.p99, 2)} ms at ${fmt(paced.deliveredPerSec)}/s delivered  ` +
        verdict(paced.p99 <= TARGETS.p99Ms && paced.deliveredPerSec >= o.rate * 0.98),
    );
  if (pacedX)
    out.push(
      `  p99 ≤ ${TARGETS.p99Ms} ms at ${fmt(o.rate)} msg/s (cross server):   ${fmt(pacedX.p99, 2)} ms at ${fmt(pacedX.deliveredPerSec)}/s delivered  ` +
        verdict(pacedX.p99 <= TARGETS.p99Ms && pacedX.deliveredPerSec >= o.rate * 0.98),
    );
  if (idle) {
    // The slope of a least-squares line through all five readings: V8 and malloc hand memory
    // back and take it in steps of tens of MB, which a difference of two readings (the whole run
    // or its upper half) picks up whole and a fit over every step evens out.
    const fit = slope(idle.curve.map((p) => [p.connections, p.anon] as const));
    out.push(
      `  ≤ 8 KB RSS per idle connection at ${fmt(idle.connections)}:        ${fmt(fit / 1024, 2)} KB anonymous RSS ` +
        `(least-squares slope over the ${idle.curve.length} readings)  ${verdict(fit <= TARGETS.rssPerConnBytes)}`,
    );
  }
  if (rows.some((r) => r.problems.length))
    out.push('  accounting: PROBLEMS above (not every message accounted for, or out of order)');
  else if (rows.length)
    out.push('  accounting: every message sent was stored once and delivered once, in order');
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  out.push('');
  out.push(
    `note: the ${os.cpus().length} cores are shared by the server process, the generator and anything else running ` +
      `(load average ${load(LOAD_AT_START)} at the start, ${load(os.loadavg())} at the end). CPU figures are % of one ` +
      `core; "other procs" is the rest of the machine during the window; "srv stall" is the server's longest ` +
      `event-loop delay in the window (or its delay answering a stats request, if longer); "srv loop busy" is its ` +
      `event-loop utilisation, which counts time the process waited for a CPU. Server setup took ${fmt(ready.setupMs / 1000, 1)} s; server log lines: ${logLines}.`,
  );
  console.log(out.join('\n'));
  if (o.json) console.log(JSON.stringify({ machine: machine(), options: o, rows, idle }, null, 2));
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? NaN : sxy / sxx;
}
