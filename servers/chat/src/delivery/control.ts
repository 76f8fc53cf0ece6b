// Control messages between ChatServers (peers/types.ts PeerControl): what one server tells the
// others about shared state, apart from the frames users see (issue 10 item 4).
//
// Member lists are cached per ChatServer (data/conversations.ts). A change drops this server's
// entry at once and every other ChatServer's when the `group-changed` control arrives; it is
// applied before anything else in its batch is delivered, so a GROUP_NOTIFY or message that
// follows it is never routed by the old list. A stale entry never refuses a new member either way:
// requireMember asks the database before it answers FORBIDDEN.
import type { ChatContext } from '../context';
import type { Envelope } from '../peers/types';

/** What a member-list change means for this server: the cached list goes, and members who just
 *  joined while connected here restart their delivery stream at the cursor the join set, so a
 *  member who left and came back is not sent what was said in between. */
export function groupChanged(
  ctx: ChatContext,
  conversationId: string,
  joined: readonly string[],
): void {
  ctx.conversations.invalidate(conversationId);
  for (const uid of joined) {
    const inboxes = [...ctx.online.devices(uid)].flatMap((c) => (c.inbox ? [c.inbox] : []));
    if (inboxes.length === 0) continue;
    ctx.conversations.membership(conversationId, Number(uid)).then(
      (m) => {
        if (m) for (const inbox of inboxes) inbox.skipTo(conversationId, m.ackSeq + 1);
      },
      (err: unknown) => ctx.logger.warn({ err }, 'group join cursor failed'),
    );
  }
}

/** A peer batch: every control in it is applied first, and the envelopes that carry a frame for
 *  users (a control may ride on one, as on a group's GROUP_NOTIFY) are returned for delivery. */
export function applyControl(ctx: ChatContext, envelopes: Envelope[]): Envelope[] {
  if (!envelopes.some((e) => e.control)) return envelopes;
  for (const e of envelopes)
    if (e.control?.kind === 'group-changed')
      groupChanged(ctx, e.control.conversationId, e.control.joined);
  return envelopes.filter((e) => e.type !== 0);
}
