// One table from request type to handler (STYLE.md): message families live in handlers/*.
import { isRequestType, MsgType, type RequestType } from '@parley/proto';
import type { Handler, HandlerMap } from './context';
import { heartbeat, login } from './handlers/session';
import { friendAdd, friendList, friendReply, friendRequests, searchUser } from './handlers/friends';
import { ack, conversations, history, read, sendMsg, typing } from './handlers/messages';
import {
  groupCreate,
  groupEvents,
  groupInvite,
  groupLeave,
  groupMembers,
  groupRename,
} from './handlers/groups';
import { profileUpdate } from './handlers/profile';
import { recall } from './handlers/recall';
import { searchMsg } from './handlers/search';
import { convMute } from './handlers/mute';
import { deviceRevoke, devices } from './handlers/devices';

export const handlers: HandlerMap = {
  [MsgType.LOGIN]: login,
  [MsgType.HEARTBEAT]: heartbeat,
  [MsgType.SEARCH_USER]: searchUser,
  [MsgType.FRIEND_ADD]: friendAdd,
  [MsgType.FRIEND_REPLY]: friendReply,
  [MsgType.FRIEND_LIST]: friendList,
  [MsgType.FRIEND_REQUESTS]: friendRequests,
  [MsgType.SEND_MSG]: sendMsg,
  [MsgType.HISTORY]: history,
  [MsgType.CONVERSATIONS]: conversations,
  [MsgType.ACK]: ack,
  [MsgType.READ]: read,
  [MsgType.TYPING]: typing,
  [MsgType.RECALL]: recall,
  [MsgType.GROUP_CREATE]: groupCreate,
  [MsgType.GROUP_INVITE]: groupInvite,
  [MsgType.GROUP_LEAVE]: groupLeave,
  [MsgType.GROUP_RENAME]: groupRename,
  [MsgType.GROUP_MEMBERS]: groupMembers,
  [MsgType.GROUP_EVENTS]: groupEvents,
  [MsgType.PROFILE_UPDATE]: profileUpdate,
  [MsgType.SEARCH_MSG]: searchMsg,
  [MsgType.DEVICES]: devices,
  [MsgType.DEVICE_REVOKE]: deviceRevoke,
  [MsgType.CONV_MUTE]: convMute,
};

/**
 * The handler for a frame's type, if it is a request this server answers. The map pairs each
 * type with the handler typed for it, and the dispatcher gives it the body that type's own schema
 * parsed (`parseRequest`), so calling it with "any request" is sound.
 */
export function handlerFor(type: number): Handler<RequestType> | undefined {
  return isRequestType(type) ? handlers[type] : undefined;
}
