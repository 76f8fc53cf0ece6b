// The one place that reads process.env (STYLE.md): parsed once by a zod schema, then frozen.
import { z } from 'zod';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const port = z.coerce.number().int().min(0).max(65_535);
const ms = z.coerce.number().int().positive();
/** A media size limit in bytes (MEDIA_MAX_*): at least 1 KiB, at most 2 GiB. */
const bytes = z.coerce
  .number()
  .int()
  .min(1_024)
  .max(2 * 1024 * 1024 * 1024);
const MB = 1024 * 1024;

const EnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /** Prefix of every Redis key, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'REDIS_PREFIX: 1-64 of A-Z a-z 0-9 _ : . -')
    .default('parley:'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Parley <no-reply@parley.local>'),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_HOST: z.string().default('127.0.0.1'),
  WEB_PORT: port.default(3000),
  GATE_PORT: port.default(8080),
  BRIDGE_PORT: port.default(8090),
  CHAT_PORT_BASE: port.default(8100),
  STATUS_PORT: port.default(8070),
  VERIFY_PORT: port.default(8071),
  /** gRPC peer port of ChatServer i = PEER_PORT_BASE + i. */
  PEER_PORT_BASE: port.default(8200),
  CHAT_SERVERS: z.coerce.number().int().min(1).max(64).default(2),
  /** Embedded mode: 1 runs each ChatServer on a worker thread of its own (issue 9: the sockets of
   *  every ChatServer on one event loop were the latency tail's limit); 0 keeps them all on the
   *  main thread. */
  CHAT_THREADS: z.enum(['0', '1']).default('0'),
  STATUS_ADDR: z.string().optional(),
  VERIFY_ADDR: z.string().optional(),
  /** Cluster mode: which service this process runs (see servers/launcher). */
  SERVICE: z.enum(['all', 'status', 'verify', 'gate', 'chat', 'bridge', 'web']).default('all'),
  /** Cluster mode, SERVICE=chat: this ChatServer's index (name chat-<i>, ports from the bases). */
  CHAT_INDEX: z.coerce.number().int().min(0).default(0),
  RATE_LIMITS: z.enum(['strict', 'relaxed']).default('strict'),
  ALLOWED_ORIGINS: z.string().optional(),
  CODE_TTL_MS: ms.default(10 * 60_000),
  TOKEN_TTL_MS: ms.default(7 * 24 * 3_600_000),
  /** How often StatusServer deletes expired rows of the tokens table. */
  TOKEN_SWEEP_MS: ms.default(3_600_000),
  HEARTBEAT_MS: ms.default(20_000),
  /** PROTOCOL.md §9.5: a ChatServer stopped with SIGTERM (cluster mode) tells its clients to
   *  reconnect within this long (SERVER_NOTICE reconnectInMs)… */
  DRAIN_RECONNECT_MS: ms.default(1_000),
  /** …and closes whoever is still connected after this long. */
  DRAIN_TIMEOUT_MS: ms.default(3_000),
  MAX_BODY: z.coerce
    .number()
    .int()
    .min(1_024)
    .max(16 * 1024 * 1024)
    .default(64 * 1024),
  /** Where uploaded media is stored (local disk); default `<DATA_DIR>/media`. */
  MEDIA_DIR: z.string().optional(),
  /** Upload limits per sniffed kind (PROTOCOL.md §7 `POST /media`), in bytes. */
  MEDIA_MAX_IMAGE: bytes.default(10 * MB),
  MEDIA_MAX_FILE: bytes.default(100 * MB),
  MEDIA_MAX_VOICE: bytes.default(5 * MB),
  /** Key of the signed media URLs (`GET /media/<id>?…&sig=`); every GateServer of a deployment
   *  needs the same one. Unset: a random key per process (links die with a restart). */
  MEDIA_URL_SECRET: z.string().min(32).optional(),
  /** How long a signed media URL works. */
  MEDIA_URL_TTL_MS: ms.default(10 * 60_000),
  /** RECALL (PROTOCOL.md §3): a sender may recall a message for this long after its sentAt. */
  RECALL_WINDOW_MS: ms.default(2 * 60_000),
  /** /healthz, /readyz and /metrics (Prometheus) on every service: status on this port, verify
   *  +1, gate +2, bridge +3, ChatServer i +10+i; embedded mode serves one set on this port.
   *  Unset: not served. */
  METRICS_PORT_BASE: port.optional(),
  /** WEB=off runs the servers without the web app. */
  WEB: z.enum(['on', 'off']).default('on'),
  /** Believe X-Forwarded-For from the client of the web app (only behind a reverse proxy). */
  TRUST_PROXY: z
    .enum(['0', '1'])
    .default('0')
    .transform((v) => v === '1'),
  DEV_MAILBOX: z.enum(['auto', 'on', 'off']).default('auto'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Env {
  databaseUrl: string;
  mode: 'embedded' | 'cluster';
  allowedOrigins: string[];
  /** Development outbox exposed at GET /dev/mailbox: on when mail does not really leave. */
  devMailbox: boolean;
  /** Absolute directory of the local media store. */
  mediaDir: string;
  /** Largest upload per media kind, in bytes. */
  mediaLimits: MediaLimits;
  /** HMAC key of signed media URLs: MEDIA_URL_SECRET, or random for this process. */
  mediaUrlSecret: string;
}

export interface MediaLimits {
  image: number;
  file: number;
  voice: number;
}

/** Parse and validate the environment once; a bad value stops start-up with a clear message. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? `file:${path.resolve(e.DATA_DIR, 'parley.db')}`;
  const mode = e.REDIS_URL && !databaseUrl.startsWith('file:') ? 'cluster' : 'embedded';
  const allowedOrigins = e.ALLOWED_ORIGINS
    ? e.ALLOWED_ORIGINS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [`http://localhost:${e.WEB_PORT}`, `http://127.0.0.1:${e.WEB_PORT}`];
  const devMailbox = e.DEV_MAILBOX === 'auto' ? !e.SMTP_URL : e.DEV_MAILBOX === 'on';
  const mediaDir = path.resolve(e.MEDIA_DIR ?? path.join(e.DATA_DIR, 'media'));
  const mediaLimits = Object.freeze({
    image: e.MEDIA_MAX_IMAGE,
    file: e.MEDIA_MAX_FILE,
    voice: e.MEDIA_MAX_VOICE,
  });
  const mediaUrlSecret = e.MEDIA_URL_SECRET ?? randomBytes(32).toString('base64url');
  return Object.freeze({
    ...e,
    databaseUrl,
    mode,
    allowedOrigins,
    devMailbox,
    mediaDir,
    mediaLimits,
    mediaUrlSecret,
  });
}
