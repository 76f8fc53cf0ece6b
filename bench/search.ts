// SEARCH_MSG's data path (servers/chat/src/data/search.ts) over a large store: how long a search
// across all of one user's conversations takes, per path and dialect (issue 13: 1,000,000
// messages, p95 ≤ 50 ms).
//   npm run bench:search [-- --messages 1000000 --runs 30 --dialect sqlite|mysql|both]
//                        [--mysql mysql://root@127.0.0.1:3306] [--keep]
//
// The corpus: 10,000 users, 20,000 direct conversations (four friends each) and 500 groups of 30;
// 70 % of messages are direct, 30 % in groups; English-like words with a Zipf-like spread, Chinese
// sentences, and planted terms of known frequency. Searchers: a typical user (four friends, one
// or two groups: about a thousand readable messages), a heavy one (100 groups: about 60,000) and
// an extreme one (every group: about 300,000). MariaDB's FULLTEXT is measured beside its LIKE scan
// to show what it can and cannot find.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDb, type Db } from '@parley/db';
import { acquireSearchIndex, createSearchData, indexFor, SCAN_REACH } from '@parley/chat';
import { createLogger } from '@parley/core';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    dialect: { type: 'string', default: 'both' },
    mysql: { type: 'string', default: 'mysql://root@127.0.0.1:3306' },
    keep: { type: 'boolean', default: false },
  },
});
const TOTAL = Number(values.messages);
const RUNS = Number(values.runs);
const USERS = 10_000;
const DIRECT = 20_000;
const GROUPS = 500;
const GROUP_SIZE = 30;
const FIRST_UID = 10_001;
const HEAVY = FIRST_UID; // in 100 groups
const EXTREME = FIRST_UID + 1; // in every group
const TYPICAL = FIRST_UID + 5_000;

/** A small deterministic PRNG (mulberry32), so every run builds the same corpus. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

const SYL = [
  'ka',
  'lo',
  'mi',
  'ne',
  'ru',
  'ta',
  'shi',
  'po',
  'ven',
  'dor',
  'el',
  'qua',
  'zi',
  'bra',
];
const WORDS = Array.from({ length: 2_000 }, (_, i) => {
  let w = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYL.length)) w += SYL[n % SYL.length];
  return w;
});
/** Zipf-like: word i is chosen with weight ~1/(i+1). */
function word(): string {
  return WORDS[
    Math.min(WORDS.length - 1, Math.floor(Math.exp(rand() * Math.log(WORDS.length)) - 1))
  ]!;
}
const HAN = [
  ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严',
];
/** Planted terms and how often they appear (a fraction of all messages). */
const PLANT = [
  { term: 'quokka', where: 'en', rate: 0.0001 },
  { term: '北京', where: 'zh', rate: 0.01 },
  { term: '天气很好', where: 'zh', rate: 0.001 },
] as const;

function sentence(): string {
  const r = rand();
  let text: string;
  let lang: 'en' | 'zh';
  if (r < 0.6) {
    lang = 'en';
    text = Array.from({ length: 4 + Math.floor(rand() * 9) }, word).join(' ');
  } else {
    lang = 'zh';
    text = Array.from({ length: 8 + Math.floor(rand() * 18) }, () => pick(HAN)).join('');
  }
  for (const p of PLANT) {
    if (p.where === lang && rand() < p.rate / (lang === 'en' ? 0.6 : 0.4)) {
      const at = Math.floor(rand() * text.length);
      text = text.slice(0, at) + (lang === 'en' ? ` ${p.term} ` : p.term) + text.slice(at);
    }
  }
  return text;
}

interface Conv {
  id: string;
  members: number[];
  seq: number;
}

function corpus(): { direct: Conv[]; groups: Conv[] } {
  const direct: Conv[] = [];
  const seen = new Set<string>();
  for (let u = 0; direct.length < DIRECT; u = (u + 1) % USERS) {
    const a = FIRST_UID + u;
    const b = FIRST_UID + Math.floor(rand() * USERS);
    const [lo, hi] = a < b ? [a, b] : [b, a];
    const id = `d_${lo}_${hi}`;
    if (a === b || seen.has(id)) continue;
    seen.add(id);
    direct.push({ id, members: [lo, hi], seq: 0 });
  }
  const groups: Conv[] = Array.from({ length: GROUPS }, (_, g) => {
    const members = new Set<number>([EXTREME]);
    if (g < 100) members.add(HEAVY);
    if (g === 0) members.add(TYPICAL);
    while (members.size < GROUP_SIZE)
      members.add(FIRST_UID + 10 + Math.floor(rand() * (USERS - 10)));
    return { id: `g_bench_${g}`, members: [...members], seq: 0 };
  });
  // The typical user has four friends (and so four direct conversations) at least.
  for (let i = 1; i <= 4; i++) {
    const [lo, hi] = [TYPICAL, TYPICAL + i * 7];
    if (!seen.has(`d_${lo}_${hi}`)) direct.push({ id: `d_${lo}_${hi}`, members: [lo, hi], seq: 0 });
  }
  return { direct, groups };
}

const JOINED = new Date('2025-01-01T00:00:00Z');
const T0 = JOINED.getTime() + 86_400_000;

async function build(db: Db): Promise<void> {
  const p = db.prisma;
  const { direct, groups } = corpus();
  const all = [...direct, ...groups];
  const started = performance.now();
  for (let i = 0; i < all.length; i += 2_000) {
    const chunk = all.slice(i, i + 2_000);
    await p.conversation.createMany({
      data: chunk.map((c) => ({ id: c.id, kind: c.id.startsWith('g_') ? 'group' : 'direct' })),
    });
    await p.member.createMany({
      data: chunk.flatMap((c) =>
        c.members.map((userId) => ({ conversationId: c.id, userId, joinedAt: JOINED })),
      ),
    });
  }
  const ROWS = 500; // per INSERT
  const STATEMENTS = 40; // per transaction: 20,000 rows per commit
  let done = 0;
  let lastLog = performance.now();
  while (done < TOTAL) {
    const batch: { sql: string; params: unknown[] }[] = [];
    for (let st = 0; st < STATEMENTS && done < TOTAL; st++) {
      const n = Math.min(ROWS, TOTAL - done);
      const params: unknown[] = [];
      const rows: string[] = [];
      for (let j = 0; j < n; j++) {
        const k = done + j;
        const c = rand() < 0.7 ? pick(direct) : pick(groups);
        c.seq += 1;
        params.push(c.id, c.seq, pick(c.members), `b${k}`, 'text', sentence(), T0 + k * 10);
        rows.push('(?, ?, ?, ?, ?, ?, ?)');
      }
      batch.push({
        sql: `INSERT INTO messages (conversationId, seq, senderId, clientMsgId, kind, text, sentAt) VALUES ${rows.join(', ')}`,
        params,
      });
      done += n;
    }
    await p.$transaction(
      async (tx) => {
        for (const b of batch) await tx.$executeRawUnsafe(b.sql, ...b.params);
      },
      { timeout: 300_000, maxWait: 60_000 },
    );
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      console.log(`  … ${done.toLocaleString()} messages`);
    }
  }
  for (const c of all)
    if (c.seq > 0)
      await p.$executeRawUnsafe('UPDATE conversations SET lastSeq = ? WHERE id = ?', c.seq, c.id);
  const s = (performance.now() - started) / 1000;
  console.log(
    `  built ${TOTAL.toLocaleString()} messages in ${s.toFixed(0)} s (${Math.round(TOTAL / s)} rows/s)`,
  );
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};

const QUERIES = [
  { label: 'common word', query: WORDS[13]! },
  { label: 'common 2 letters', query: WORDS[0]! },
  { label: 'rare word (0.01 %)', query: 'quokka' },
  { label: 'Chinese, 2 chars (1 %)', query: '北京' },
  { label: 'Chinese, 4 chars (0.1 %)', query: '天气很好' },
  { label: 'no match', query: 'xyzzyplugh' },
];
const SEARCHERS = [
  { label: 'typical', uid: TYPICAL },
  { label: 'heavy (100 groups)', uid: HEAVY },
  { label: 'extreme (500 groups)', uid: EXTREME },
];

async function measure(db: Db, name: string): Promise<void> {
  // The indexer thread the ChatServer runs (SQLite only): time how long it takes to index the
  // corpus, then search with it.
  const index = acquireSearchIndex(db, createLogger('warn'));
  if (index) {
    const t = performance.now();
    await index.catchUp();
    const s = (performance.now() - t) / 1000;
    console.log(
      `  indexed ${TOTAL.toLocaleString()} messages in ${s.toFixed(0)} s (${Math.round(TOTAL / s)} rows/s, on the indexer thread)`,
    );
  }
  const search = createSearchData(db, index);
  const reachOf = async (uid: number) => {
    const ms = await db.prisma.member.findMany({
      where: { userId: uid },
      select: { conversationId: true },
    });
    const cs = await db.prisma.conversation.findMany({
      where: { id: { in: ms.map((m) => m.conversationId) } },
      select: { lastSeq: true },
    });
    return cs.reduce((n, c) => n + c.lastSeq, 0);
  };
  console.log(
    `\n${name}: search across all of one user's conversations, ${RUNS} runs each, limit 20 (ms)`,
  );
  console.log('| searcher | readable msgs | query | path | hits | p50 | p95 | max |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const s of SEARCHERS) {
    const reach = await reachOf(s.uid);
    for (const q of QUERIES) {
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const r = await search.search(s.uid, { query: q.query, limit: 20 });
        times.push(performance.now() - t);
        hits = r.hits.length;
      }
      const usesIndex = db.dialect === 'sqlite' && reach > SCAN_REACH ? indexFor(q.query) : null;
      console.log(
        `| ${s.label} | ${reach.toLocaleString()} | ${q.label} | ${usesIndex ? (usesIndex.table === 'messages_fts' ? 'trigrams' : 'grams') : 'scan'} | ${hits} | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} | ${Math.max(...times).toFixed(1)} |`,
      );
    }
  }
  await index?.release();
}

/** MariaDB's FULLTEXT beside the scan: how fast, and whether it finds the Chinese substrings. */
async function fulltext(db: Db): Promise<void> {
  const p = db.prisma;
  const t = performance.now();
  await p.$executeRawUnsafe('ALTER TABLE messages ADD FULLTEXT INDEX messages_text_ft (text)');
  console.log(
    `\nMariaDB FULLTEXT (InnoDB, built in ${((performance.now() - t) / 1000).toFixed(0)} s), whole corpus, BOOLEAN MODE phrase:`,
  );
  console.log('| query | FULLTEXT hits | LIKE hits | FULLTEXT p50 ms |');
  console.log('|---|---|---|---|');
  for (const q of QUERIES) {
    const times: number[] = [];
    let ft = 0;
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      const r = await p.$queryRawUnsafe<{ n: bigint }[]>(
        'SELECT COUNT(*) AS n FROM messages WHERE MATCH(text) AGAINST (? IN BOOLEAN MODE)',
        `"${q.query}"`,
      );
      times.push(performance.now() - s);
      ft = Number(r[0]?.n ?? 0);
    }
    const like = await p.$queryRawUnsafe<{ n: bigint }[]>(
      'SELECT COUNT(*) AS n FROM messages WHERE text LIKE ?',
      `%${q.query}%`,
    );
    console.log(
      `| ${q.label} | ${ft} | ${Number(like[0]?.n ?? 0)} | ${pct(times, 0.5).toFixed(1)} |`,
    );
  }
  await p.$executeRawUnsafe('ALTER TABLE messages DROP INDEX messages_text_ft');
}

const dialects = values.dialect === 'both' ? ['sqlite', 'mysql'] : [values.dialect];
for (const dialect of dialects) {
  let url: string;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-search-bench-'));
    url = `file:${path.join(dir, 'p.db')}`;
    if (!values.keep)
      cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
  } else {
    const name = `parley_bench_search_${process.pid}`;
    url = `${values.mysql}/${name}`;
    if (!values.keep)
      cleanup = async () => {
        const admin = await openDb(`${values.mysql}/${name}`);
        await admin.prisma.$executeRawUnsafe(`DROP DATABASE \`${name}\``);
        await admin.close();
      };
  }
  console.log(`\n== ${dialect}: ${url}`);
  const db = await openDb(url);
  try {
    await build(db);
    await measure(db, dialect === 'sqlite' ? 'SQLite (embedded mode)' : 'MariaDB (cluster mode)');
    if (dialect === 'mysql') await fulltext(db);
  } finally {
    await db.close();
    await cleanup();
  }
}
