// Runs the Next.js web app as a child process (`next start`), building it first when the build
// is missing or older than its sources, so a fresh clone's `npm start` just works.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@parley/core';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const WEB = path.join(ROOT, 'web');
const SOURCES = [
  'app',
  'components',
  'lib',
  'next.config.ts',
  'next.config.mjs',
  'postcss.config.mjs',
  'package.json',
];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

function nextBin(): string {
  const require = createRequire(path.join(WEB, 'package.json'));
  return path.join(path.dirname(require.resolve('next/package.json')), 'dist/bin/next');
}

export function webNeedsBuild(): boolean {
  const id = path.join(WEB, '.next', 'BUILD_ID');
  if (!existsSync(id)) return true;
  const built = statSync(id).mtimeMs;
  const src = Math.max(
    ...SOURCES.map((s) => newest(path.join(WEB, s))),
    newest(path.join(ROOT, 'proto', 'src')),
  );
  return src > built;
}

const WEB_ENV = { NEXT_TELEMETRY_DISABLED: '1', CHECKPOINT_DISABLE: '1' };

/** `next build`, as a child process awaited asynchronously: in embedded mode the servers share
 *  this process and must keep reporting to StatusServer while the build runs. */
export function buildWeb(logger: Logger): Promise<void> {
  logger.info('building the web app (first run only; about a minute)…');
  const child = spawn(process.execPath, [nextBin(), 'build'], {
    cwd: WEB,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, ...WEB_ENV },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error('next build failed'))));
  });
}

export async function startWeb(opts: {
  port: number;
  host: string;
  gateUrl: string;
  bridgePort: number;
  logger: Logger;
}): Promise<{
  child: ChildProcess;
  stop: () => Promise<void>;
}> {
  if (webNeedsBuild()) await buildWeb(opts.logger);
  // web-server.ts: `next` behind a server that pins X-Forwarded-For to the socket address.
  const server = fileURLToPath(new URL('./web-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', server], {
    cwd: WEB,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...WEB_ENV,
      NODE_ENV: 'production',
      WEB_PORT: String(opts.port),
      HOST: opts.host,
      GATE_URL: opts.gateUrl,
      BRIDGE_PORT: String(opts.bridgePort),
    },
  });
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
