#!/usr/bin/env node
// `npm test`: node's test runner over every workspace's test/*.test.ts (unit and integration,
// which need the local Redis, MariaDB and an in-process SMTP sink), then Playwright. Ends with one
// plain line "N passed, N failed" that sums both runners, for CI.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const DIRS = [
  'proto',
  'prisma',
  'bridge',
  'web',
  ...readdirSync(path.join(ROOT, 'servers')).map((d) => `servers/${d}`),
];

function testFiles() {
  const out = [];
  for (const d of DIRS) {
    const dir = path.join(ROOT, d, 'test');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.test.ts')) out.push(path.join(d, 'test', f));
  }
  return out.sort();
}

function run(cmd, argv, onLine) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      buf += d.toString();
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
    child.on('close', (code) => {
      if (buf) onLine(buf);
      resolve(code ?? 1);
    });
  });
}

let passed = 0;
let failed = 0;
let exit = 0;

const files = testFiles();
let nodePass = 0;
let nodeFail = 0;
const code = await run(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  (line) => {
    // node's spec reporter closes with "ℹ pass N" / "ℹ fail N".
    const m = /^\S*\s*(pass|fail) (\d+)$/.exec(line.trim());
    if (m) m[1] === 'pass' ? (nodePass = +m[2]) : (nodeFail = +m[2]);
  },
);
passed += nodePass;
failed += nodeFail;
if (code !== 0) {
  exit = 1;
  if (nodeFail === 0) failed += 1; // the runner itself failed (e.g. a file that does not load)
}
console.log(`node test runner: ${nodePass} passed, ${nodeFail} failed`);

if (!args.has('--no-e2e')) {
  const report = path.join(ROOT, 'test-results', 'playwright.json');
  rmSync(report, { force: true });
  const pw = path.join(ROOT, 'node_modules', '.bin', 'playwright');
  const pcode = await run(pw, ['test'], () => undefined);
  let pPass = 0;
  let pFail = 0;
  if (existsSync(report)) {
    const stats = JSON.parse(readFileSync(report, 'utf8')).stats ?? {};
    pPass = (stats.expected ?? 0) + (stats.flaky ?? 0);
    pFail = stats.unexpected ?? 0;
  }
  if (pcode !== 0) {
    exit = 1;
    if (pFail === 0) pFail = 1;
  }
  console.log(`playwright: ${pPass} passed, ${pFail} failed`);
  passed += pPass;
  failed += pFail;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(exit);
