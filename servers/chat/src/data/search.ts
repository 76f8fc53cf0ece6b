// SEARCH_MSG (PROTOCOL.md §9.3): text messages and file names that contain the query, in the
// conversations the user is a member of now, sent since the user joined, never recalled; newest
// first, `before` (a msgId) pages older hits.
//
// Two paths, both behind `search()` (the seam a dedicated search engine would plug into):
// - index: SQLite's FTS5 trigram index `messages_fts` (migration 0006), filled by an indexer
//   thread off the send path (search-index/) that a search waits to catch up, so what was sent
//   is found. Any substring of three or more characters, any script, case folded. It looks at
//   the newest INDEX_WINDOW matches and keeps the user's; if those are too few (a word common in
//   other people's conversations), it scans the user's conversations below them. Queries of
//   one or two letters or digits (a two-character Chinese word) use a second index of each
//   message's one- and two-character grams, `messages_grams`, the same way.
// - scan: LIKE over the user's own conversations only, through the (conversationId, seq) index.
//   Its cost is the number of messages the user can read, whatever the query; it serves queries
//   the trigram index cannot (one or two characters), users who can read few messages, and
//   MySQL/MariaDB, whose FULLTEXT parsers split on spaces and so cannot find a two-character
//   Chinese substring (bench/search.ts measures both dialects' paths).
import type { Db } from '@parley/db';
import { ErrorCode, ParleyError, type Message } from '@parley/proto';
import { toMessages } from './media';
import { parseMsgId, type MessageRow } from './messages';
import type { SearchIndex } from './search-index';

/** Below this many readable messages, scanning them is cheaper than walking the index's matches
 *  (bench/search.ts: about 2 µs a message, so 10 ms). */
export const SCAN_REACH = 5_000;
/** The trigram tokenizer needs three characters (code points) to use its index. */
const TRIGRAM = 3;
/** How many of the index's newest matches one search looks at before it scans instead: about
 *  10 ms of row lookups here (bench/search.ts). */
export const INDEX_WINDOW = 5_000;
/** Matches looked at per round trip: a dense result needs one. */
const INDEX_STEP = 500;

export interface SearchQuery {
  query: string;
  /** Only this conversation (the caller checked membership). */
  conversationId?: string | undefined;
  limit: number;
  /** A msgId: only hits older than it. */
  before?: string | undefined;
  /** Scan below this many readable messages (default SCAN_REACH). */
  scanReach?: number | undefined;
  /** Matches of the index one search looks at before it scans (default INDEX_WINDOW). */
  indexWindow?: number | undefined;
}

export interface SearchResult {
  hits: { message: Message; conversationId: string }[];
  hasMore: boolean;
}

interface Scope {
  cid: string;
  /** joinedAt in ms: only messages sent since then are the member's to find. */
  since: number;
  lastSeq: number;
}

interface HitRow extends MessageRow {
  id: bigint | number;
}

const COLUMNS =
  'm.id, m.conversationId, m.seq, m.senderId, m.clientMsgId, m.kind, m.text, m.mediaId, m.sentAt, m.replyToSeq';

/** LIKE pattern for a substring, with `!` as the escape character (the same in both dialects). */
export function likePattern(query: string): string {
  return `%${query.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** An FTS5 phrase: the whole query as one substring, quotes doubled. */
export function ftsPhrase(query: string): string {
  return `"${query.replace(/"/g, '""')}"`;
}

interface IndexQuery {
  table: 'messages_fts' | 'messages_grams';
  match: string;
}

/** Letters and digits only, in any script: what `messages_grams` holds grams of. */
const GRAM = /^[\p{L}\p{N}]{1,2}$/u;

/** Which SQLite index answers `query`, if one can: the trigram index for three or more
 *  characters; the gram index (search-index/core.ts) for one or two letters or digits. */
export function indexFor(query: string): IndexQuery | null {
  if ([...query].length >= TRIGRAM) return { table: 'messages_fts', match: ftsPhrase(query) };
  const lower = query.toLowerCase();
  if (GRAM.test(lower) && [...lower].length <= 2)
    return { table: 'messages_grams', match: `"${lower}"` };
  return null;
}

/** `index`: SQLite's indexer (search-index/), which a search on the index waits to catch up. */
export function createSearchData(db: Db, index: SearchIndex | null = null) {
  const p = db.prisma;

  async function scopeOf(uid: number, only?: string): Promise<Scope[]> {
    const rows = await p.member.findMany({
      where: only === undefined ? { userId: uid } : { userId: uid, conversationId: only },
      select: { conversationId: true, joinedAt: true },
    });
    if (rows.length === 0) return [];
    const convs = await p.conversation.findMany({
      where: { id: { in: rows.map((r) => r.conversationId) } },
      select: { id: true, lastSeq: true },
    });
    const last = new Map(convs.map((c) => [c.id, c.lastSeq]));
    return rows.map((r) => ({
      cid: r.conversationId,
      since: r.joinedAt.getTime(),
      lastSeq: last.get(r.conversationId) ?? 0,
    }));
  }

  /** The row id of `before`, which must name a message in one of the user's conversations (any
   *  other id answers NOT_FOUND, so a cursor reveals nothing about other conversations). */
  async function cursorOf(before: string, scope: Scope[]): Promise<number> {
    const at = parseMsgId(before);
    if (at && scope.some((s) => s.cid === at.conversationId)) {
      const row = await p.message.findUnique({
        where: { conversationId_seq: { conversationId: at.conversationId, seq: at.seq } },
        select: { id: true },
      });
      if (row) return Number(row.id);
    }
    throw new ParleyError(ErrorCode.NOT_FOUND, 'no such message to search before');
  }

  /**
   * The user's conversations, joined to `m` (messages), with `m` sent since the join. SQLite:
   * the members row itself, by its primary key (joinedAt is stored as text, ISO or SQL style;
   * unixepoch reads both). MariaDB: a derived table of (conversation, join time in ms) made
   * here — its UNIX_TIMESTAMP would read the DATETIME in the session's time zone — with UNION
   * ALL, since over the binary protocol it reads a string placeholder inside VALUES as '' (10.11).
   */
  function scopeJoin(uid: number, scope: Scope[], params: unknown[]): string {
    if (db.dialect === 'sqlite') {
      params.push(uid);
      return (
        'JOIN members mb ON mb.conversationId = m.conversationId AND mb.userId = ? ' +
        "AND m.sentAt >= CAST(unixepoch(mb.joinedAt, 'subsec') * 1000 AS INTEGER)"
      );
    }
    for (const s of scope) params.push(s.cid, s.since);
    const rows = scope.map((_, i) => (i === 0 ? 'SELECT ? AS cid, ? AS since' : 'SELECT ?, ?'));
    return `JOIN (${rows.join(' UNION ALL ')}) mine ON mine.cid = m.conversationId AND m.sentAt >= mine.since`;
  }

  /** The scan: the user's messages older than `below`, newest first, whose text or file name
   *  contains the query. */
  function scan(
    uid: number,
    scope: Scope[],
    query: string,
    below: number | null,
    take: number,
  ): Promise<HitRow[]> {
    const params: unknown[] = [];
    const pattern = likePattern(db.dialect === 'sqlite' ? query : query.toLowerCase());
    // SQLite's LIKE folds ASCII case itself; MariaDB's columns are utf8mb4_bin, so fold both.
    const like = (col: string) =>
      db.dialect === 'sqlite' ? `${col} LIKE ? ESCAPE '!'` : `LOWER(${col}) LIKE ? ESCAPE '!'`;
    let from: string;
    if (db.dialect === 'sqlite') {
      // Conversations first, then their messages through (conversationId, seq): without
      // statistics SQLite would rather build an automatic index over all of messages per query.
      params.push(uid, ...scope.map((x) => x.cid));
      from =
        'FROM members mb JOIN messages m INDEXED BY messages_conversationId_seq_key ' +
        'ON m.conversationId = mb.conversationId ' +
        "AND m.sentAt >= CAST(unixepoch(mb.joinedAt, 'subsec') * 1000 AS INTEGER) " +
        `WHERE mb.userId = ? AND mb.conversationId IN (${scope.map(() => '?').join(', ')}) AND`;
    } else {
      from = `FROM messages m ${scopeJoin(uid, scope, params)} WHERE`;
    }
    params.push(pattern, pattern);
    if (below !== null) params.push(below);
    params.push(take);
    return p.$queryRawUnsafe<HitRow[]>(
      `SELECT ${COLUMNS} ${from} m.kind <> 'recalled' ` +
        'AND (' +
        like('m.text') +
        ' OR EXISTS (SELECT 1 FROM media md WHERE m.kind = ' +
        "'file' AND md.id = m.mediaId AND " +
        like('md.name') +
        '))' +
        `${below === null ? '' : ' AND m.id < ?'} ORDER BY m.id DESC LIMIT ?`,
      ...params,
    );
  }

  /** The index (SQLite): walks its matches older than `below`, newest first, INDEX_STEP at a
   *  time, keeping the user's, until `take` are found, the matches run out, or `window` have been
   *  looked at. `full`: the window ran out first (older matches may remain below `floor`). */
  async function indexed(
    uid: number,
    scope: Scope[],
    on: IndexQuery,
    below: number | null,
    take: number,
    window: number,
  ): Promise<{ rows: HitRow[]; full: boolean; floor: number | null }> {
    const rows: HitRow[] = [];
    let floor = below;
    for (let looked = 0; looked < window;) {
      const step = Math.max(1, Math.min(INDEX_STEP, window - looked));
      const params: unknown[] = [on.match];
      if (floor !== null) params.push(floor);
      params.push(step);
      const ids = (
        await p.$queryRawUnsafe<{ id: number | bigint }[]>(
          `SELECT rowid AS id FROM ${on.table} WHERE ${on.table} MATCH ?` +
            `${floor === null ? '' : ' AND rowid < ?'} ORDER BY rowid DESC LIMIT ?`,
          ...params,
        )
      ).map((r) => Number(r.id));
      if (ids.length === 0) return { rows, full: false, floor };
      looked += ids.length;
      floor = ids[ids.length - 1]!;
      // Each match's row by rowid, then its members row by primary key (CROSS JOIN keeps that
      // order; the planner would rather start from the user's conversations).
      const q: unknown[] = [];
      const join = scopeJoin(uid, scope, q).replace(/^JOIN/, 'CROSS JOIN');
      q.push(...ids);
      const only = scope.length === 1 ? ' AND m.conversationId = ?' : '';
      if (only) q.push(scope[0]!.cid);
      q.push(take - rows.length);
      rows.push(
        ...(await p.$queryRawUnsafe<HitRow[]>(
          `SELECT ${COLUMNS} FROM messages m ${join} ` +
            `WHERE m.id IN (${ids.map(() => '?').join(', ')})${only} ORDER BY m.id DESC LIMIT ?`,
          ...q,
        )),
      );
      if (rows.length >= take || ids.length < step) return { rows, full: false, floor };
    }
    return { rows, full: true, floor };
  }

  return {
    async search(uid: number, q: SearchQuery): Promise<SearchResult> {
      const query = q.query.trim();
      if (query === '') throw new ParleyError(ErrorCode.BAD_REQUEST, 'query is blank');
      const scope = await scopeOf(uid, q.conversationId);
      if (scope.length === 0) return { hits: [], hasMore: false };
      const cursor = q.before === undefined ? null : await cursorOf(q.before, scope);
      const take = q.limit + 1; // one more than asked says whether there are more
      const reach = scope.reduce((n, s) => n + s.lastSeq, 0);
      const on =
        db.dialect === 'sqlite' && reach > (q.scanReach ?? SCAN_REACH) ? indexFor(query) : null;

      let rows: HitRow[];
      if (on) {
        await index?.catchUp();
        const first = await indexed(uid, scope, on, cursor, take, q.indexWindow ?? INDEX_WINDOW);
        rows = first.rows;
        // The window held too few of the user's messages (a word common elsewhere): the scan
        // finishes below it, so no search walks all of a common word's matches.
        if (rows.length < take && first.full)
          rows = rows.concat(await scan(uid, scope, query, first.floor, take - rows.length));
      } else {
        rows = await scan(uid, scope, query, cursor, take);
      }
      const hasMore = rows.length > q.limit;
      const messages = await toMessages(p, rows.slice(0, q.limit));
      return {
        hits: messages.map((message) => ({ message, conversationId: message.conversationId })),
        hasMore,
      };
    },
  };
}

export type SearchData = ReturnType<typeof createSearchData>;
