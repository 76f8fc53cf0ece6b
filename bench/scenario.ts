// One load scenario end to end: start the LoadRun, warm up, measure a window (server CPU from
// /proc, machine CPU from /proc/stat, event-loop figures over IPC), drain, and check that every
// message is accounted for (PROTOCOL.md §5).
import { unexpectedCloses, type BenchClient } from './client';
import { LoadRun, missing, percentile, type LoadCounts } from './load';
import { machineCpu } from './server-proc';
import type { Scenario } from './options';
import type { ServerStats } from './ipc';
import { cpuUs, fmt, quiesce, sleep, waitFor, type World } from './util';

const DRAIN_TIMEOUT_MS = 15_000;

export interface Row {
  scenario: Scenario;
  /** Paced scenarios: the offered SEND_MSG/s (0 for closed loop). */
  rate: number;
  /** scenario, with the rate for a paced one: `paced-same@5000`. */
  label: string;
  note: string;
  deliveredPerSec: number;
  sentPerSec: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  samples: number;
  serverCpuUsPerMsg: number;
  serverCpuPct: number;
  serverElu: number;
  /** Longest event-loop stall of the server process in the window (or stats answer delay). */
  loopMaxMs: number;
  /** Longest time the server took to answer a stats request over IPC around the window. */
  statsLagMs: number;
  /** Fewest ChatServers StatusServer listed in the window (null: not sampled). */
  registryMin: number | null;
  genCpuPct: number;
  genCpuUsPerMsg: number;
  /** CPU used by every other process on the machine in the window (% of one core). */
  otherCpuPct: number;
  machineIdlePct: number;
  /** Group commits in the window: count, mean messages per commit, mean commit time. */
  commits: number;
  meanBatch: number;
  meanCommitMs: number;
  /** Inbox gap fills in the window (a seq waited GAP_WAIT_MS for its predecessor). */
  gapFills: number;
  counts: LoadCounts;
  problems: string[];
  overload: string;
}

export async function loadScenario(
  w: World,
  clients: BenchClient[],
  scenario: Scenario,
  id: number,
  rate = 0,
): Promise<Row> {
  const o = w.o;
  // Pairs [0, P) sit on one ChatServer, [P, 2P) across two, [2P, 3P) on one through the bridge.
  const base = scenario.endsWith('cross') ? o.pairs : scenario.endsWith('bridge') ? 2 * o.pairs : 0;
  const senders: BenchClient[] = [];
  for (let k = 0; k < o.pairs; k++) {
    const [a, b] = w.pairs[base + k]!;
    senders.push(clients[a]!);
    if (o.bidirectional) senders.push(clients[b]!);
  }
  const mode = scenario.startsWith('closed') ? 'closed' : 'paced';
  const closesBefore = unexpectedCloses.count;
  const run = new LoadRun({
    id,
    mode,
    senders,
    window: o.window,
    rate,
    textBytes: o.textBytes,
    ackEvery: o.ackEvery,
  });
  run.attach(clients);
  const note =
    mode === 'closed'
      ? `${senders.length} senders × window ${o.window}`
      : `${fmt(rate)} msg/s over ${senders.length} senders`;
  const label = mode === 'closed' ? scenario : `${scenario}@${rate}`;
  console.error(`[bench] ${label}: ${note}, ${o.warmup}s warm-up + ${o.duration}s measured…`);

  const atStart = await w.server.stats();
  run.start();
  await sleep(o.warmup * 1000);
  const elu0 = w.server.stats({ reset: true });
  const c0 = w.server.cpuUs();
  const m0 = machineCpu();
  const g0 = process.cpuUsage();
  run.beginWindow();
  await sleep(o.duration * 1000);
  run.endWindow();
  const c1 = w.server.cpuUs();
  const m1 = machineCpu();
  const g1 = process.cpuUsage(g0);
  const elu1 = w.server.stats({ reset: true });
  run.stopSending();
  const secs = (run.measureEnd - run.measureStart) / 1000;
  const drained = await waitFor(() => run.settled(), DRAIN_TIMEOUT_MS);
  run.finalAcks();
  await waitFor(() => run.settled(), 5_000);
  // An overloaded server may still be working through queued frames: let it finish before the
  // next scenario, so that one starts on a quiet system.
  await quiesce(w.server);
  const [s0, s1] = await Promise.all([elu0, elu1]);
  if (o.profile)
    console.error(
      `[bench] ${scenario}: measured window at server time ${(s0.uptimeMs / 1000).toFixed(1)}–${(s1.uptimeMs / 1000).toFixed(1)} s ` +
        `(npm run bench:profile -- <file> --from ${Math.floor(s0.uptimeMs / 1000)} --to ${Math.ceil(s1.uptimeMs / 1000)})`,
    );

  const c = run.counts;
  const problems: string[] = [];
  if (!drained) problems.push(`not drained after ${DRAIN_TIMEOUT_MS / 1000}s`);
  if (c.rspOk + c.rspErr !== c.sent)
    problems.push(`${c.sent - c.rspOk - c.rspErr} SEND_MSG without response`);
  if (c.delivered !== c.rspOk)
    problems.push(
      `delivered ${c.delivered} ≠ stored ${c.rspOk} (${c.rspOk - c.delivered} stored messages never reached the online receiver)`,
    );
  if (c.delivered < c.rspOk) {
    const d0 = atStart.delivery;
    const d1 = (await w.server.stats()).delivery;
    problems.push(
      `server delivery trace for the scenario: ${d1.forwarded - d0.forwarded} recipients forwarded, ` +
        `${d1.received - d0.received} received from peers, ${d1.peerMissing - d0.peerMissing} peer look-ups failed, ` +
        `${d1.gapReads - d0.gapReads} gap fills read ${d1.gapRows - d0.gapRows} rows`,
    );
    const m = missing(senders);
    problems.push(`missing in ${m.conversations} conversation directions: ${m.sample.join(' | ')}`);
  }
  const closes = unexpectedCloses.count - closesBefore;
  if (closes) problems.push(`the server closed ${closes} connections during the scenario`);
  if (c.rspErr) problems.push(`${c.rspErr} SEND_MSG failed ${JSON.stringify(c.errCodes)}`);
  if (c.orderErrors) problems.push(`${c.orderErrors} out-of-order/duplicate seqs`);
  if (c.stale || c.staleRsp)
    problems.push(
      `${c.stale} notifies and ${c.staleRsp} responses of an earlier scenario arrived late`,
    );
  if (c.foreign) problems.push(`${c.foreign} notifies for the wrong conversation`);
  if (c.ackErr || c.ackRsp !== c.acks)
    problems.push(`ACK: ${c.acks} sent, ${c.ackRsp} ok, ${c.ackErr} failed`);
  // Not an accounting problem: the generator held these back because the server fell behind.
  const overload = c.skipped
    ? `${fmt(c.skipped)} paced sends not made: a second's worth was already in flight (the server is not keeping up)`
    : '';

  const lat = run.latencies();
  const serverCpu = c1 - c0;
  // The busiest event loop: the main thread's, or (--chat-threads 1) a ChatServer thread's.
  const busy = (a: ServerStats['elu'], b: ServerStats['elu']) => {
    const active = b.active - a.active;
    const total = active + (b.idle - a.idle);
    return total > 0 ? active / total : NaN;
  };
  const serverElu = Math.max(
    busy(s0.elu, s1.elu),
    ...s1.threads.map((t, i) => (s0.threads[i] ? busy(s0.threads[i].elu, t.elu) : NaN)),
  );
  const threadStall = Math.max(0, ...s1.threads.map((t) => t.maxMs));
  for (const cl of clients) cl.sink = betweenRuns;
  return {
    scenario,
    rate: mode === 'closed' ? 0 : rate,
    label,
    note,
    deliveredPerSec: run.windowDelivered / secs,
    sentPerSec: run.windowSent / secs,
    p50: percentile(lat, 50),
    p99: percentile(lat, 99),
    p999: percentile(lat, 99.9),
    max: lat.length ? lat[lat.length - 1]! : NaN,
    samples: lat.length,
    serverCpuUsPerMsg: serverCpu / run.windowDelivered,
    serverCpuPct: serverCpu / 1e4 / secs,
    serverElu,
    genCpuPct: cpuUs(g1) / 1e4 / secs,
    genCpuUsPerMsg: cpuUs(g1) / run.windowDelivered,
    otherCpuPct: (m1.busy - m0.busy - serverCpu - cpuUs(g1)) / 1e4 / secs,
    machineIdlePct: (100 * (m1.total - m0.total - (m1.busy - m0.busy))) / (m1.total - m0.total),
    // A stats request answered late is itself a stall (and can hide the histogram's reset).
    loopMaxMs: Math.max(s1.loop.maxMs, threadStall, s0.lagMs ?? 0, s1.lagMs ?? 0),
    statsLagMs: Math.max(s0.lagMs ?? 0, s1.lagMs ?? 0),
    registryMin: s1.registryMin,
    commits: s1.writer.batches - s0.writer.batches,
    meanBatch: (s1.writer.messages - s0.writer.messages) / (s1.writer.batches - s0.writer.batches),
    meanCommitMs: (s1.writer.flushMs - s0.writer.flushMs) / (s1.writer.batches - s0.writer.batches),
    gapFills: s1.delivery.gapReads - s0.delivery.gapReads,
    counts: c,
    problems,
    overload,
  };
}

/** Between scenarios, frames go to a run that never sends (late ones are dropped there). */
export const betweenRuns = new LoadRun({
  id: -1,
  mode: 'closed',
  senders: [],
  window: 0,
  rate: 0,
  textBytes: 24,
  ackEvery: 1,
});
