// Parley's PROFILE_UPDATE (issue 4): a user edits their own nick, bio and avatar. The request
// schema has already trimmed and bounded every field (proto `ProfileUpdateRequest`, all within
// the VARCHAR(191) columns); values are stored verbatim — markup in a nick is text that clients
// render as text, never as HTML.
import { MsgType } from '@parley/proto';
import { me, type Handler } from '../context';
import { toCard } from '../data/users';

const CARD = { id: true, username: true, nick: true, avatar: true, bio: true } as const;

/** Updates the caller's row, answers with the new card and sends it to every friend as
 *  PROFILE_NOTIFY, wherever they are connected (offline friends read it from FRIEND_LIST). */
export const profileUpdate: Handler<typeof MsgType.PROFILE_UPDATE> = async (
  ctx,
  conn,
  { nick, bio, avatar },
) => {
  const self = me(conn);
  const row = await ctx.db.prisma.user.update({
    where: { id: self.id },
    data: {
      ...(nick !== undefined && { nick }),
      ...(bio !== undefined && { bio }),
      ...(avatar !== undefined && { avatar }),
    },
    select: CARD,
  });
  const user = toCard(row);
  const friends = await ctx.friends.friendIds(self.id);
  // Friends' devices, and the user's own other devices (PROTOCOL.md §9.2), so every device shows
  // the new card.
  ctx.fanout.push(
    [...friends.map(String), user.uid],
    MsgType.PROFILE_NOTIFY,
    { user },
    conn.session!.sessionId,
  );
  return { user };
};
