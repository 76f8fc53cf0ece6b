// Conversations, their members and cursors (PROTOCOL.md §5): membership checks, HISTORY paging,
// the CONVERSATIONS summary, and the backlog a member gets after LOGIN.
import type { Db } from '@parley/db';
import { ErrorCode, Limits, ParleyError, type Message } from '@parley/proto';
import { toMessages } from './media';

/** Membership of direct conversations never changes; group changes (issue 5) invalidate the entry
 *  on every ChatServer (handlers/groups.ts), so the TTL only bounds a lost invalidation. */
const MEMBERS_TTL_MS = 30_000;

export interface Membership {
  conversationId: string;
  ackSeq: number;
  readSeq: number;
  lastSeq: number;
  kind: string;
  /** Issue 12: this member muted the conversation. */
  muted: boolean;
}

export function createConversationData(db: Db) {
  const p = db.prisma;
  const members = new Map<string, { uids: number[]; at: number }>();

  /** Member ids of a conversation, cached; null if the conversation does not exist. */
  async function memberIds(conversationId: string): Promise<number[] | null> {
    const hit = members.get(conversationId);
    if (hit && Date.now() - hit.at < MEMBERS_TTL_MS) return hit.uids;
    const rows = await p.member.findMany({ where: { conversationId }, select: { userId: true } });
    if (rows.length === 0) {
      const exists = await p.conversation.findUnique({
        where: { id: conversationId },
        select: { id: true },
      });
      if (!exists) return null;
    }
    const uids = rows.map((r) => r.userId);
    members.set(conversationId, { uids, at: Date.now() });
    return uids;
  }

  /** §4: only members may send to or read a conversation. Unknown → NOT_FOUND; not a member →
   *  FORBIDDEN. Returns the member ids. */
  async function requireMember(conversationId: string, uid: number): Promise<number[]> {
    let ids = await memberIds(conversationId);
    if (ids !== null && !ids.includes(uid)) {
      // A cached list may predate a join on another ChatServer (issue 5): the database decides
      // before anyone is refused.
      members.delete(conversationId);
      ids = await memberIds(conversationId);
    }
    if (ids === null) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such conversation');
    if (!ids.includes(uid))
      throw new ParleyError(ErrorCode.FORBIDDEN, 'not a member of this conversation');
    return ids;
  }

  return {
    memberIds,
    requireMember,
    invalidate: (conversationId: string) => members.delete(conversationId),

    /** Every conversation of uid with its cursors and lastSeq. */
    async memberships(uid: number): Promise<Membership[]> {
      const rows = await p.member.findMany({ where: { userId: uid } });
      if (rows.length === 0) return [];
      const convs = await p.conversation.findMany({
        where: { id: { in: rows.map((r) => r.conversationId) } },
        select: { id: true, lastSeq: true, kind: true },
      });
      const byId = new Map(convs.map((c) => [c.id, c]));
      return rows.flatMap((r) => {
        const c = byId.get(r.conversationId);
        return c
          ? [
              {
                conversationId: r.conversationId,
                ackSeq: r.ackSeq,
                muted: r.muted !== 0,
                readSeq: r.readSeq,
                lastSeq: c.lastSeq,
                kind: c.kind,
              },
            ]
          : [];
      });
    },

    async membership(conversationId: string, uid: number): Promise<Membership | null> {
      const [m, c] = await Promise.all([
        p.member.findUnique({ where: { conversationId_userId: { conversationId, userId: uid } } }),
        p.conversation.findUnique({
          where: { id: conversationId },
          select: { lastSeq: true, kind: true },
        }),
      ]);
      return m && c
        ? {
            conversationId,
            ackSeq: m.ackSeq,
            readSeq: m.readSeq,
            lastSeq: c.lastSeq,
            kind: c.kind,
            muted: m.muted !== 0,
          }
        : null;
    },

    /** CONV_MUTE (issue 12): the member's own mute of this conversation. */
    async setMuted(conversationId: string, uid: number, muted: boolean): Promise<void> {
      await p.member.update({
        where: { conversationId_userId: { conversationId, userId: uid } },
        data: { muted: muted ? 1 : 0 },
      });
    },

    /** The other member's readSeq in each of these direct conversations (CONVERSATIONS'
     *  `peerReadSeq`, a Parley addition: "read" marks survive a reload). One query. */
    async peerReadSeqs(directIds: string[], self: number): Promise<Map<string, number>> {
      if (directIds.length === 0) return new Map();
      const rows = await p.member.findMany({
        where: { conversationId: { in: directIds }, userId: { not: self } },
        select: { conversationId: true, readSeq: true },
      });
      return new Map(rows.map((r) => [r.conversationId, r.readSeq]));
    },

    /** The last message of each conversation (for CONVERSATIONS). */
    async lastMessages(
      list: { conversationId: string; lastSeq: number }[],
    ): Promise<Map<string, Message>> {
      const want = list.filter((c) => c.lastSeq > 0);
      if (want.length === 0) return new Map();
      const rows = await p.message.findMany({
        where: { OR: want.map((c) => ({ conversationId: c.conversationId, seq: c.lastSeq })) },
      });
      return new Map((await toMessages(p, rows)).map((m) => [m.conversationId, m]));
    },

    /** HISTORY (§3): ascending seq; `afterSeq` pages forward, `beforeSeq` (or neither: the newest)
     *  pages back; hasMore says whether more lie beyond the page in the paging direction. */
    async history(
      conversationId: string,
      opts: {
        beforeSeq?: number | undefined;
        afterSeq?: number | undefined;
        limit?: number | undefined;
      },
    ) {
      const limit = Math.min(opts.limit ?? Limits.HISTORY_LIMIT_DEFAULT, Limits.HISTORY_LIMIT_MAX);
      const seq: { gt?: number; lt?: number } = {};
      if (opts.afterSeq !== undefined) seq.gt = opts.afterSeq;
      if (opts.beforeSeq !== undefined) seq.lt = opts.beforeSeq;
      const forward = opts.afterSeq !== undefined && opts.beforeSeq === undefined;
      const rows = await p.message.findMany({
        where: { conversationId, seq },
        orderBy: { seq: forward ? 'asc' : 'desc' },
        take: limit + 1,
      });
      const hasMore = rows.length > limit;
      const page = rows.slice(0, limit);
      if (!forward) page.reverse();
      return { messages: await toMessages(p, page), hasMore };
    },

    /** Messages of a conversation with from < seq < to (exclusive), ascending, at most `max`. */
    async range(conversationId: string, from: number, to: number, max: number): Promise<Message[]> {
      const rows = await p.message.findMany({
        where: { conversationId, seq: { gt: from, lt: to } },
        orderBy: { seq: 'asc' },
        take: max,
      });
      return toMessages(p, rows);
    },
  };
}

export type ConversationData = ReturnType<typeof createConversationData>;
