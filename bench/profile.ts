// Summarise a V8 CPU profile (`node --cpu-prof`, e.g. from `npm run bench -- --profile DIR`):
// the top functions by self time, by inclusive time, and self time per package / source folder.
//   npm run bench:profile -- DIR/CPU.*.cpuprofile [--top 25] [--from S] [--to S]
// --from/--to keep only the samples between those seconds after the profile started (to look at
// one scenario of a run).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function args(argv: string[]): { file: string; top: number; from: number; to: number } {
  let file = '';
  let top = 25;
  let from = 0;
  let to = Infinity;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--top') top = Number(argv[++i]);
    else if (a === '--from') from = Number(argv[++i]);
    else if (a === '--to') to = Number(argv[++i]);
    else file = a;
  }
  if (!file) {
    console.error(
      'usage: npm run bench:profile -- <file.cpuprofile> [--top N] [--from S] [--to S]',
    );
    process.exit(2);
  }
  return { file, top, from, to };
}

/** Where a frame's code lives: an npm package, a folder of this repo, node itself, or V8. */
function area(f: CallFrame): string {
  const url = f.url;
  if (!url) return f.functionName.startsWith('(') ? f.functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const p = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = p.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const rel = path.relative(ROOT, p);
  if (rel.startsWith('..')) return p;
  const parts = rel.split('/');
  // prisma/generated/… is Prisma's generated client: part of the Prisma cost.
  return parts.slice(0, parts[0] === 'servers' ? 3 : 2).join('/');
}

function label(f: CallFrame): string {
  const name = f.functionName || '(anonymous)';
  if (!f.url) return name;
  const p = f.url.startsWith('file://') ? fileURLToPath(f.url) : f.url;
  const nm = p.lastIndexOf('node_modules/');
  const where = nm >= 0 ? p.slice(nm + 'node_modules/'.length) : path.relative(ROOT, p);
  return `${name}  ${where}:${f.lineNumber + 1}`;
}

function main(): void {
  const o = args(process.argv.slice(2));
  const prof = JSON.parse(readFileSync(o.file, 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const areas = new Map<string, number>();
  let t = prof.startTime;
  let sum = 0;
  let idle = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = prof.timeDeltas[i] ?? 0;
    t += dt;
    const s = (t - prof.startTime) / 1e6;
    if (s < o.from || s > o.to) continue;
    const node = byId.get(prof.samples[i]!)!;
    const f = node.callFrame;
    if (f.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    sum += dt;
    const key = label(f);
    self.set(key, (self.get(key) ?? 0) + dt);
    const a = area(f);
    areas.set(a, (areas.get(a) ?? 0) + dt);
    // Inclusive: every distinct function on this sample's stack.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const k = label(byId.get(id)!.callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  }
  const pct = (v: number) => `${((100 * v) / sum).toFixed(1).padStart(5)}%`;
  const ms = (v: number) => `${(v / 1000).toFixed(0).padStart(7)} ms`;
  const print = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
      console.log(`${pct(v)} ${ms(v)}  ${k}`);
  };
  console.log(
    `${o.file}: ${((prof.endTime - prof.startTime) / 1e6).toFixed(1)} s profiled; ` +
      `${(sum / 1e6).toFixed(1)} s on CPU, ${(idle / 1e6).toFixed(1)} s idle` +
      (o.from > 0 || o.to < Infinity ? ` (window ${o.from}–${o.to} s)` : ''),
  );
  print('self time by package / folder', areas, 20);
  print(`top ${o.top} functions by self time`, self, o.top);
  const skip = /^\((root|program)\)/;
  print(
    `top ${o.top} functions by inclusive time`,
    new Map([...total].filter(([k]) => !skip.test(k))),
    o.top,
  );
}

main();
