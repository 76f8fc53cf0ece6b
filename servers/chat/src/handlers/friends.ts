// SEARCH_USER, FRIEND_ADD, FRIEND_REPLY, FRIEND_LIST, FRIEND_REQUESTS (PROTOCOL.md §3).
import { FriendRequestStatus, MsgType } from '@parley/proto';
import { me, type Handler } from '../context';
import type { RequestRow } from '../data/friends';

export const searchUser: Handler<typeof MsgType.SEARCH_USER> = async (ctx, _conn, { query }) => {
  return { users: await ctx.users.search(query) };
};

export const friendAdd: Handler<typeof MsgType.FRIEND_ADD> = async (ctx, conn, b) => {
  const self = me(conn);
  const req = await ctx.friends.request(self.id, b.toUid, b.greeting ?? '', b.remark ?? '');
  // Our own card is gone only if the account was deleted meanwhile: the request stays listed in
  // FRIEND_REQUESTS, but a push without its sender would be outside §3.
  const from = await ctx.users.card(self.uid);
  if (from)
    ctx.fanout.push([String(req.toId)], MsgType.FRIEND_REQUEST_NOTIFY, {
      requestId: String(req.id),
      from,
      greeting: req.greeting,
      at: req.createdAt.getTime(),
    });
  return { requestId: String(req.id) };
};

export const friendReply: Handler<typeof MsgType.FRIEND_REPLY> = async (ctx, conn, b) => {
  const self = me(conn);
  const { request, conversationId } = await ctx.friends.reply(
    self.id,
    b.requestId,
    b.accept,
    b.remark ?? '',
  );
  const cards = await ctx.users.cards([self.uid, String(request.fromId)]);
  const friend = cards.get(String(request.fromId));
  const by = cards.get(self.uid);
  if (by)
    ctx.fanout.push([String(request.fromId)], MsgType.FRIEND_REPLY_NOTIFY, {
      requestId: String(request.id),
      accepted: b.accept,
      by,
      ...(conversationId ? { conversationId } : {}),
    });
  return b.accept ? { friend, conversationId } : {};
};

export const friendList: Handler<typeof MsgType.FRIEND_LIST> = async (ctx, conn) => {
  const rows = await ctx.friends.list(me(conn).id);
  const uids = rows.map((r) => String(r.friendId));
  const [cards, routes] = await Promise.all([
    ctx.users.cards(uids),
    ctx.stores.routes.getMany(uids),
  ]);
  const friends = rows.flatMap((r, i) => {
    const card = cards.get(String(r.friendId));
    return card
      ? [
          {
            ...card,
            remark: r.remark,
            online: (routes[i]?.length ?? 0) > 0, // any device (§9.2)
            conversationId: r.conversationId,
          },
        ]
      : [];
  });
  return { friends };
};

export const friendRequests: Handler<typeof MsgType.FRIEND_REQUESTS> = async (ctx, conn) => {
  const { incoming, outgoing } = await ctx.friends.requests(me(conn).id);
  const cards = await ctx.users.cards([
    ...incoming.map((r) => String(r.fromId)),
    ...outgoing.map((r) => String(r.toId)),
  ]);
  const entry = (r: RequestRow, other: number) => {
    const user = cards.get(String(other));
    return user
      ? [
          {
            requestId: String(r.id),
            user,
            greeting: r.greeting,
            at: r.createdAt.getTime(),
            // The column is a plain string: a value outside §3's set is a fault, not an answer.
            status: FriendRequestStatus.parse(r.status),
          },
        ]
      : [];
  };
  return {
    incoming: incoming.flatMap((r) => entry(r, r.fromId)),
    outgoing: outgoing.flatMap((r) => entry(r, r.toId)),
  };
};
