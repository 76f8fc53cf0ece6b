// Benchmark options: flags (`--users 1000`) win over env (`BENCH_USERS=1000`), which win over the
// defaults. Parsed once here: the benchmark (chat.ts, server.ts) reads no other argv or env.

export const SCENARIOS = [
  'idle',
  'closed-same',
  'closed-cross',
  'paced-same',
  'paced-cross',
  'closed-bridge',
  'paced-bridge',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** Connected users during the load scenarios (issue 3: 1,000). */
  users: number;
  /** Active pairs per load scenario (issue 3: 100); each pair is one direct conversation. */
  pairs: number;
  /** ChatServers in the server process, over one PeerHub. */
  servers: number;
  /** Each ChatServer on a worker thread of its own, as `npm start` runs them (CHAT_THREADS). */
  chatThreads: boolean;
  /** Measured seconds per load scenario (after the warm-up). */
  duration: number;
  /** Warm-up seconds before each load scenario's measurement starts. */
  warmup: number;
  /** Closed loop: messages a sender may have in flight (sent, not yet delivered to the peer). */
  window: number;
  /** Paced scenarios: total SEND_MSG per second; each paced scenario runs once per rate. */
  rates: number[];
  /** Idle authenticated connections for the RSS scenario (issue 3: 10,000). */
  idle: number;
  /** Both members of a pair send (a conversation); off: only the lower index sends. */
  bidirectional: boolean;
  /** Message text length in bytes (the send timestamp plus padding). */
  textBytes: number;
  /** A receiver ACKs every this many MSG_NOTIFYs per conversation (PROTOCOL.md §5). */
  ackEvery: number;
  /** Concurrent LOGINs while connecting users. */
  loginConcurrency: number;
  only: Scenario[];
  /** Write a V8 CPU profile of the server process (node --cpu-prof) into this directory. */
  profile: string | null;
  /** Write server heap snapshots before and after the idle connections into this directory. */
  heapSnapshot: string | null;
  /** Wait up to this many seconds for the rest of the machine to go quiet before starting. */
  waitQuiet: number;
  /** Log level of the server process (warnings and errors are shown, counted past 50 lines). */
  serverLog: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Run against bench/fake-server.ts (no Parley): the generator's own ceiling. */
  fake: boolean;
  /** The ejabberd peer's folder (../shared/peer): run it the same way after Parley and print
   *  the ratios (issue 9). */
  peer: string | null;
  json: boolean;
}

const DEFAULTS: BenchOptions = {
  users: 1_000,
  pairs: 100,
  servers: 2,
  chatThreads: false,
  duration: 10,
  warmup: 2,
  window: 32,
  rates: [10_000],
  idle: 10_000,
  bidirectional: true,
  textBytes: 48,
  ackEvery: 20,
  loginConcurrency: 50, // as the ejabberd peer logs in (xload.mjs)
  only: [...SCENARIOS],
  profile: null,
  heapSnapshot: null,
  serverLog: 'warn',
  waitQuiet: 0,
  fake: false,
  peer: null,
  json: false,
};

const HELP = `Usage: npm run bench -- [options]     (env: BENCH_<OPTION>, e.g. BENCH_USERS=1000)
  --users N          connected users in the load scenarios        (${DEFAULTS.users})
  --pairs N          active pairs per load scenario               (${DEFAULTS.pairs})
  --servers N        ChatServers in the server process            (${DEFAULTS.servers})
  --chat-threads 0|1 1: each ChatServer on its own thread (CHAT_THREADS=1); npm start's default is 0 (0)
  --duration S       measured seconds per load scenario           (${DEFAULTS.duration})
  --warmup S         warm-up seconds before measuring             (${DEFAULTS.warmup})
  --window N         closed loop: in-flight messages per sender   (${DEFAULTS.window})
  --rate N[,N…]      paced scenarios: SEND_MSG per second, total; one run per rate (${DEFAULTS.rates.join(',')})
  --idle N           idle authenticated connections (RSS)         (${DEFAULTS.idle})
  --oneway           only one member of each pair sends
  --text-bytes N     message text length                          (${DEFAULTS.textBytes})
  --ack-every N      receiver ACKs every N notifies               (${DEFAULTS.ackEvery})
  --only a,b         scenarios: ${SCENARIOS.join(',')}
  --profile DIR      write a CPU profile of the server process (node --cpu-prof) into DIR
  --heap-snapshot DIR  write server heap snapshots before/after the idle connections into DIR
  --wait-quiet S     first wait up to S seconds for other processes to use < 15% CPU
  --server-log LEVEL log level of the server process              (warn)
  --fake             run against a trivial fake server: the generator's own ceiling
  --peer DIR         then run the ejabberd peer in DIR (../shared/peer) the same way, print ratios
  --json             print the results as JSON as well`;

function int(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`--${name}: expected a number >= ${min}, got "${v}"`);
  return n;
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const raw = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('BENCH_') && v !== undefined)
      raw.set(k.slice(6).toLowerCase().replace(/_/g, '-'), v);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"\n${HELP}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (k === 'oneway' || k === 'json' || k === 'fake') raw.set(k, inline ?? 'true');
    else {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${k} needs a value`);
      raw.set(k, v);
    }
  }
  const o: BenchOptions = { ...DEFAULTS, only: [...DEFAULTS.only] };
  for (const [k, v] of raw) {
    switch (k) {
      case 'users':
        o.users = int(k, v, 2);
        break;
      case 'pairs':
        o.pairs = int(k, v, 1);
        break;
      case 'servers':
        o.servers = int(k, v, 1);
        break;
      case 'chat-threads':
        if (v !== '0' && v !== '1') throw new Error(`--chat-threads: expected 0 or 1, got "${v}"`);
        o.chatThreads = v === '1';
        break;
      case 'duration':
        o.duration = int(k, v, 0.1);
        break;
      case 'warmup':
        o.warmup = int(k, v, 0);
        break;
      case 'window':
        o.window = int(k, v, 1);
        break;
      case 'rate':
      case 'rates':
        o.rates = v.split(',').map((r) => int(k, r.trim(), 1));
        break;
      case 'idle':
        o.idle = int(k, v, 0);
        break;
      case 'oneway':
        o.bidirectional = v !== 'true' && v !== '1';
        break;
      case 'text-bytes':
        o.textBytes = int(k, v, 24);
        break;
      case 'ack-every':
        o.ackEvery = int(k, v, 1);
        break;
      case 'login-concurrency':
        o.loginConcurrency = int(k, v, 1);
        break;
      case 'only': {
        const list = v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        for (const s of list)
          if (!(SCENARIOS as readonly string[]).includes(s))
            throw new Error(`--only: unknown scenario "${s}"`);
        o.only = list as Scenario[];
        break;
      }
      case 'profile':
        o.profile = v;
        break;
      case 'heap-snapshot':
        o.heapSnapshot = v;
        break;
      case 'server-log':
        if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(v))
          throw new Error(`--server-log: unknown level "${v}"`);
        o.serverLog = v as BenchOptions['serverLog'];
        break;
      case 'wait-quiet':
        o.waitQuiet = int(k, v, 0);
        break;
      case 'json':
        o.json = v === 'true' || v === '1';
        break;
      case 'fake':
        o.fake = v === 'true' || v === '1';
        break;
      case 'peer':
        o.peer = v;
        break;
      default:
        throw new Error(`unknown option "${k}"\n${HELP}`);
    }
  }
  if (o.pairs * 6 > o.users)
    throw new Error(
      `--users (${o.users}) must be at least 6 × --pairs (${o.pairs}): same-server, cross-server and bridge pairs use distinct users`,
    );
  return o;
}
