// The ejabberd peer (issue 9): `--peer DIR` runs ../shared/peer's driver (bench.sh, xload.mjs)
// right after Parley, the same shape (P sender→receiver pairs, paced at each rate, closed loop
// with the window, logins 50 at a time), so the report can print ratios measured in the same
// hour. ejabberd is measured routing only (ejabberd-nomam.yml). Nothing of ejabberd is in this
// repository: the driver and the configuration are read from DIR.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchOptions } from './options';

const NAME = 'nomam';
const PID_FILE = `/tmp/ejb/${NAME}/ejabberd.pid`;
/** Users logged in by the peer's login-rate run (xload.mjs `idle N N`). */
export const PEER_LOGINS = 2_000;
const STEP_TIMEOUT_MS = 6 * 60_000;

/** One xload.mjs result line (the fields the report uses). */
export interface PeerRun {
  msgsPerSec?: number;
  p50ms?: number;
  p90ms?: number;
  p99ms?: number;
  maxms?: number;
  cpuUsPerMsg?: number;
  loginsPerSec1?: number;
  kbPerConnAtN1?: number;
  undeliveredAfterDrain?: number;
  outOfOrder?: number;
}

export interface PeerResults {
  paced: Map<number, PeerRun>;
  closed: PeerRun | null;
  logins: PeerRun | null;
  errors: string[];
}

function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { env: { ...process.env, ...env }, timeout: STEP_TIMEOUT_MS, maxBuffer: 1 << 24 },
      (e, out, err) =>
        e
          ? reject(new Error(`${cmd} ${args.join(' ')}: ${err || e.message}`))
          : resolve({ out, err }),
    );
  });
}

const beamPid = (): string | null => {
  if (!existsSync(PID_FILE)) return null;
  const pid = readFileSync(PID_FILE, 'utf8').trim();
  return pid && existsSync(`/proc/${pid}`) ? pid : null;
};

/** The JSON `res` of bench.sh's last output line. */
function parseRun(out: string): PeerRun {
  const line = out.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as { res?: PeerRun };
  if (!parsed.res) throw new Error(`unexpected peer output: ${line.slice(0, 200)}`);
  return parsed.res;
}

export async function runPeer(dir: string, o: BenchOptions): Promise<PeerResults> {
  const res: PeerResults = { paced: new Map(), closed: null, logins: null, errors: [] };
  const sh = path.resolve(dir, 'bench.sh');
  const xload = path.resolve(dir, 'xload.mjs');
  const config = path.resolve(dir, 'ejabberd-nomam.yml');
  if (!existsSync(sh) || !existsSync(xload) || !existsSync(config)) {
    res.errors.push(`no ejabberd peer in ${dir} (bench.sh, xload.mjs, ejabberd-nomam.yml)`);
    return res;
  }
  let started = false;
  try {
    if (!beamPid()) {
      console.error('[bench] peer: starting ejabberd (routing only)…');
      await run('bash', [sh, 'setup', NAME, config]);
      await run('bash', [sh, 'start', NAME]);
      started = true;
    }
    const pid = beamPid();
    if (!pid) throw new Error('ejabberd did not start');
    const P = String(o.pairs);
    for (const prefix of ['s', 'r'])
      await run('node', [xload, 'register', prefix, P], { BEAM_PID: pid });
    await run('node', [xload, 'register', 'idle', String(PEER_LOGINS)], { BEAM_PID: pid });
    const step = async (label: string, args: string[]): Promise<PeerRun | null> => {
      console.error(`[bench] peer: ${label}…`);
      try {
        return parseRun(
          (
            await run('bash', [sh, 'run', NAME, label, ...args], {
              WARMUP_MS: String(o.warmup * 1000),
            })
          ).out,
        );
      } catch (err) {
        res.errors.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }
    };
    res.closed = await step('closed', ['pairs', P, String(o.window), String(o.duration)]);
    for (const rate of o.rates) {
      const r = await step(`paced${rate}`, ['paced', P, String(rate), String(o.duration)]);
      if (r) res.paced.set(rate, r);
    }
    res.logins = await step('logins', ['idle', String(PEER_LOGINS), String(PEER_LOGINS)]);
  } catch (err) {
    res.errors.push(err instanceof Error ? err.message : String(err));
  } finally {
    if (started) await run('bash', [sh, 'stop', NAME]).catch(() => undefined);
  }
  return res;
}
