// Browser tests (STYLE.md: Playwright for the browser). `npm run test:e2e` starts the whole system
// with `npm start` on free ports and a fresh data directory, then drives Debian's Chromium.
import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/** Ports the launcher binds (servers/core config), with how many consecutive ones each needs. */
const PORTS = {
  WEB_PORT: 1,
  GATE_PORT: 1,
  BRIDGE_PORT: 1,
  STATUS_PORT: 1,
  VERIFY_PORT: 1,
  CHAT_PORT_BASE: 4, // ChatServer i listens on CHAT_PORT_BASE + i (two by default; room for four)
  PEER_PORT_BASE: 4, // and its gRPC peer port on PEER_PORT_BASE + i
  SMTP_PORT: 1, // the SMTP sink that e2e/global-setup.ts runs; VerifyServer mails codes to it
} as const;
type PortName = keyof typeof PORTS;

/**
 * Playwright needs the config synchronously, so free ports are found by a child Node process:
 * it binds 127.0.0.1:0 (and the following ports for a block), holds every socket until all are
 * chosen so no two names share a port, prints them as JSON and exits.
 */
function pickFreePorts(spec: Record<string, number>): Record<string, number> {
  const script = `
    const net = require('node:net');
    const spec = ${JSON.stringify(spec)};
    const held = [];
    const bind = (port) => new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', () => resolve(null));
      s.listen(port, '127.0.0.1', () => { held.push(s); resolve(s.address().port); });
    });
    async function block(n) {
      for (let attempt = 0; attempt < 100; attempt++) {
        const first = await bind(0);
        if (first === null || first + n - 1 > 65535) continue;
        let ok = true;
        for (let i = 1; i < n && ok; i++) ok = (await bind(first + i)) !== null;
        if (ok) return first;
      }
      throw new Error('no block of ' + n + ' free ports');
    }
    (async () => {
      const out = {};
      for (const [name, n] of Object.entries(spec)) out[name] = await block(n);
      process.stdout.write(JSON.stringify(out));
      for (const s of held) s.close();
    })().catch((e) => { console.error(e); process.exit(1); });
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Record<
    string,
    number
  >;
}

// Chosen once by the runner and kept in its environment, so worker processes (which inherit it
// and load this file again) see the same numbers. Preset PARLEY_E2E_* values are used as given.
const missing = (Object.keys(PORTS) as PortName[]).filter((n) => !process.env[`PARLEY_E2E_${n}`]);
if (missing.length > 0) {
  const picked = pickFreePorts(Object.fromEntries(missing.map((n) => [n, PORTS[n]])));
  for (const n of missing) process.env[`PARLEY_E2E_${n}`] = String(picked[n]);
}
process.env['PARLEY_E2E_DATA_DIR'] ??= mkdtempSync(path.join(tmpdir(), 'parley-e2e-'));
// The sink appends every mail here, one JSON line each; tests read codes from it (e2e/helpers).
process.env['PARLEY_E2E_MAIL_FILE'] ??= path.join(
  process.env['PARLEY_E2E_DATA_DIR'],
  'mails.jsonl',
);

const port = (n: PortName): string => process.env[`PARLEY_E2E_${n}`] ?? '';
const WEB_URL = `http://127.0.0.1:${port('WEB_PORT')}`;

// Codes go over real SMTP, but only to the test's own sink (PROTOCOL.md §8), never to whatever
// SMTP_URL the developer's shell has.
delete process.env['SMTP_URL'];
const SMTP_URL = `smtp://127.0.0.1:${port('SMTP_PORT')}`;

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // Runs after the webServer is up and before the tests; mail is only sent once tests run.
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: WEB_URL,
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    // `npx playwright install` cannot download here: use the distribution's Chromium.
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // Voice messages (issue 5): a fake microphone, and no permission prompt to answer.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  // Every spec on the desktop; the main chat spec, the phone spec, quoted replies and message
  // search (their menus, bars and jumps differ on a phone) again as a Pixel and an iPhone (Chromium's device emulation: viewport, touch, mobile user agent). Screens (every
  // screen in both colour schemes, with axe, and the 360 px check) runs on the desktop and the
  // Pixel: the phone layout is the same on both phones, and each run costs a minute or two of CI.
  // WebKit is not installed here, so the iPhone is Chromium with the iPhone's metrics and agent.
  projects: [
    { name: 'desktop', testIgnore: /phone\.spec\.ts$/ },
    {
      name: 'pixel',
      use: { ...devices['Pixel 7'], browserName: 'chromium' },
      testMatch: /(chat|phone|screens|quotes|search)\.spec\.ts$/,
    },
    {
      name: 'iphone',
      use: { ...devices['iPhone 13'], browserName: 'chromium' },
      testMatch: /(chat|phone|quotes|search)\.spec\.ts$/,
    },
  ],
  webServer: {
    command: 'npm start',
    cwd: ROOT,
    url: `${WEB_URL}/login`,
    reuseExistingServer: false,
    // The first run builds the web app (`next build`) before `next start`.
    timeout: 400_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      WEB_PORT: port('WEB_PORT'),
      GATE_PORT: port('GATE_PORT'),
      BRIDGE_PORT: port('BRIDGE_PORT'),
      STATUS_PORT: port('STATUS_PORT'),
      VERIFY_PORT: port('VERIFY_PORT'),
      CHAT_PORT_BASE: port('CHAT_PORT_BASE'),
      PEER_PORT_BASE: port('PEER_PORT_BASE'),
      DATA_DIR: process.env['PARLEY_E2E_DATA_DIR'] ?? '',
      RATE_LIMITS: 'relaxed',
      SMTP_URL,
      DEV_MAILBOX: 'auto', // off: mail really leaves, to the sink
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
      NEXT_TELEMETRY_DISABLED: '1',
      CHECKPOINT_DISABLE: '1',
    },
  },
});
