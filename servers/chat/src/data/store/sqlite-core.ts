// The SQLite hot path as plain prepared statements on one long-lived connection (issue 3).
// Everything here is synchronous: it runs inside the store's worker thread (sqlite-worker.ts), so
// the ChatServer's event loop never waits on SQLite or its fsync. Measured on this machine
// (bench/README.md): Prisma spent ~400 µs of CPU per stored message, these statements ~25 µs.
import Database from 'libsql';
import { ErrorCode } from '@parley/proto';
import type { MediaRow } from '../media';
import type { FreshRow, Synchronous, WorkerBatch } from './sqlite-protocol';
import {
  sendKey,
  type CursorMove,
  type LoginView,
  type MembershipRow,
  type SendInput,
  type StoredMessage,
  type StoreFailure,
} from './types';

/** How long a statement waits for another connection's write lock (Prisma's, in the main thread). */
const BUSY_TIMEOUT_MS = 10_000;

export interface SqliteCore {
  storeMessages(inputs: SendInput[]): WorkerBatch;
  moveCursors(moves: CursorMove[]): void;
  /** The connection's `synchronous` level now (0 OFF, 1 NORMAL, 2 FULL): tests. */
  syncLevel(): number;
  loginView(userId: number): LoginView;
  memberships(userId: number): MembershipRow[];
  close(): void;
}

/** A stored message's columns, in this order. */
const COLUMNS = [
  'conversationId',
  'seq',
  'senderId',
  'clientMsgId',
  'kind',
  'text',
  'mediaId',
  'sentAt',
  'replyToSeq',
] as const;
type RawRow = [
  string,
  number,
  number,
  string,
  string,
  string | null,
  string | null,
  number,
  number | null,
];

const fromRaw = (r: RawRow): StoredMessage => ({
  conversationId: r[0],
  seq: r[1],
  senderId: r[2],
  clientMsgId: r[3],
  kind: r[4],
  text: r[5],
  mediaId: r[6],
  sentAt: r[7],
  replyToSeq: r[8],
  duplicate: true,
});

/** How often the checkpointer copies the WAL into the database file. Other connections (Prisma's,
 *  with SQLite's default threshold) then find little left to copy when they commit. */
export const CHECKPOINT_EVERY_MS = 1_000;

/** What SQLite leaves of the WAL file after it restarts the log (`journal_size_limit`). */
export const WAL_KEEP_BYTES = 64 * 1024 * 1024; // 64 MiB
/** WAL content past which the checkpointer truncates the log. Under steady writes a PASSIVE
 *  checkpoint never catches up with the last commit, so SQLite never restarts the log and the
 *  file only grows: a checkout used for a day of runs had a 1.3 GB WAL beside a 660 MB database
 *  (issue 9). A TRUNCATE holds commits up while it copies what the PASSIVE just before it left
 *  over, so it runs only this rarely. */
export const WAL_TRUNCATE_BYTES = 128 * 1024 * 1024; // 128 MiB

/** Rows per multi-row INSERT: fewer statement runs, well under SQLite's 32,766 parameters. */
const INSERT_CHUNK = 32;

const insertSql = (rows: number): string =>
  `INSERT INTO messages (${COLUMNS.join(', ')}) VALUES ` +
  Array.from({ length: rows }, () => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');

/**
 * `synchronous`: FULL syncs the WAL on every commit (durable against power loss); NORMAL, WAL's
 * usual setting, is durable against a crash of the process and syncs at checkpoints only.
 */
export function openSqliteCore(file: string, synchronous: Synchronous = 'FULL'): SqliteCore {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`synchronous = ${synchronous}`);
  // 64 MiB of page cache: a batch touches pages all over the messages indexes.
  db.pragma('cache_size = -65536');
  // This connection never checkpoints: at SQLite's default (after every 1,000 WAL pages) a
  // checkpoint ran every few batches and halved throughput (npm run bench:store), and on a timer
  // here each one held up every commit behind it (p99 +20 ms at 2,000 msgs/s). A checkpointer
  // on its own connection and thread does it (openCheckpointer); WAL lets it run beside writes.
  db.pragma('wal_autocheckpoint = 0');
  // The writer is the connection that restarts the log once a checkpoint has caught up; this
  // makes it cut the file back to WAL_KEEP_BYTES when it does.
  db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);

  // Lookups return arrays (raw): no object per row on the common path, a miss.
  const findSent = db
    .prepare<[number, string]>(
      `SELECT ${COLUMNS.join(', ')} FROM messages WHERE senderId = ? AND clientMsgId = ?`,
    )
    .raw(true);
  const allocate = db
    .prepare<[number, string]>(
      'UPDATE conversations SET lastSeq = lastSeq + ? WHERE id = ? RETURNING lastSeq',
    )
    .raw(true);
  const insertOne = db.prepare(insertSql(1));
  const insertChunk = db.prepare(insertSql(INSERT_CHUNK));
  const moveRead = db.prepare<[number, string, number]>(
    'UPDATE members SET readSeq = MAX(readSeq, ?) WHERE conversationId = ? AND userId = ?',
  );
  const moveBoth = db.prepare<[number, number, string, number]>(
    'UPDATE members SET ackSeq = MAX(ackSeq, ?), readSeq = MAX(readSeq, ?) WHERE conversationId = ? AND userId = ?',
  );
  const findMedia = db.prepare<[string]>(
    'SELECT id, uploaderId, name, mime, size FROM media WHERE id = ?',
  );

  const storeBody = (inputs: SendInput[]): WorkerBatch => {
    const n = inputs.length;
    const rows = new Array<FreshRow | StoredMessage | StoreFailure>(n);
    const now = Date.now();
    // 1. Idempotency (§5): a (sender, clientMsgId) stored before is answered as stored; the same
    //    request twice in one batch is a resend of the first.
    const firstOf = new Map<string, number>();
    const fresh: number[] = [];
    const mediaIds = new Set<string>();
    for (let i = 0; i < n; i++) {
      const inp = inputs[i]!;
      const k = sendKey(inp.senderId, inp.clientMsgId);
      if (firstOf.has(k)) continue; // filled in at the end
      firstOf.set(k, i);
      const old = findSent.get(inp.senderId, inp.clientMsgId) as RawRow | undefined;
      if (old) {
        rows[i] = fromRaw(old);
        if (old[6] !== null) mediaIds.add(old[6]);
      } else fresh.push(i);
    }
    // 2. Seqs: one UPDATE … RETURNING per conversation in the batch; its messages take the
    //    contiguous run below the new lastSeq, in arrival order.
    const count = new Map<string, number>();
    for (const i of fresh) {
      const c = inputs[i]!.conversationId;
      count.set(c, (count.get(c) ?? 0) + 1);
    }
    const next = new Map<string, number>();
    for (const [c, k] of count) {
      const r = allocate.get(k, c) as [number] | undefined;
      if (r) next.set(c, r[0] - k + 1);
    }
    // 3. Insert, INSERT_CHUNK rows per statement.
    const params: unknown[] = [];
    let inChunk = 0;
    // Sending marks the conversation read up to the sender's own message (as replying does in any
    // messenger). The ACK cursor is NOT moved: others' messages committed just before may not
    // have reached the sender yet, and only its ACK can say they did (§5).
    const readTo = new Map<string, { conversationId: string; userId: number; seq: number }>();
    for (const i of fresh) {
      const inp = inputs[i]!;
      const seq = next.get(inp.conversationId);
      if (seq === undefined) {
        rows[i] = { error: ErrorCode.NOT_FOUND, message: 'no such conversation' };
        continue;
      }
      next.set(inp.conversationId, seq + 1);
      params.push(
        inp.conversationId,
        seq,
        inp.senderId,
        inp.clientMsgId,
        inp.kind,
        inp.text,
        inp.mediaId,
        now,
        inp.replyToSeq,
      );
      if (++inChunk === INSERT_CHUNK) {
        insertChunk.run(params);
        params.length = 0;
        inChunk = 0;
      }
      rows[i] = { seq, sentAt: now };
      if (inp.mediaId !== null) mediaIds.add(inp.mediaId);
      readTo.set(`${inp.conversationId}\u0000${inp.senderId}`, {
        conversationId: inp.conversationId,
        userId: inp.senderId,
        seq,
      });
    }
    for (let at = 0; at < params.length; at += COLUMNS.length)
      insertOne.run(params.slice(at, at + COLUMNS.length));
    for (const c of readTo.values()) moveRead.run(c.seq, c.conversationId, c.userId);
    // Repeats inside the batch get the first one's outcome, whole and marked duplicate (the
    // repeat's own input may differ from what was stored).
    for (let i = 0; i < n; i++) {
      if (rows[i]) continue;
      const at = firstOf.get(sendKey(inputs[i]!.senderId, inputs[i]!.clientMsgId))!;
      const first = rows[at]!;
      rows[i] =
        'error' in first
          ? first
          : 'conversationId' in first
            ? { ...first, duplicate: true }
            : { ...inputs[at]!, ...first, duplicate: true };
    }
    const media: MediaRow[] = [];
    for (const id of mediaIds) {
      const m = findMedia.get(id) as MediaRow | undefined;
      if (m) media.push(m);
    }
    return { rows, media };
  };
  // BEGIN/COMMIT by hand rather than db.transaction(), so the COMMIT — where synchronous FULL
  // fsyncs the WAL — is timed alone (issue 11 item 8's fsync figure).
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const rollback = db.prepare('ROLLBACK');
  const storeTx = (inputs: SendInput[]): WorkerBatch => {
    begin.run();
    try {
      const batch = storeBody(inputs);
      const t = performance.now();
      commit.run();
      return { ...batch, commitSeconds: (performance.now() - t) / 1000 };
    } catch (err) {
      if (db.inTransaction) rollback.run();
      throw err;
    }
  };

  // Raw rows throughout: libsql's get() adds a `_metadata` member to object rows.
  const card = db
    .prepare<[number]>('SELECT id, username, nick, avatar, bio FROM users WHERE id = ?')
    .raw(true);
  const memberships = db
    .prepare<[number]>(
      'SELECT m.conversationId, m.ackSeq, m.readSeq, c.lastSeq, c.kind FROM members m ' +
        'JOIN conversations c ON c.id = m.conversationId WHERE m.userId = ? ORDER BY m.conversationId',
    )
    .raw(true);
  const friendIds = db
    .prepare<[number]>('SELECT friendId FROM friendships WHERE userId = ?')
    .raw(true);
  // One read transaction, so both answers are one snapshot.
  const loginTx = db.transaction((userId: number): LoginView => {
    const u = card.get(userId) as [number, string, string, string, string] | undefined;
    return {
      card: u ? { id: u[0], username: u[1], nick: u[2], avatar: u[3], bio: u[4] } : null,
      friendIds: (friendIds.all(userId) as [number][]).map((r) => r[0]),
    };
  });
  const membershipsOf = (userId: number): MembershipRow[] =>
    (memberships.all(userId) as [string, number, number, number, string][]).map((r) => ({
      conversationId: r[0],
      ackSeq: r[1],
      readSeq: r[2],
      lastSeq: r[3],
      kind: r[4],
    }));

  const relaxed = db.prepare('PRAGMA synchronous = NORMAL');
  const strict = db.prepare('PRAGMA synchronous = FULL');
  const level = db.prepare('PRAGMA synchronous').raw(true);
  const cursorTx = db.transaction((moves: CursorMove[]) => {
    for (const m of moves) moveBoth.run(m.ack, m.read, m.conversationId, m.userId);
  });

  return {
    storeMessages: (inputs) => storeTx(inputs),
    moveCursors(moves) {
      // A cursor commit does not wait for its own fsync: the next message commit's fsync covers
      // its WAL frames too, and a cursor lost to a power cut only means a few messages are pushed
      // again (cursor-writer.ts). Message commits keep `synchronous` (FULL: stored before
      // `error: 0` survives power loss), and no longer queue behind 50 cursor fsyncs a second.
      if (synchronous === 'FULL') relaxed.run();
      try {
        cursorTx.immediate(moves);
      } finally {
        if (synchronous === 'FULL') strict.run();
      }
    },
    syncLevel: () => (level.get() as [number])[0],
    loginView: (userId) => loginTx.deferred(userId),
    memberships: membershipsOf,
    close: () => db.close(),
  };
}

/** What one checkpoint did: WAL pages before it, and whether it truncated the WAL. */
export interface CheckpointResult {
  walPages: number;
  truncated: boolean;
}

/**
 * Checkpoints `file` every CHECKPOINT_EVERY_MS on a connection of its own. PASSIVE copies what it
 * can without waiting for readers or the writer, so the store's commits go on meanwhile; when the
 * WAL holds more than `truncateBytes`, a TRUNCATE follows at once and empties it (see
 * WAL_TRUNCATE_BYTES). `checkpoint()` runs one now (tests).
 */
export function openCheckpointer(
  file: string,
  opts: { truncateBytes?: number; everyMs?: number } = {},
): { checkpoint(): CheckpointResult; close(): void } {
  const truncateBytes = opts.truncateBytes ?? WAL_TRUNCATE_BYTES;
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
  // (libsql's `simple` option answers an object here, not the value.)
  const [size] = db.pragma('page_size') as { page_size: number }[];
  const pageSize = size?.page_size ?? 4096;
  const checkpoint = (): CheckpointResult => {
    // One row: [busy, pages in the WAL, pages copied into the database].
    const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    const walPages = row?.log ?? 0;
    if (walPages * pageSize <= truncateBytes) return { walPages, truncated: false };
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { walPages, truncated: true };
  };
  const timer = setInterval(() => {
    try {
      checkpoint();
    } catch {
      // Busy or locked this time: the next tick tries again.
    }
  }, opts.everyMs ?? CHECKPOINT_EVERY_MS);
  return {
    checkpoint,
    close() {
      clearInterval(timer);
      db.close();
    },
  };
}
