// The results table and the verdict against issue 3's targets.
import os from 'node:os';
import { readFileSync } from 'node:fs';
import type { BenchOptions } from './options';
import type { ReadyReply } from './ipc';
import type { IdleResult } from './idle';
import type { Row } from './scenario';
import { PEER_LOGINS, type PeerResults, type PeerRun } from './peer';
import { fmt, mb } from './util';

const LOAD_AT_START = os.loadavg();
/** Issue 9's targets: ratios against ejabberd (routing only) measured in the same hour, and a
 *  few absolute ones. */
export const TARGETS = {
  p99Ratio: 2,
  maxMsAt2000: 100,
  sameMsgsRatio: 1,
  crossMsgsRatio: 0.85,
  bridgeOfTcp: 0.85,
  pacedCostOfClosed: 3,
  loginsRatio: 2,
  placementSpreadPct: 10,
  rssPerUserBytes: 10 * 1024,
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
  peer: PeerResults | null,
): void {
  const out: string[] = [];
  out.push('');
  out.push(`Parley chat benchmark — ${machine()}`);
  if (o.fake)
    out.push(
      "*** --fake: against bench/fake-server.ts, NOT Parley: these figures are the load generator's ceiling ***",
    );
  out.push(
    `embedded mode, SQLite (WAL) persistence, ${o.servers} ChatServer(s)${o.chatThreads ? ', each on its own thread,' : ' on one event loop'} + StatusServer in one server process; ` +
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
      r.label,
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
        `${r.label}: ${r.note}; sent ${fmt(c.sent)}, stored ${fmt(c.rspOk)}, delivered ${fmt(c.delivered)}, ` +
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
  out.push(...summary(o, ready, rows, idle, peer));
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
      `event-loop utilisation, which counts time the process waited for a CPU${o.chatThreads ? ' (both: of the busiest event loop, the main thread or a ChatServer thread; srv CPU counts every thread)' : ''}. Server setup took ${fmt(ready.setupMs / 1000, 1)} s; server log lines: ${logLines}.`,
  );
  console.log(out.join('\n'));
  if (o.json)
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          options: o,
          rows,
          idle,
          placement: ready.placement,
          peer: peer && { ...peer, paced: Object.fromEntries(peer.paced) },
        },
        null,
        2,
      ),
    );
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

/** The one table of issue 9: each figure, ejabberd's the same hour, the ratio and the target. */
function summary(
  o: BenchOptions,
  ready: ReadyReply,
  rows: Row[],
  idle: IdleResult | null,
  peer: PeerResults | null,
): string[] {
  const out: string[] = [
    '',
    'issue 9 — one table (ejabberd 23.01 routing only, measured right after Parley):',
  ];
  const t: string[][] = [['figure', 'Parley', 'ejabberd', 'ratio', 'target', 'verdict']];
  const verdict = (ok: boolean | null) => (ok === null ? '—' : ok ? 'MET' : 'NOT MET');
  const ms = (x: number | undefined) =>
    x === undefined || !Number.isFinite(x) ? 'n/a' : `${fmt(x, 2)} ms`;
  const row = (label: string) => rows.find((r) => r.label === label);
  const ratio = (a: number | undefined, b: number | undefined) =>
    a !== undefined && b !== undefined && b > 0 && Number.isFinite(a) ? a / b : NaN;
  const add = (
    figure: string,
    mine: string,
    theirs: string,
    r: number,
    target: string,
    ok: boolean | null,
  ) =>
    t.push([figure, mine, theirs, Number.isFinite(r) ? `${fmt(r, 2)}×` : '—', target, verdict(ok)]);
  const orNull = (r: number, ok: (r: number) => boolean) => (Number.isFinite(r) ? ok(r) : null);

  for (const rate of o.rates) {
    const e: PeerRun | undefined = peer?.paced.get(rate);
    for (const s of ['same', 'cross', 'bridge'] as const) {
      const r = row(`paced-${s}@${rate}`);
      if (!r) continue;
      const q = ratio(r.p99, e?.p99ms);
      add(
        `p99 at ${fmt(rate)}/s, ${s} (p50 ${fmt(r.p50, 1)}, p99.9 ${fmt(r.p999, 1)}, max ${fmt(r.max, 0)})`,
        ms(r.p99),
        ms(e?.p99ms),
        q,
        `≤ ${TARGETS.p99Ratio}×`,
        orNull(q, (x) => x <= TARGETS.p99Ratio),
      );
      if (rate === 2_000)
        add(
          `max at 2,000/s, ${s}`,
          ms(r.max),
          ms(e?.maxms),
          NaN,
          `≤ ${TARGETS.maxMsAt2000} ms`,
          r.max <= TARGETS.maxMsAt2000,
        );
    }
  }
  const closedSame = row('closed-same');
  for (const s of ['same', 'cross', 'bridge'] as const) {
    const r = row(`closed-${s}`);
    if (!r) continue;
    const q = ratio(r.deliveredPerSec, peer?.closed?.msgsPerSec);
    const want = s === 'same' ? TARGETS.sameMsgsRatio : TARGETS.crossMsgsRatio;
    add(
      `closed loop msgs/s, ${s}`,
      fmt(r.deliveredPerSec),
      fmt(peer?.closed?.msgsPerSec ?? NaN),
      q,
      `≥ ${want}×`,
      orNull(q, (x) => x >= want),
    );
    if (s === 'bridge' && closedSame) {
      const b = r.deliveredPerSec / closedSame.deliveredPerSec;
      add(
        'bridge / TCP, closed loop',
        `${fmt(b * 100)} %`,
        '—',
        NaN,
        `≥ ${TARGETS.bridgeOfTcp * 100} %`,
        b >= TARGETS.bridgeOfTcp,
      );
    }
  }
  if (closedSame) {
    const q = ratio(closedSame.serverCpuUsPerMsg, peer?.closed?.cpuUsPerMsg);
    add(
      'server CPU-µs per message, closed loop',
      fmt(closedSame.serverCpuUsPerMsg, 1),
      fmt(peer?.closed?.cpuUsPerMsg ?? NaN, 1),
      q,
      '≤ 1×',
      orNull(q, (x) => x <= 1),
    );
    const p2k = row('paced-same@2000');
    if (p2k) {
      const k = p2k.serverCpuUsPerMsg / closedSame.serverCpuUsPerMsg;
      add(
        'CPU-µs/msg at 2,000/s ÷ closed loop',
        `${fmt(p2k.serverCpuUsPerMsg, 1)} (${fmt(k, 1)}×)`,
        '—',
        NaN,
        `≤ ${TARGETS.pacedCostOfClosed}×`,
        k <= TARGETS.pacedCostOfClosed,
      );
    }
  }
  if (idle) {
    const q = ratio(idle.loginsPerSec, peer?.logins?.loginsPerSec1);
    add(
      `LOGINs/s, ${o.loginConcurrency} at a time (ejabberd: full XMPP login, ${fmt(PEER_LOGINS)} users)`,
      `${fmt(idle.loginsPerSec)} (${fmt(idle.serverCpuUsPerLogin)} CPU-µs each)`,
      fmt(peer?.logins?.loginsPerSec1 ?? NaN),
      q,
      `≥ ${TARGETS.loginsRatio}×`,
      orNull(q, (x) => x >= TARGETS.loginsRatio),
    );
    const fit = slope(idle.curve.map((p) => [p.connections, p.anon] as const));
    add(
      `RSS per idle logged-in user at ${fmt(idle.connections)} (slope)`,
      `${fmt(fit / 1024, 2)} KB`,
      peer?.logins?.kbPerConnAtN1 !== undefined ? `${fmt(peer.logins.kbPerConnAtN1, 1)} KB` : 'n/a',
      NaN,
      `≤ ${TARGETS.rssPerUserBytes / 1024} KB`,
      fit <= TARGETS.rssPerUserBytes,
    );
  }
  const counts = Object.values(ready.placement);
  if (counts.length) {
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const spread = (100 * Math.max(...counts.map((c) => Math.abs(c - mean)))) / mean;
    add(
      '1,000 assignments at once, spread over ChatServers',
      `${Object.entries(ready.placement)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} (±${fmt(spread, 1)} %)`,
      '—',
      NaN,
      `±${TARGETS.placementSpreadPct} %`,
      spread <= TARGETS.placementSpreadPct,
    );
  }
  const widths = t[0]!.map((_, i) => Math.max(...t.map((r) => r[i]!.length)));
  for (const [k, r] of t.entries()) {
    out.push('| ' + r.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |');
    if (k === 0) out.push('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  }
  if (!peer) out.push('(no --peer DIR: ejabberd not run, no ratios)');
  else {
    for (const e of peer.errors) out.push(`peer: ${e}`);
    const lost = [peer.closed, ...peer.paced.values()].filter(
      (r) => r && ((r.undeliveredAfterDrain ?? 0) > 0 || (r.outOfOrder ?? 0) > 0),
    );
    if (lost.length)
      out.push('peer: ejabberd lost or reordered messages in some runs (see --json)');
  }
  return out;
}
