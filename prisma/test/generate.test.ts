import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { deriveSchema } from '../scripts/generate.mjs';

const SCRIPT = fileURLToPath(new URL('../scripts/generate.mjs', import.meta.url));
const source = await readFile(new URL('../schema.prisma', import.meta.url), 'utf8');

describe('scripts/generate.mjs', () => {
  it('derives the mysql schema: provider, output and native types, nothing else', () => {
    const mysql = deriveSchema(source, 'mysql');
    assert.match(mysql, /datasource db \{\s*provider = "mysql"/);
    assert.match(mysql, /output\s+= "\.\/mysql"/);
    assert.match(mysql, /^\s*text\s+String\? @db\.MediumText$/m);
    assert.match(mysql, /^\s*uids\s+String @db\.Text$/m);
    assert.doesNotMatch(mysql, /^\s*\w+\s+\w+.*\/\/\s*mysql:/m, 'every field marker applied');
    const changed = diffLines(source, mysql);
    // provider, output, and the two fields with a native type
    assert.equal(changed.length, 4, changed.join('\n'));
  });

  it('keeps the sqlite schema as written except for the output folder', () => {
    const changed = diffLines(source, deriveSchema(source, 'sqlite'));
    assert.deepEqual(changed, ['  output       = "./generated/sqlite"']);
  });

  it('fails loudly when the source no longer has the expected shape', () => {
    assert.throws(
      () => deriveSchema(source.replace('provider = "sqlite"', 'provider = "postgresql"'), 'mysql'),
      /datasource provider/,
    );
  });

  it('finds both clients up to date (run by postinstall; --check regenerates nothing)', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, [SCRIPT, '--check']).catch(
      (err: { stderr: string }) => {
        assert.fail(`generated clients are stale: ${err.stderr}`);
      },
    );
    assert.equal(stderr, '');
  });
});

/** Source lines that differ (same line count is an invariant of the derivation). */
function diffLines(a: string, b: string): string[] {
  const left = a.split('\n');
  const right = b.split('\n');
  assert.equal(left.length, right.length);
  return left.filter((line, i) => line !== right[i]);
}
