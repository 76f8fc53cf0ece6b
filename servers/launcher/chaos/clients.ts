// The chaos checker's clients: real users (rows in the run's database, tokens from StatusServer),
// each on a ChatLink — the project's client core, which reconnects through POST /auth/assign —
// chatting in direct and group conversations. Every acknowledged send and every push is recorded
// for the audit (audit.ts); a send whose answer does not come is sent again with the same
// clientMsgId (PROTOCOL.md §5: idempotent) until it is acknowledged.
import { randomBytes } from 'node:crypto';
import { MsgType } from '@parley/proto';
import { ChatLink } from '@parley/chat';
import { openDb } from '@parley/db';
import { connectStatus } from '@parley/status';
import type { AckedSend, Push, RunRecord, StoredMessage } from './audit';

/** Each client sends one message every this long (one in flight at a time). */
const SEND_EVERY_MS = 250; // 4/s per client
const RESEND_AFTER_MS = 100;
const REQUEST_TIMEOUT_MS = 5_000;
/** A send not acknowledged after this long is given up on (reported, not audited as lost). */
const GIVE_UP_MS = 90_000;
const ACK_EVERY_MS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Client {
  uid: string;
  link: ChatLink;
  conversations: string[];
  /** conversationId → seqs this client was pushed or sent itself. */
  have: Map<string, Set<number>>;
  acked: Map<string, number>;
  logins: number;
}

export interface Stats {
  resends: number;
  /** Answers other than 0, by error code (retryable ones are sent again). */
  errors: Record<string, number>;
  /** Sends never acknowledged (given up after GIVE_UP_MS). */
  unsettled: number;
  /** Logins after the first, over all clients. */
  relogins: number;
  /** Conversations whose members were on more than one ChatServer at the start. */
  crossServer: number;
  /** Acknowledgement → push at a receiver, ms: median, 99th percentile, most; and how many
   *  pushes came more than 2 s after their acknowledgement (a partition delays them). */
  pushDelay: { p50: number; p99: number; max: number; over2s: number };
}

export interface Crowd {
  clients: Client[];
  conversations: { conversationId: string; members: string[] }[];
  /** Run the senders and ackers until `stop` resolves; then let every open send settle. */
  run(stop: Promise<void>): Promise<void>;
  /** Wait (at most ms) until every member was pushed every stored message; then the record. */
  settle(ms: number): Promise<RunRecord>;
  stats: Stats;
  close(): Promise<void>;
}

function delays(acked: AckedSend[], pushes: Push[]): Stats['pushDelay'] {
  const ackedAt = new Map(acked.map((a) => [`${a.conversationId}/${a.seq}`, a.at ?? 0]));
  const d: number[] = [];
  for (const p of pushes) {
    const at = ackedAt.get(`${p.conversationId}/${p.seq}`);
    // A push may beat its own acknowledgement to the client: that is a delay of 0.
    if (at !== undefined && p.at !== undefined) d.push(Math.max(0, p.at - at));
  }
  d.sort((x, y) => x - y);
  const q = (f: number) => d[Math.min(d.length - 1, Math.floor(f * d.length))] ?? 0;
  return {
    p50: q(0.5),
    p99: q(0.99),
    max: d.at(-1) ?? 0,
    over2s: d.filter((x) => x > 2_000).length,
  };
}

function ok(r: { body: Record<string, unknown> }, what: string): Record<string, unknown> {
  if (r.body['error'] !== 0) throw new Error(`${what}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** `count` users; pairs (0,1), (2,3), … are friends with a direct conversation, and each four
 *  (0–3, 4–7, …) a group, so every client sends to one direct and one group conversation. */
export async function startCrowd(opts: {
  gate: string;
  statusAddr: string;
  dbUrl: string;
  count: number;
}): Promise<Crowd> {
  const db = await openDb(opts.dbUrl);
  const status = connectStatus(opts.statusAddr);
  const pushes: Push[] = [];
  const acked: AckedSend[] = [];
  const stats: Stats = {
    resends: 0,
    errors: {},
    unsettled: 0,
    relogins: 0,
    crossServer: 0,
    pushDelay: { p50: 0, p99: 0, max: 0, over2s: 0 },
  };
  const clients: Client[] = [];
  try {
    for (let i = 0; i < opts.count; i++) {
      const username = `chaos${i}_${randomBytes(3).toString('hex')}`;
      const u = await db.prisma.user.create({
        data: {
          username,
          email: `${username}@example.com`,
          passwordHash: 'unused',
          nick: username,
        },
      });
      const uid = String(u.id);
      const { token } = await status.issueToken(uid);
      const c: Client = {
        uid,
        conversations: [],
        have: new Map(),
        acked: new Map(),
        logins: 0,
        link: new ChatLink({
          gate: opts.gate,
          uid,
          token,
          onEvent: (e) => {
            if (e.kind !== 'online') return;
            if (c.logins++ > 0) stats.relogins++;
          },
          onPush: (r, conn) => {
            if (r.type !== MsgType.MSG_NOTIFY) return;
            const m = r.body['message'] as { conversationId: string; seq: number };
            pushes.push({
              uid,
              conversationId: m.conversationId,
              seq: m.seq,
              conn,
              at: Date.now(),
            });
            c.have.get(m.conversationId)?.add(m.seq);
          },
        }),
      };
      clients.push(c);
    }
  } finally {
    status.close();
    await db.close();
  }
  await Promise.all(clients.map((c) => c.link.start()));

  const conversations: Crowd['conversations'] = [];
  const join = (conversationId: string, members: Client[]) => {
    conversations.push({ conversationId, members: members.map((m) => m.uid) });
    if (new Set(members.map((m) => m.link.server)).size > 1) stats.crossServer++;
    for (const m of members) {
      m.conversations.push(conversationId);
      m.have.set(conversationId, new Set());
    }
  };
  const befriend = async (a: Client, b: Client) => {
    const add = ok(await a.link.request(MsgType.FRIEND_ADD, { toUid: b.uid }), 'FRIEND_ADD');
    const rep = ok(
      await b.link.request(MsgType.FRIEND_REPLY, { requestId: add['requestId'], accept: true }),
      'FRIEND_REPLY',
    );
    return rep['conversationId'] as string;
  };
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const a = clients[i]!;
    const b = clients[i + 1]!;
    join(await befriend(a, b), [a, b]);
  }
  for (let g = 0; g + 3 < clients.length; g += 4) {
    const [owner, ...rest] = clients.slice(g, g + 4) as [Client, Client, Client, Client];
    for (const m of rest.slice(1)) await befriend(owner, m);
    const r = ok(
      await owner.link.request(MsgType.GROUP_CREATE, {
        name: `chaos ${g / 4}`,
        memberUids: rest.map((m) => m.uid),
      }),
      'GROUP_CREATE',
    );
    join((r['group'] as { conversationId: string }).conversationId, [owner, ...rest]);
  }

  async function sendOne(c: Client, conversationId: string, n: number): Promise<void> {
    const clientMsgId = `${c.uid}-${n}-${conversationId}`;
    const giveUp = Date.now() + GIVE_UP_MS;
    for (let attempt = 0; Date.now() < giveUp; attempt++) {
      if (attempt > 0) {
        stats.resends++;
        await sleep(RESEND_AFTER_MS);
      }
      try {
        const r = await c.link.request(
          MsgType.SEND_MSG,
          { conversationId, clientMsgId, kind: 'text', text: `#${n}` },
          REQUEST_TIMEOUT_MS,
        );
        const error = String(r.body['error']);
        if (error === '0') {
          const seq = (r.body['message'] as { seq: number }).seq;
          acked.push({ conversationId, from: c.uid, clientMsgId, n, seq, at: Date.now() });
          c.have.get(conversationId)?.add(seq);
          return;
        }
        stats.errors[error] = (stats.errors[error] ?? 0) + 1;
      } catch {
        // lost with its connection, or no connection yet: the same clientMsgId again
      }
    }
    stats.unsettled++;
  }

  /** ACK the longest prefix the client has whole: ACK means "everything up to seq" (§5). */
  async function ackAll(c: Client): Promise<void> {
    for (const conv of c.conversations) {
      const have = c.have.get(conv)!;
      let top = c.acked.get(conv) ?? 0;
      while (have.has(top + 1)) top++;
      if (top > (c.acked.get(conv) ?? 0))
        await c.link
          .request(MsgType.ACK, { conversationId: conv, seq: top }, 2_000)
          .then(() => c.acked.set(conv, top))
          .catch(() => undefined);
    }
  }

  async function history(c: Client, conversationId: string): Promise<StoredMessage[]> {
    const out: StoredMessage[] = [];
    for (let after = 0; ;) {
      const r = await c.link.request(
        MsgType.HISTORY,
        { conversationId, afterSeq: after, limit: 100 },
        10_000,
      );
      const msgs = ok(r, 'HISTORY')['messages'] as StoredMessage[];
      out.push(...msgs.map(({ seq, from, clientMsgId }) => ({ seq, from, clientMsgId })));
      if (!r.body['hasMore'] || msgs.length === 0) return out;
      after = msgs[msgs.length - 1]!.seq;
    }
  }

  return {
    clients,
    conversations,
    stats,
    async run(stop) {
      let running = true;
      void stop.then(() => (running = false));
      const senders = clients.map(async (c) => {
        const sent = new Map<string, number>();
        for (let k = 0; running; k++) {
          const conv = c.conversations[k % c.conversations.length]!;
          const n = (sent.get(conv) ?? 0) + 1;
          sent.set(conv, n);
          await sendOne(c, conv, n);
          await sleep(SEND_EVERY_MS);
        }
      });
      const ackers = clients.map(async (c) => {
        while (running) {
          await sleep(ACK_EVERY_MS);
          await ackAll(c);
        }
      });
      await Promise.all([...senders, ...ackers]);
    },
    async settle(ms) {
      const history_: Record<string, StoredMessage[]> = {};
      const byUid = new Map(clients.map((c) => [c.uid, c]));
      for (const conv of conversations) {
        const reader = byUid.get(conv.members[0]!)!;
        history_[conv.conversationId] = await history(reader, conv.conversationId);
      }
      const missing = () =>
        conversations.some(({ conversationId, members }) =>
          members.some((uid) => {
            const have = byUid.get(uid)!.have.get(conversationId)!;
            return history_[conversationId]!.some((m) => !have.has(m.seq));
          }),
        );
      const deadline = Date.now() + ms;
      while (missing() && Date.now() < deadline) await sleep(100);
      stats.pushDelay = delays(acked, pushes);
      return { conversations, acked, history: history_, pushes };
    },
    async close() {
      await Promise.all(clients.map((c) => c.link.close()));
    },
  };
}
