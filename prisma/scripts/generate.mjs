#!/usr/bin/env node
// Generates both Prisma clients from the one schema: generated/sqlite and generated/mysql.
//
// One Prisma schema serves one provider, and a client generated for sqlite refuses the mariadb
// adapter, so the MySQL schema is derived here (provider, output, and every `// mysql: …` comment
// applied to its line) and both are generated in parallel. Runs offline: `prisma generate` needs
// no schema engine, so PRISMA_SCHEMA_ENGINE_BINARY points at /bin/false unless already set.
//
// Idempotent and fast: each output holds a stamp (hash of its derived schema, the Prisma version
// and this script); a matching stamp skips that dialect. `--force` regenerates regardless.
//
// Usage: node scripts/generate.mjs [--force] [--check]
//   --check  exit 1 if a client is missing or stale, without generating (for CI).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(PKG_DIR, 'schema.prisma');
const OUT_DIR = join(PKG_DIR, 'generated');
const STAMP = '.parley-stamp';

const require = createRequire(import.meta.url);
const prismaPkgPath = require.resolve('prisma/package.json');
const prismaPkg = JSON.parse(await readFile(prismaPkgPath, 'utf8'));
const PRISMA_CLI = join(dirname(prismaPkgPath), prismaPkg.bin.prisma);

/** Derives one dialect's schema text from the SQLite source. Throws if the source's shape changed. */
export function deriveSchema(source, dialect) {
  const provider = dialect === 'sqlite' ? 'sqlite' : 'mysql';
  let text = replaceOnce(
    source,
    /(datasource\s+db\s*\{[^}]*?provider\s*=\s*)"sqlite"/,
    `$1"${provider}"`,
    'datasource provider "sqlite"',
  );
  // The derived files live in generated/, so the output is a sibling folder.
  text = replaceOnce(
    text,
    /(generator\s+client\s*\{[^}]*?output\s*=\s*)"[^"]*"/,
    `$1"./${dialect}"`,
    'generator client output',
  );
  // `field Type // mysql: @db.X` → `field Type @db.X` (only for mysql; SQLite has no native types).
  if (dialect === 'mysql') {
    text = text.replace(
      /^(\s*[A-Za-z_]\w*\s+[A-Za-z_]\w*(?:\[\]|\?)?[^/\n]*?)\s*\/\/\s*mysql:\s*(.+?)\s*$/gm,
      '$1 $2',
    );
  }
  return text;
}

function replaceOnce(text, pattern, replacement, what) {
  const global = new RegExp(pattern.source, 'g');
  const count = [...text.matchAll(global)].length;
  if (count !== 1) throw new Error(`schema.prisma: expected exactly one ${what}, found ${count}`);
  return text.replace(pattern, replacement);
}

function runPrismaGenerate(schemaPath) {
  const env = {
    ...process.env,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
  };
  const args = [PRISMA_CLI, 'generate', '--no-hints', '--schema', schemaPath];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: PKG_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`prisma generate ${schemaPath} exited ${code}:\n${output}`)),
    );
  });
}

async function generate(dialect, source, self, { force, check }) {
  const schema = deriveSchema(source, dialect);
  const stamp = createHash('sha256')
    .update(schema)
    .update(prismaPkg.version)
    .update(self)
    .digest('hex');
  const target = join(OUT_DIR, dialect);
  const stampPath = join(target, STAMP);
  const fresh =
    existsSync(join(target, 'client.ts')) &&
    existsSync(stampPath) &&
    (await readFile(stampPath, 'utf8')) === stamp;
  if (check) return fresh ? 'fresh' : 'stale';
  if (fresh && !force) return 'up to date';

  const schemaPath = join(OUT_DIR, `${dialect}.prisma`);
  await writeFile(
    schemaPath,
    `// Generated from ../schema.prisma by scripts/generate.mjs. Do not edit.\n${schema}`,
  );
  await runPrismaGenerate(schemaPath);
  await writeFile(stampPath, stamp);
  return 'generated';
}

async function main() {
  const force = process.argv.includes('--force');
  const check = process.argv.includes('--check');
  const started = performance.now();
  const [source, self] = await Promise.all([
    readFile(SOURCE, 'utf8'),
    readFile(fileURLToPath(import.meta.url)),
  ]);
  await mkdir(OUT_DIR, { recursive: true });
  const dialects = ['sqlite', 'mysql'];
  const results = await Promise.all(
    dialects.map((d) => generate(d, source, self, { force, check })),
  );
  const summary = dialects.map((d, i) => `${d}: ${results[i]}`).join(', ');
  const ms = Math.round(performance.now() - started);
  if (check && results.includes('stale')) {
    console.error(`@parley/db clients are stale (${summary}); run npm run generate -w @parley/db`);
    process.exitCode = 1;
    return;
  }
  console.log(`@parley/db prisma clients (${prismaPkg.version}) ${summary} in ${ms} ms`);
}

// Importable (tests use deriveSchema) without generating anything.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
