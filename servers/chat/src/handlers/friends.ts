// SEARCH_USER, FRIEND_ADD, FRIEND_REPLY, FRIEND_LIST, FRIEND_REQUESTS (PROTOCOL.md §3).
import {
  MsgType,
  type FriendAddRequest,
  type FriendReplyRequest,
  type SearchUserRequest,
} from '@parley/proto';
import { me, type Handler } from '../context';
import type { RequestRow } from '../data/friends';

export const searchUser: Handler = async (ctx, _conn, body) => {
  const { query } = body as SearchUserRequest;
  return { users: await ctx.users.search(query) };
};

export const friendAdd: Handler = async (ctx, conn, body) => {
  const b = body as FriendAddRequest;
  const self = me(conn);
  const req = await ctx.friends.request(self.id, b.toUid, b.greeting ?? '', b.remark ?? '');
  const from = await ctx.users.card(self.uid);
  ctx.fanout.push([String(req.toId)], MsgType.FRIEND_REQUEST_NOTIFY, {
    requestId: String(req.id),
    from,
    greeting: req.greeting,
    at: req.createdAt.getTime(),
  });
  return { requestId: String(req.id) };
};

export const friendReply: Handler = async (ctx, conn, body) => {
  const b = body as FriendReplyRequest;
  const self = me(conn);
  const { request, conversationId } = await ctx.friends.reply(
    self.id,
    b.requestId,
    b.accept,
    b.remark ?? '',
  );
  const cards = await ctx.users.cards([self.uid, String(request.fromId)]);
  const friend = cards.get(String(request.fromId));
  ctx.fanout.push([String(request.fromId)], MsgType.FRIEND_REPLY_NOTIFY, {
    requestId: String(request.id),
    accepted: b.accept,
    by: cards.get(self.uid),
    ...(conversationId ? { conversationId } : {}),
  });
  return b.accept ? { friend, conversationId } : {};
};

export const friendList: Handler = async (ctx, conn) => {
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

export const friendRequests: Handler = async (ctx, conn) => {
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
            status: r.status,
          },
        ]
      : [];
  };
  return {
    incoming: incoming.flatMap((r) => entry(r, r.fromId)),
    outgoing: outgoing.flatMap((r) => entry(r, r.toId)),
  };
};
