// The search indexer's SQL (PROTOCOL.md §9.3; migration 0006): copies what is searchable in
// messages — the text, and a file's name — into the FTS5 trigram index `messages_fts`, and its
// one- and two-character grams into `messages_grams`, in id order, a batch per write
// transaction. It runs on its own thread and connection (worker.ts), so
// the commit path of SEND_MSG never pays for tokenizing: with a trigger in the insert's
// transaction the hot store's CPU per message more than doubled (20 → 45 µs with realistic text,
// npm run bench:store), while here it is spent on the other core, a few hundred ms later.
// Recalls and deletes stay triggers: removing one row is cheap, and must never lag.
import Database from 'libsql';

/** Rows examined per write transaction: short enough that the hot store's writer, which waits
 *  for SQLite's one write lock, waits a few ms at most. */
export const INDEX_BATCH = 2_000;
const BUSY_TIMEOUT_MS = 10_000;

/** A run of letters and digits, in any script. */
const WORD_RUN = /[\p{L}\p{N}]+/gu;

/**
 * The one- and two-character grams of `body`, space-separated, for `messages_grams`: queries of
 * one or two characters, which the trigram index cannot answer, look them up as whole tokens
 * (its unicode61 tokenizer keeps each gram, letters and digits only, as one token and folds
 * its case). Grams never span punctuation or spaces.
 */
export function gramsOf(body: string): string {
  const grams = new Set<string>();
  for (const run of body.toLowerCase().match(WORD_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams].join(' ');
}

export interface IndexerCore {
  /** Indexes up to `max` rows past the high-water mark; true once nothing is left. */
  step(max?: number): boolean;
  close(): void;
}

export function openIndexerCore(file: string): IndexerCore {
  const db = new Database(file);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Committed ids only grow (SQLite has one writer; AUTOINCREMENT), so everything at or below
  // the mark has been looked at. It starts at the newest indexed row; rows between it and rows
  // recalled since are looked at again, and the NOT IN below skips any already indexed (another
  // ChatServer's indexer on the same file does the same work at most once).
  let mark = Number(
    (db.prepare('SELECT coalesce(max(rowid), 0) AS m FROM messages_fts').get() as { m: number }).m,
  );
  const upper = db.prepare<[number, number]>(
    'SELECT max(id) AS m FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT ?)',
  );
  const pending = db.prepare<[number, number, number, number]>(
    `SELECT id, b FROM (
       SELECT m.id, trim(coalesce(md.name, '') || ' ' || coalesce(m.text, '')) AS b
       FROM messages m LEFT JOIN media md ON m.kind = 'file' AND md.id = m.mediaId
       WHERE m.id > ? AND m.id <= ? AND m.kind <> 'recalled'
         AND m.id NOT IN (SELECT rowid FROM messages_fts WHERE rowid > ? AND rowid <= ?)
     ) WHERE b <> ''`,
  );
  const toFts = db.prepare<[number, string]>(
    'INSERT INTO messages_fts (rowid, body) VALUES (?, ?)',
  );
  const toGrams = db.prepare<[number, string]>(
    'INSERT INTO messages_grams (rowid, grams) VALUES (?, ?)',
  );
  // One write transaction: the NOT IN above sees what another indexer committed before it.
  const batch = db.transaction((to: number) => {
    const rows = pending.all(mark, to, mark, to) as { id: number | bigint; b: string }[];
    for (const r of rows) {
      const id = Number(r.id);
      toFts.run(id, r.b);
      const g = gramsOf(r.b);
      if (g !== '') toGrams.run(id, g);
    }
  });

  return {
    step(max = INDEX_BATCH) {
      const row = upper.get(mark, max) as { m: number | null };
      if (row.m === null) return true;
      const to = Number(row.m);
      batch.immediate(to);
      mark = to;
      return false;
    },
    close: () => db.close(),
  };
}
