// SEARCH_MSG (PROTOCOL.md §9.3, 2022/2023): the user's own messages and those sent to them,
// found by a substring of their text or file name (data/search.ts).
import { Limits, MsgType } from '@parley/proto';
import { me, type Handler } from '../context';

export const searchMsg: Handler<typeof MsgType.SEARCH_MSG> = async (ctx, conn, b) => {
  const self = me(conn);
  // §4: one conversation only if the user is a member (unknown → 1007, not a member → 1012).
  if (b.conversationId !== undefined)
    await ctx.conversations.requireMember(b.conversationId, self.id);
  return ctx.search.search(self.id, {
    query: b.query,
    conversationId: b.conversationId,
    limit: b.limit ?? Limits.SEARCH_LIMIT_DEFAULT,
    before: b.before,
    scanReach: ctx.config.searchScanReach,
    indexWindow: ctx.config.searchIndexWindow,
  });
};
