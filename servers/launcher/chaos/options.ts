// `npm run chaos -- --duration 120 --faults kill,redis --clients 16 [--hosts] [--json FILE]`.
import { parseArgs } from 'node:util';
import { FAULTS, HOST_FAULTS, type Fault } from './faults';

export interface ChaosOptions {
  /** Seconds of load; the faults are spread over it. */
  durationS: number;
  faults: Fault[];
  clients: number;
  chats: number;
  /** Each service in its own network namespace (implied by partition and latency). */
  hosts: boolean;
  /** Write the audit and stats as JSON here too. */
  json?: string;
}

export const USAGE = `npm run chaos -- [options]
  --duration S     seconds of load, faults spread over it (default 120)
  --faults LIST    comma-separated, in order: ${FAULTS.join(', ')} (default kill,redis)
  --clients N      clients, a multiple of 4 (default 16)
  --chats N        ChatServers (default 2)
  --hosts          each service in its own network namespace (root; implied by partition, latency)
  --json FILE      also write the audit as JSON`;

export function parseOptions(argv: string[]): ChaosOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '120' },
      faults: { type: 'string', default: 'kill,redis' },
      clients: { type: 'string', default: '16' },
      chats: { type: 'string', default: '2' },
      hosts: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new Error(USAGE);
  const durationS = Number(values.duration);
  const clients = Number(values.clients);
  const chats = Number(values.chats);
  if (!Number.isInteger(durationS) || durationS < 10) throw new Error('--duration: 10 s or more');
  if (!Number.isInteger(clients) || clients < 4 || clients % 4 !== 0)
    throw new Error('--clients: a multiple of 4');
  if (!Number.isInteger(chats) || chats < 2) throw new Error('--chats: 2 or more');
  const faults = values.faults
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const f of faults)
    if (!(FAULTS as readonly string[]).includes(f))
      throw new Error(`--faults: unknown fault ${f} (${FAULTS.join(', ')})`);
  const typed = faults as Fault[];
  return {
    durationS,
    faults: typed,
    clients,
    chats,
    hosts: values.hosts || typed.some((f) => HOST_FAULTS.includes(f)),
    ...(values.json ? { json: values.json } : {}),
  };
}
