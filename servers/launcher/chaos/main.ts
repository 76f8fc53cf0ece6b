// `npm run chaos` (issue 11 item 7): cluster mode as real processes, clients chatting, faults on a
// schedule, then an audit of every conversation's HISTORY and of what each receiver saw live.
// Exits 0 when the audit is all zeros, 1 when it found anything, 2 when the run itself failed.
import { writeFileSync } from 'node:fs';
import { audit, auditTable, clean } from './audit';
import { startCrowd, type Crowd } from './clients';
import { localCluster, type ChaosCluster } from './cluster';
import { inject } from './faults';
import { hostsCluster } from './hosts';
import { parseOptions, type ChaosOptions } from './options';

/** Load keeps going this long after the last fault, so its recovery is under load too. */
const AFTER_LAST_FAULT_MS = 10_000;
/** How long the receivers get, after the load stops, to be pushed everything stored. */
const SETTLE_MS = 30_000;

const t0 = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function run(o: ChaosOptions): Promise<number> {
  log(
    `starting cluster mode (${o.chats} ChatServers${o.hosts ? ', each service in its own network namespace' : ''})`,
  );
  const cluster: ChaosCluster = o.hosts ? await hostsCluster(o.chats) : await localCluster(o.chats);
  let crowd: Crowd | undefined;
  const stopAll = () => {
    log('interrupted: cleaning up');
    void (crowd?.close() ?? Promise.resolve())
      .then(() => cluster.close())
      .finally(() => process.exit(2));
  };
  process.once('SIGINT', stopAll).once('SIGTERM', stopAll);
  try {
    crowd = await startCrowd({ ...cluster, count: o.clients });
    log(
      `${o.clients} clients in ${crowd.conversations.length} conversations (${crowd.stats.crossServer} across ChatServers); load for ${o.durationS} s, faults: ${o.faults.join(', ') || 'none'}`,
    );
    let stop!: () => void;
    const stopped = new Promise<void>((r) => (stop = r));
    const load = crowd.run(stopped);
    const start = Date.now();
    for (const [i, f] of o.faults.entries()) {
      const at = start + (o.durationS * 1000 * (i + 1)) / (o.faults.length + 1);
      await sleep(at - Date.now());
      await inject(f, cluster, log);
    }
    await sleep(
      Math.max(start + o.durationS * 1000 - Date.now(), o.faults.length ? AFTER_LAST_FAULT_MS : 0),
    );
    log('load stopped; settling the sends still open');
    stop();
    await load;
    const record = await crowd.settle(SETTLE_MS);
    const a = audit(record);
    const s = crowd.stats;
    log(
      `${a.acked} sends acknowledged, ${a.stored} messages stored, ${a.pushes} pushes; ${s.resends} resends, ${s.relogins} re-logins, ${s.unsettled} sends never acknowledged, answers ≠ 0: ${JSON.stringify(s.errors)}`,
    );
    const d = s.pushDelay;
    log(
      `acknowledgement → push: median ${d.p50} ms, p99 ${d.p99} ms, max ${d.max} ms; ${d.over2s} pushes over 2 s`,
    );
    console.log(`\n${auditTable(a)}\n`);
    for (const f of a.findings) console.log(`  ${f}`);
    if (o.json) writeFileSync(o.json, JSON.stringify({ audit: a, stats: s, options: o }, null, 2));
    // A send never acknowledged within 90 s is not a loss (nothing was promised) but a service
    // that stayed away: it fails the run too.
    const ok = clean(a) && a.acked > 0 && s.unsettled === 0;
    log(ok ? 'nothing lost, duplicated, reordered or missing' : 'FAULTS FOUND');
    return ok ? 0 : 1;
  } catch (err) {
    console.error(err);
    console.error(cluster.output().slice(-5_000));
    return 2;
  } finally {
    await crowd?.close();
    await cluster.close();
  }
}

let options: ChaosOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
process.exit(await run(options));
