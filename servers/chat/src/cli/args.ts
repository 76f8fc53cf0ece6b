// Command-line and environment parsing for `parley` (the CLI client). The only file of the CLI
// that reads argv or process.env, so the rest receives one frozen config object.
import { homedir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

export const USAGE = `usage: parley --gate <url> --account <username|email> [--password <pw>] [--device <name>] [command]

  --gate      GateServer base URL (default http://127.0.0.1:8080, or PARLEY_GATE)
  --account   username or email to log in with
  --password  password; else PARLEY_PASSWORD; else asked for (without echo) on a terminal
  --device    device name sent with LOGIN (default "cli")
  --color     force colours on (default: only when stdout is a terminal)
  --no-color  force colours off

  Without a command, parley reads chat commands (/help) and messages from stdin.
  A command runs once after logging in, prints its answer and exits:
    search <words>     messages containing these words, in all your chats (newest first)
    devices            your devices with a live login (PROTOCOL.md §9.2)
    revoke <deviceId>  log that device out

  The CLI is one device of your account: its id is kept in $PARLEY_HOME/device-id
  (default $XDG_CONFIG_HOME/parley, or ~/.config/parley).`;

/** One-shot commands: each is the interactive slash command it names, and whether it needs an
 *  argument (and what to say when it is missing). */
const ONE_SHOT: Readonly<Record<string, { slash: string; missing?: string }>> = {
  search: { slash: 'find', missing: 'what to search for?' },
  devices: { slash: 'devices' },
  revoke: { slash: 'revoke', missing: 'which deviceId? (see `parley devices`)' },
};

/** The default GateServer address of PROTOCOL.md §8. */
const DEFAULT_GATE = 'http://127.0.0.1:8080';
const DEFAULT_DEVICE = 'cli';

export interface CliConfig {
  readonly gate: string;
  readonly account: string;
  /** Undefined when it still has to be asked for. */
  readonly password: string | undefined;
  readonly device: string;
  readonly color: boolean;
  /** Where the CLI keeps its device id (device.ts). */
  readonly stateDir: string;
  /** A one-shot command as the line to run (e.g. `/find hello`); undefined: interactive. */
  readonly command: string | undefined;
}

/** A usage mistake: main prints it with USAGE and exits 1 (nothing could be logged in). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ParseInput {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  stdoutIsTty: boolean;
}

/** `--help` returns 'help'; anything wrong throws UsageError. */
export function parseCli(input: ParseInput): CliConfig | 'help' {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...input.argv],
      options: {
        gate: { type: 'string' },
        account: { type: 'string', short: 'a' },
        password: { type: 'string' },
        device: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return 'help';

  const gate = (values.gate ?? input.env['PARLEY_GATE'] ?? DEFAULT_GATE).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(gate);
  } catch {
    throw new UsageError(`--gate: not a URL: ${gate}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--gate: expected an http(s) URL, got ${gate}`);

  const account = values.account?.trim();
  if (!account) throw new UsageError('--account is required');

  // An empty PARLEY_PASSWORD counts as unset, so `PARLEY_PASSWORD= parley …` still prompts.
  const password = values.password ?? (input.env['PARLEY_PASSWORD'] || undefined);
  // NO_COLOR (https://no-color.org) is honoured unless --color asks explicitly.
  const color = values['no-color']
    ? false
    : (values.color ?? (input.stdoutIsTty && !input.env['NO_COLOR']));

  let command: string | undefined;
  if (positionals.length > 0) {
    const [name = '', ...rest] = positionals;
    const one = Object.hasOwn(ONE_SHOT, name) ? ONE_SHOT[name] : undefined;
    if (!one) throw new UsageError(`unknown command: ${name}`);
    if (one.missing && rest.join('').trim() === '') throw new UsageError(`${name}: ${one.missing}`);
    command = `/${one.slash} ${rest.join(' ')}`.trimEnd();
  }

  return Object.freeze({
    command,
    gate,
    account,
    password,
    device: values.device ?? DEFAULT_DEVICE,
    color,
    stateDir: stateDir(input.env),
  });
}

/** PARLEY_HOME, else the XDG config directory's `parley`. */
function stateDir(env: ParseInput['env']): string {
  if (env['PARLEY_HOME']) return env['PARLEY_HOME'];
  const config = env['XDG_CONFIG_HOME'] || path.join(env['HOME'] || homedir(), '.config');
  return path.join(config, 'parley');
}
