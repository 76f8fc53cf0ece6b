// CONV_MUTE (Parley addition, issue 12; 2030/2031): a member mutes or unmutes a conversation for
// themself. Stored with the membership, so every browser of theirs reads the same answer in
// CONVERSATIONS; nobody else is told.
import { MsgType } from '@parley/proto';
import { me, type Handler } from '../context';

export const convMute: Handler<typeof MsgType.CONV_MUTE> = async (ctx, conn, b) => {
  const self = me(conn);
  // §4: members only (a non-member → FORBIDDEN, an unknown conversation → NOT_FOUND).
  await ctx.conversations.requireMember(b.conversationId, self.id);
  await ctx.conversations.setMuted(b.conversationId, self.id, b.muted);
  return { conversationId: b.conversationId, muted: b.muted };
};
