// Friend requests and friendships (issue 3). A friendship is two rows, one per direction, each
// with its owner's remark; accepting a request creates both rows, the direct conversation and its
// two members in one transaction.
import type { Db } from '@parley/db';
import { isUniqueViolation } from '@parley/db';
import { directConversationId, ErrorCode, ParleyError } from '@parley/proto';
import { userId } from './users';

export interface RequestRow {
  id: number;
  fromId: number;
  toId: number;
  greeting: string;
  remark: string;
  status: string;
  createdAt: Date;
}

export function createFriendData(db: Db) {
  const p = db.prisma;

  async function areFriends(a: number, b: number): Promise<boolean> {
    return (
      (await p.friendship.findUnique({
        where: { userId_friendId: { userId: a, friendId: b } },
        select: { userId: true },
      })) !== null
    );
  }

  return {
    areFriends,

    async friendIds(uid: number): Promise<number[]> {
      const rows = await p.friendship.findMany({
        where: { userId: uid },
        select: { friendId: true },
      });
      return rows.map((r) => r.friendId);
    },

    async list(uid: number) {
      return p.friendship.findMany({ where: { userId: uid }, orderBy: { createdAt: 'asc' } });
    },

    /** FRIEND_ADD: unknown target → NOT_FOUND; self, friends already, or a pending request either
     *  way → CONFLICT. */
    async request(
      fromId: number,
      toUid: string,
      greeting: string,
      remark: string,
    ): Promise<RequestRow> {
      const toId = userId(toUid);
      const target =
        toId === null
          ? null
          : await p.user.findUnique({ where: { id: toId }, select: { id: true } });
      if (!target || toId === null) throw new ParleyError(ErrorCode.NOT_FOUND, 'no such user');
      if (toId === fromId) throw new ParleyError(ErrorCode.CONFLICT, 'you cannot add yourself');
      if (await areFriends(fromId, toId))
        throw new ParleyError(ErrorCode.CONFLICT, 'already friends');
      const pending = await p.friendRequest.findFirst({
        where: {
          status: 'pending',
          OR: [
            { fromId, toId },
            { fromId: toId, toId: fromId },
          ],
        },
        select: { fromId: true },
      });
      if (pending) {
        throw new ParleyError(
          ErrorCode.CONFLICT,
          pending.fromId === fromId
            ? 'request already pending'
            : 'they already sent you a request; accept it instead',
        );
      }
      return p.friendRequest.create({ data: { fromId, toId, greeting, remark } });
    },

    async requests(uid: number): Promise<{ incoming: RequestRow[]; outgoing: RequestRow[] }> {
      const [incoming, outgoing] = await Promise.all([
        p.friendRequest.findMany({ where: { toId: uid }, orderBy: { id: 'desc' }, take: 100 }),
        p.friendRequest.findMany({ where: { fromId: uid }, orderBy: { id: 'desc' }, take: 100 }),
      ]);
      return { incoming, outgoing };
    },

    /** FRIEND_REPLY by the request's target. Accepting makes the friendship and the direct
     *  conversation atomically; a request already answered → CONFLICT. */
    async reply(
      uid: number,
      requestId: string,
      accept: boolean,
      remark: string,
    ): Promise<{ request: RequestRow; conversationId?: string }> {
      const id = /^\d{1,10}$/.test(requestId) ? Number(requestId) : null;
      const req = id === null ? null : await p.friendRequest.findUnique({ where: { id } });
      if (!req || req.toId !== uid)
        throw new ParleyError(ErrorCode.NOT_FOUND, 'no such friend request');
      if (req.status !== 'pending')
        throw new ParleyError(ErrorCode.CONFLICT, `request already ${req.status}`);
      const status = accept ? 'accepted' : 'rejected';
      if (!accept) {
        const n = await p.friendRequest.updateMany({
          where: { id: req.id, status: 'pending' },
          data: { status },
        });
        if (n.count === 0) throw new ParleyError(ErrorCode.CONFLICT, 'request already answered');
        return { request: { ...req, status } };
      }
      const conversationId = directConversationId(req.fromId, req.toId);
      try {
        await p.$transaction(async (tx) => {
          // The conditional update is the lock: of two concurrent accepts only one sees count 1.
          const n = await tx.friendRequest.updateMany({
            where: { id: req.id, status: 'pending' },
            data: { status },
          });
          if (n.count === 0) throw new ParleyError(ErrorCode.CONFLICT, 'request already answered');
          await tx.friendship.createMany({
            data: [
              { userId: req.fromId, friendId: req.toId, remark: req.remark, conversationId },
              { userId: req.toId, friendId: req.fromId, remark, conversationId },
            ],
          });
          // Friends who were friends before keep their conversation and its history.
          const existing = await tx.conversation.findUnique({
            where: { id: conversationId },
            select: { id: true },
          });
          if (!existing) {
            await tx.conversation.create({ data: { id: conversationId, kind: 'direct' } });
            await tx.member.createMany({
              data: [
                { conversationId, userId: req.fromId },
                { conversationId, userId: req.toId },
              ],
            });
          }
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new ParleyError(ErrorCode.CONFLICT, 'already friends');
        throw err;
      }
      return { request: { ...req, status }, conversationId };
    },
  };
}

export type FriendData = ReturnType<typeof createFriendData>;
