// GROUP_CREATE, GROUP_INVITE, GROUP_LEAVE (PROTOCOL.md §3) and Parley's GROUP_RENAME,
// GROUP_MEMBERS and GROUP_EVENTS (issue 5). Every membership change and rename is stored as an
// event line in the same transaction, and its GROUP_NOTIFY carries the stored event's id. Messages to a group need nothing here: SEND_MSG, HISTORY, READ and
// TYPING check membership and fan out to the member list like any conversation.
//
// Member lists are cached per ChatServer: a change drops this server's entry at once, and every
// other ChatServer's through a `group-changed` control envelope (delivery/control.ts).
import { Limits, MsgType, type GroupEventEntry, type GroupNotify } from '@parley/proto';
import { me, type ChatContext, type Handler } from '../context';
import { groupName, type GroupInfo } from '../data/groups';
import { controlEnvelope, type PeerControl } from '../peers/types';
import { groupChanged } from '../delivery/control';

/** GROUP_NOTIFY of the stored event `e` to `to`, and a `group-changed` control to every other
 *  ChatServer so that each drops its cached member list. Returns the group as sent. */
async function notify(
  ctx: ChatContext,
  g: GroupInfo,
  e: GroupEventEntry,
  to: readonly number[],
  exceptSession?: string,
) {
  const group = await ctx.groups.toGroup(g);
  const { eventId, event, by, uids, afterSeq, at } = e;
  const notice: GroupNotify = { groupId: g.id, event, group, by, eventId, afterSeq, at };
  if (uids && (event === 'joined' || event === 'left')) notice.uids = uids;
  const body = JSON.stringify(notice);
  const change: PeerControl = {
    kind: 'group-changed',
    conversationId: group.conversationId,
    joined: event === 'joined' && uids ? uids : [],
  };
  // The members' servers get the change with the notify itself, so it is applied before the
  // notify is delivered there (and before anything a member sends in answer to it); every other
  // server gets it on its own.
  if (to.length > 0)
    ctx.fanout.enqueue({
      toUids: to.map(String),
      type: MsgType.GROUP_NOTIFY,
      body,
      control: change,
      ...(exceptSession ? { exceptSession } : {}),
    });
  ctx.status.list().then(
    (servers) => ctx.fanout.broadcast(servers, [controlEnvelope(change)]),
    (err: unknown) => ctx.logger.warn({ err }, 'group invalidation not broadcast'),
  );
  return group;
}

const ids = (g: GroupInfo) => g.members.map((m) => m.userId);

/** The creator owns the group; the creator learns it from the response, the others by notify. */
export const groupCreate: Handler<typeof MsgType.GROUP_CREATE> = async (ctx, conn, b) => {
  const self = me(conn);
  const name = groupName(b.name);
  const { group: g, event } = await ctx.groups.create(
    self.id,
    name,
    b.memberUids,
    ctx.config.maxGroupMembers,
  );
  // Every member, the creator's other devices included (PROTOCOL.md §9.2); not the creating one.
  return { group: await notify(ctx, g, event, ids(g), conn.session!.sessionId) };
};

/** Members invite their friends; "joined" goes to every member, the new ones included. */
export const groupInvite: Handler<typeof MsgType.GROUP_INVITE> = async (ctx, conn, b) => {
  const self = me(conn);
  const g = await ctx.groups.requireMember(b.groupId, self.id);
  const { added, event } = await ctx.groups.invite(g, self.id, b.uids, ctx.config.maxGroupMembers);
  if (!event) return { group: await ctx.groups.toGroup(g) };
  groupChanged(ctx, g.conversationId, added.map(String));
  const now = await ctx.groups.reload(g.id);
  return { group: await notify(ctx, now, event, ids(now)) };
};

/** "left" goes to the members who remain and to the leaver. */
export const groupLeave: Handler<typeof MsgType.GROUP_LEAVE> = async (ctx, conn, b) => {
  const self = me(conn);
  const g = await ctx.groups.requireMember(b.groupId, self.id);
  const event = await ctx.groups.leave(g, self.id);
  groupChanged(ctx, g.conversationId, []);
  const now = await ctx.groups.reload(g.id);
  await notify(ctx, now, event, [...ids(now), self.id]);
  return {};
};

/** Owner only; every member (the owner too) gets "renamed". */
export const groupRename: Handler<typeof MsgType.GROUP_RENAME> = async (ctx, conn, b) => {
  const self = me(conn);
  const name = groupName(b.name);
  const g = await ctx.groups.requireMember(b.groupId, self.id);
  const event = await ctx.groups.rename(g, self.id, name);
  const now = { ...g, name };
  return { group: await notify(ctx, now, event, ids(now)) };
};

/** Members only: the newest event lines, oldest first, with the cards they name. */
export const groupEvents: Handler<typeof MsgType.GROUP_EVENTS> = async (ctx, conn, b) => {
  await ctx.groups.requireMember(b.groupId, me(conn).id);
  return ctx.groups.events(b.groupId, b.limit ?? Limits.GROUP_EVENTS_DEFAULT);
};

/** Members only: every member with role and join time (`group.members` is only a preview). */
export const groupMembers: Handler<typeof MsgType.GROUP_MEMBERS> = async (ctx, conn, b) => {
  const g = await ctx.groups.requireMember(b.groupId, me(conn).id);
  const [group, members] = await Promise.all([ctx.groups.toGroup(g), ctx.groups.memberList(g)]);
  return { group, members };
};
