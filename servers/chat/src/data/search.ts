// SEARCH_MSG (PROTOCOL.md §9.3): text messages and file names that contain the query, in the
// conversations the user is a member of now, sent since the user joined, never recalled; newest
// first, `before` (a msgId) pages older hits.
//
// Two paths, both behind `search()` (the seam a dedicated search engine would plug into):
// - index: SQLite's FTS5 trigram index `messages_fts` (migration 0006, kept in step by
//   triggers). Any substring of three or more characters, any script, case folded. It walks the
//   index's matches newest first and keeps the user's: quick when the user can read much of
//   what matches, slow when a common word matches mostly other people's messages.
// - scan: LIKE over the user's own conversations only, through the (conversationId, seq) index.
//   Its cost is the number of messages the user can read, whatever the query; it serves queries
//   the trigram index cannot (one or two characters), users who can read few messages, and
//   MySQL/MariaDB, whose FULLTEXT parsers split on spaces and so cannot find a two-character
//   Chinese substring (bench/search.ts measures both dialects' paths).
import type { Db } from '@parley/db';
import { ErrorCode, ParleyError, type Message } from '@parley/proto';
import { toMessages } from './media';
import { parseMsgId, type MessageRow } from './messages';

/** Below this many readable messages, scanning them is cheaper than walking the index's matches
 *  (bench/search.ts: a scan of 20,000 messages takes a few ms). */
export const SCAN_REACH = 20_000;
/** The trigram tokenizer needs three characters (code points) to use its index. */
const TRIGRAM = 3;

export interface SearchQuery {
  query: string;
  /** Only this conversation (the caller checked membership). */
  conversationId?: string | undefined;
  limit: number;
  /** A msgId: only hits older than it. */
  before?: string | undefined;
  /** Scan below this many readable messages (default SCAN_REACH). */
  scanReach?: number;
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
  'm.id, m.conversationId, m.seq, m.senderId, m.clientMsgId, m.kind, m.text, m.mediaId, m.sentAt';

/** LIKE pattern for a substring, with `!` as the escape character (the same in both dialects). */
export function likePattern(query: string): string {
  return `%${query.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** An FTS5 phrase: the whole query as one substring, quotes doubled. */
export function ftsPhrase(query: string): string {
  return `"${query.replace(/"/g, '""')}"`;
}

export function createSearchData(db: Db) {
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

  return {
    async search(uid: number, q: SearchQuery): Promise<SearchResult> {
      const query = q.query.trim();
      if (query === '') throw new ParleyError(ErrorCode.BAD_REQUEST, 'query is blank');
      const scope = await scopeOf(uid, q.conversationId);
      if (scope.length === 0) return { hits: [], hasMore: false };
      const cursor = q.before === undefined ? null : await cursorOf(q.before, scope);

      // WITH mine(cid, since): the user's conversations and join times, as a table to join.
      // SQLite: VALUES (a compound SELECT stops at 500 terms). MariaDB: UNION ALL, since over
      // the binary protocol it reads a string placeholder inside VALUES as '' (10.11).
      const params: unknown[] = [];
      for (const s of scope) params.push(s.cid, s.since);
      const table =
        db.dialect === 'sqlite'
          ? `VALUES ${scope.map(() => '(?, ?)').join(', ')}`
          : scope
              .map((_, i) => (i === 0 ? 'SELECT ? AS cid, ? AS since' : 'SELECT ?, ?'))
              .join(' UNION ALL ');
      const mine = `WITH mine(cid, since) AS (${table}) `;
      const reach = scope.reduce((n, s) => n + s.lastSeq, 0);
      const useIndex =
        db.dialect === 'sqlite' &&
        [...query].length >= TRIGRAM &&
        reach > (q.scanReach ?? SCAN_REACH);

      let sql: string;
      if (useIndex) {
        params.push(ftsPhrase(query));
        if (cursor !== null) params.push(cursor);
        sql =
          mine +
          `SELECT ${COLUMNS} FROM messages_fts f ` +
          'JOIN messages m ON m.id = f.rowid ' +
          'JOIN mine ON mine.cid = m.conversationId AND m.sentAt >= mine.since ' +
          `WHERE messages_fts MATCH ?${cursor === null ? '' : ' AND f.rowid < ?'} ` +
          'ORDER BY f.rowid DESC LIMIT ?';
      } else {
        const pattern = likePattern(db.dialect === 'sqlite' ? query : query.toLowerCase());
        // SQLite's LIKE folds ASCII case itself; MariaDB's columns are utf8mb4_bin, so fold both.
        const like = (col: string) =>
          db.dialect === 'sqlite' ? `${col} LIKE ? ESCAPE '!'` : `LOWER(${col}) LIKE ? ESCAPE '!'`;
        params.push(pattern, pattern);
        if (cursor !== null) params.push(cursor);
        sql =
          mine +
          `SELECT ${COLUMNS} FROM mine ` +
          'JOIN messages m ON m.conversationId = mine.cid AND m.sentAt >= mine.since ' +
          "LEFT JOIN media md ON m.kind = 'file' AND md.id = m.mediaId " +
          `WHERE m.kind <> 'recalled' AND (${like('m.text')} OR ${like('md.name')})` +
          `${cursor === null ? '' : ' AND m.id < ?'} ORDER BY m.id DESC LIMIT ?`;
      }
      params.push(q.limit + 1);
      const rows = await p.$queryRawUnsafe<HitRow[]>(sql, ...params);
      const hasMore = rows.length > q.limit;
      const page = rows.slice(0, q.limit);
      const messages = await toMessages(p, page);
      return {
        hits: messages.map((message) => ({ message, conversationId: message.conversationId })),
        hasMore,
      };
    },
  };
}

export type SearchData = ReturnType<typeof createSearchData>;
