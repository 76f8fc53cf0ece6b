// Compare two V8 heap snapshots of the server (`npm run bench -- --only idle --heap-snapshot DIR`):
// what the idle connections added, grouped by constructor (objects), function (closures) or kind
// (strings, arrays, code), with counts and bytes per connection.
//   npm run bench:heap -- DIR/idle-before.heapsnapshot DIR/idle-after.heapsnapshot --per 10000
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

type Groups = Map<string, { count: number; bytes: number }>;

function groups(file: string): { groups: Groups; total: number } {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const fType = fields.indexOf('type');
  const fName = fields.indexOf('name');
  const fSize = fields.indexOf('self_size');
  const out: Groups = new Map();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + fType]!]!;
    const size = s.nodes[i + fSize]!;
    const name = s.strings[s.nodes[i + fName]!] ?? '';
    // Strings are grouped by kind, not by content; objects by constructor; closures by function.
    const key =
      type === 'object' || type === 'closure' || type === 'native'
        ? `${type} ${name.length > 80 ? name.slice(0, 77) + '…' : name}`
        : `(${type})`;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    out.set(key, g);
    total += size;
  }
  return { groups: out, total };
}

function main(): void {
  const argv = process.argv.slice(2);
  let per = 1;
  let top = 30;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--per') per = Number(argv[++i]);
    else if (argv[i] === '--top') top = Number(argv[++i]);
    else files.push(argv[i]!);
  }
  if (files.length !== 2) {
    console.error(
      'usage: npm run bench:heap -- <before.heapsnapshot> <after.heapsnapshot> [--per N] [--top N]',
    );
    process.exit(2);
  }
  const a = groups(files[0]!);
  const b = groups(files[1]!);
  const diff: [string, number, number][] = [];
  for (const [k, g] of b.groups) {
    const o = a.groups.get(k) ?? { count: 0, bytes: 0 };
    diff.push([k, g.count - o.count, g.bytes - o.bytes]);
  }
  diff.sort((x, y) => y[2] - x[2]);
  const d = b.total - a.total;
  console.log(
    `JS heap (self sizes): ${(a.total / 1048576).toFixed(1)} MB → ${(b.total / 1048576).toFixed(1)} MB, +${(d / 1024).toFixed(0)} KB = ${(d / per).toFixed(0)} B per unit (per = ${per})`,
  );
  console.log(`\n${'bytes/unit'.padStart(10)} ${'count/unit'.padStart(10)}  group`);
  const line = ([k, c, bytes]: [string, number, number]) =>
    console.log(
      `${(bytes / per).toFixed(0).padStart(10)} ${(c / per).toFixed(2).padStart(10)}  ${k}`,
    );
  diff.slice(0, top).forEach(line);
  const added = diff.filter((x) => x[2] > 0).reduce((t, x) => t + x[2], 0);
  console.log(
    `${(added / per).toFixed(0).padStart(10)} ${''.padStart(10)}  = everything that grew`,
  );
  console.log('\nshrank (freed between the snapshots, e.g. start-up leftovers):');
  diff.slice(-5).reverse().forEach(line);
}

main();
