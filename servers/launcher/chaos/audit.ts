// The chaos checker's audit (issue 11 item 7): what the clients recorded during a run against what
// the servers stored, counted as lost, duplicated, reordered and gaps — once for every
// conversation's HISTORY and once for what each receiver was pushed. A pure function over a plain
// record, so a doctored record can show that it catches each kind (test/chaos-audit.test.ts).

/** One SEND_MSG the server acknowledged with `error: 0` (PROTOCOL.md §5: stored before that). */
export interface AckedSend {
  conversationId: string;
  from: string;
  clientMsgId: string;
  /** The sender's own count in this conversation: its sends go one at a time, in this order. */
  n: number;
  /** The seq the acknowledgement carried. */
  seq: number;
  /** When the acknowledgement came (ms since the epoch), for the delay figures. */
  at?: number;
}

/** A message as HISTORY returned it. */
export interface StoredMessage {
  seq: number;
  from: string;
  clientMsgId: string;
}

/** One MSG_NOTIFY a member was pushed, in arrival order; `conn` numbers the member's connections. */
export interface Push {
  uid: string;
  conversationId: string;
  seq: number;
  conn: number;
  /** When it arrived (ms since the epoch). */
  at?: number;
}

export interface RunRecord {
  conversations: { conversationId: string; members: string[] }[];
  acked: AckedSend[];
  /** conversationId → its whole HISTORY, ascending. */
  history: Record<string, StoredMessage[]>;
  pushes: Push[];
}

export interface Counts {
  lost: number;
  duplicated: number;
  reordered: number;
  gaps: number;
}

export interface Audit {
  history: Counts;
  live: Counts;
  /** Messages stored, acknowledged sends, pushes seen. */
  stored: number;
  acked: number;
  pushes: number;
  /** The first few findings in words, for the report. */
  findings: string[];
}

const zero = (): Counts => ({ lost: 0, duplicated: 0, reordered: 0, gaps: 0 });
const MAX_FINDINGS = 20;

export function audit(r: RunRecord): Audit {
  const history = zero();
  const live = zero();
  const findings: string[] = [];
  const note = (s: string) => {
    if (findings.length < MAX_FINDINGS) findings.push(s);
  };
  let stored = 0;

  // HISTORY: seqs 1..n without a hole; each (sender, clientMsgId) once (§5 idempotent sends);
  // every acknowledged send at the seq it was acknowledged with; a sender's sends in its order.
  for (const { conversationId: conv } of r.conversations) {
    const msgs = r.history[conv] ?? [];
    stored += msgs.length;
    const seqs = new Set(msgs.map((m) => m.seq));
    const top = Math.max(0, ...seqs);
    for (let s = 1; s <= top; s++)
      if (!seqs.has(s)) {
        history.gaps++;
        note(`history ${conv}: no seq ${s}`);
      }
    const byId = new Map<string, StoredMessage[]>();
    for (const m of msgs) {
      const key = `${m.from}\u0000${m.clientMsgId}`;
      const list = byId.get(key) ?? [];
      list.push(m);
      byId.set(key, list);
    }
    for (const [key, list] of byId)
      if (list.length > 1) {
        history.duplicated += list.length - 1;
        note(`history ${conv}: ${key.split('\u0000')[1]} stored ${list.length} times`);
      }
    const mine = r.acked.filter((a) => a.conversationId === conv);
    const bySender = new Map<string, AckedSend[]>();
    for (const a of mine) {
      const found = byId.get(`${a.from}\u0000${a.clientMsgId}`);
      if (!found?.some((m) => m.seq === a.seq)) {
        history.lost++;
        note(`history ${conv}: ${a.clientMsgId} acknowledged at seq ${a.seq}, not stored there`);
      }
      const list = bySender.get(a.from) ?? [];
      list.push(a);
      bySender.set(a.from, list);
    }
    for (const list of bySender.values()) {
      list.sort((x, y) => x.n - y.n);
      for (let i = 1; i < list.length; i++)
        if (list[i]!.seq <= list[i - 1]!.seq) {
          history.reordered++;
          note(
            `history ${conv}: ${list[i]!.clientMsgId} stored before ${list[i - 1]!.clientMsgId}`,
          );
        }
    }
  }

  // Live: per member and conversation. On one connection the pushes must ascend, each seq once
  // (§5; across connections a repeat is allowed, clients drop a seq they have). A push that skips
  // a seq the member has not had is a gap; a first arrival below one already had is reordered;
  // a stored message of someone else the member never got is lost.
  const pushesOf = new Map<string, Push[]>();
  for (const p of r.pushes) {
    const key = `${p.uid}\u0000${p.conversationId}`;
    const list = pushesOf.get(key) ?? [];
    list.push(p);
    pushesOf.set(key, list);
  }
  for (const { conversationId: conv, members } of r.conversations) {
    const msgs = r.history[conv] ?? [];
    const fromOf = new Map(msgs.map((m) => [m.seq, m.from]));
    for (const uid of members) {
      const list = pushesOf.get(`${uid}\u0000${conv}`) ?? [];
      const had = new Set<number>();
      for (const m of msgs) if (m.from === uid) had.add(m.seq); // its own: never pushed to it
      const lastOn = new Map<number, number>(); // conn → last seq pushed on it
      let highest = 0;
      for (const p of list) {
        const last = lastOn.get(p.conn);
        if (last !== undefined && p.seq === last) {
          live.duplicated++;
          note(`live ${uid} ${conv}: seq ${p.seq} pushed twice on connection ${p.conn}`);
          continue;
        }
        if (last !== undefined && p.seq < last) {
          live.reordered++;
          note(`live ${uid} ${conv}: seq ${p.seq} after ${last} on connection ${p.conn}`);
        } else if (!had.has(p.seq) && p.seq < highest) {
          live.reordered++;
          note(`live ${uid} ${conv}: seq ${p.seq} arrived after ${highest}`);
        }
        if (last !== undefined)
          for (let s = last + 1; s < p.seq; s++)
            if (!had.has(s) && fromOf.has(s)) {
              live.gaps++;
              note(`live ${uid} ${conv}: connection ${p.conn} skipped seq ${s}`);
            }
        lastOn.set(p.conn, p.seq);
        had.add(p.seq);
        highest = Math.max(highest, p.seq);
      }
      for (const m of msgs)
        if (!had.has(m.seq)) {
          live.lost++;
          note(`live ${uid} ${conv}: never got seq ${m.seq}`);
        }
    }
  }
  return { history, live, stored, acked: r.acked.length, pushes: r.pushes.length, findings };
}

export const clean = (a: Audit): boolean =>
  Object.values(a.history).every((v) => v === 0) && Object.values(a.live).every((v) => v === 0);

/** The audit as a table (one row per kind, a column for HISTORY and one for live pushes). */
export function auditTable(a: Audit): string {
  const rows: [string, string, string][] = [['', 'history', 'live']];
  for (const k of ['lost', 'duplicated', 'reordered', 'gaps'] as const)
    rows.push([k, String(a.history[k]), String(a.live[k])]);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i as 0 | 1 | 2].length)));
  const line = (r: [string, string, string]) =>
    `| ${r[0].padEnd(w[0]!)} | ${r[1].padStart(w[1]!)} | ${r[2].padStart(w[2]!)} |`;
  return [
    line(rows[0]!),
    `|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 1)}:|${'-'.repeat(w[2]! + 1)}:|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}
