// How the CLI prints things: one plain line per fact, so a person can read it and a script (or
// the tests) can wait for it. Line shapes:
//   * <notice>                         status, confirmations, notifications
//   ! <CODE_NAME> (<code>): <message>   a failure, with the §6 name
//   [<peer>] <nick>: <text>             a message that just arrived
//     #<seq> <hh:mm:ss> <nick>: <text>  a message shown from HISTORY
//   [<chat>] #<seq> <hh:mm:ss> <nick>: <text>  a message /find found
//     > #<seq> <nick>: <preview>       the quote of the reply on the next line (PROTOCOL.md §9.4)
// Lists start with a "<what> (<count>):" header and indent their entries by two spaces.
import {
  ErrorCodeName,
  type DeviceInfo,
  type KickedPush,
  type ConversationSummary,
  type FriendEntry,
  type FriendRequestEntry,
  type SearchHit,
  type Message,
  type ReplyTo,
  type UserCard,
} from '@parley/proto';

/** `bob "Bob" uid=5` — the username is what `/chat` takes, the nick what people chose. */
export function who(u: UserCard): string {
  return `${u.username} ${JSON.stringify(u.nick)} uid=${u.uid}`;
}

export function errorLine(code: number, message: string): string {
  const name = ErrorCodeName[code] ?? 'ERROR';
  return `! ${name} (${code}): ${message}`;
}

/** Only a message's text is shown; media are named, recalled ones say so (§3, 1047). */
export function body(m: Message): string {
  switch (m.kind) {
    case 'text':
      return m.text ?? '';
    case 'recalled':
      return '(message recalled)';
    default:
      return `(${m.kind}${m.media ? `: ${m.media.name} ${m.media.url}` : ''})${m.text ? ` ${m.text}` : ''}`;
  }
}

/** Control characters in a message could move the cursor or forge a whole line of output. */
export function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/\n/g, ' ⏎ ');
}

/** The line above a reply: what it quotes, as it is now — "(message recalled)" once the
 *  original is recalled (§9.4), media by kind and file name. */
export function quoteLine(nick: string, q: ReplyTo): string {
  const what =
    q.kind === 'recalled'
      ? '(message recalled)'
      : q.kind === 'text'
        ? q.preview
        : `(${q.kind}${q.preview ? `: ${q.preview}` : ''})`;
  return `    > #${q.seq} ${clean(nick)}: ${clean(what)}`;
}

export function liveLine(peer: string, nick: string, m: Message): string {
  return `[${clean(peer)}] ${clean(nick)}: ${clean(body(m))}`;
}

export function historyLine(nick: string, m: Message): string {
  const time = new Date(m.sentAt).toTimeString().slice(0, 8);
  return `  #${m.seq} ${time} ${clean(nick)}: ${clean(body(m))}`;
}

export function friendLines(friends: readonly FriendEntry[]): string[] {
  return [
    `friends (${friends.length}):`,
    ...friends.map(
      (f) =>
        `  ${who(f)} ${f.online ? 'online' : 'offline'}` +
        (f.remark ? ` remark=${JSON.stringify(f.remark)}` : ''),
    ),
  ];
}

export function requestLines(
  incoming: readonly FriendRequestEntry[],
  outgoing: readonly FriendRequestEntry[],
): string[] {
  const line = (dir: 'in ' | 'out', r: FriendRequestEntry): string =>
    `  ${dir} #${r.requestId} ${dir === 'out' ? 'to' : 'from'} ${who(r.user)} ${r.status}` +
    (r.greeting ? ` ${JSON.stringify(r.greeting)}` : '');
  return [
    `requests (${incoming.length} incoming, ${outgoing.length} outgoing):`,
    ...incoming.map((r) => line('in ', r)),
    ...outgoing.map((r) => line('out', r)),
  ];
}

export function searchLines(query: string, users: readonly UserCard[]): string[] {
  return [`search ${JSON.stringify(query)} (${users.length}):`, ...users.map((u) => `  ${who(u)}`)];
}

/** /find's answer: each hit as `[conversation] #seq time nick: text`, newest first. */
export function findLines(
  query: string,
  hits: readonly SearchHit[],
  hasMore: boolean,
  names: { conversation: (id: string) => string; nick: (uid: string) => string },
): string[] {
  return [
    `found ${JSON.stringify(query)} (${hits.length}${hasMore ? ', more older' : ''}):`,
    ...hits.map(
      (h) =>
        `  [${clean(names.conversation(h.conversationId))}]${historyLine(names.nick(h.message.from), h.message).slice(1)}`,
    ),
  ];
}

export function conversationLines(
  convs: readonly ConversationSummary[],
  nameOf: (c: ConversationSummary) => string,
): string[] {
  return [
    `conversations (${convs.length}):`,
    ...convs.map((c) => {
      const last = c.lastMessage ? ` last=${JSON.stringify(clean(body(c.lastMessage)))}` : '';
      return `  ${c.conversationId} ${clean(nameOf(c))} unread=${c.unread} lastSeq=${c.lastSeq}${last}`;
    }),
  ];
}

const COMMAND_HELP: readonly (readonly [string, string])[] = [
  ['/help', 'this list'],
  ['/friends', 'friends, online or not, with remarks'],
  ['/requests', 'friend requests in and out, with ids and status'],
  ['/search <query>', 'find users by uid, username or email (prefix)'],
  ['/add <uid|username> [greeting…]', 'send a friend request'],
  ['/accept <requestId>', 'accept a friend request'],
  ['/reject <requestId>', 'reject a friend request'],
  ['/chat <uid|username>', 'open the conversation with a friend (shows the last 20)'],
  ['/history [n]', 'the last n messages of the open chat (default 20, at most 100)'],
  ['/find <words>', 'messages containing these words, in all your chats (newest first)'],
  ['/convs', 'conversations with unread counts'],
  ['/devices', 'your devices with a live login; * marks this one'],
  ['/revoke <deviceId>', 'log that device out (this one too: then the CLI exits)'],
  ['/reply <seq> <text>', 'send text to the open chat quoting its message #seq'],
  ['/read', 'mark the open chat read up to its newest message'],
  ['/retry', 'send the last failed message again (same clientMsgId)'],
  ['/quit', 'leave (also Ctrl-D)'],
  ['anything else', 'is sent to the open chat; start it with // to send a leading /'],
];

/** `devices (2):` then one line each:
 *    * cli-Xyz "parley CLI" online on chat-1 since 2026-12-03 14:02 (this device)
 *      web-Abc "Chrome on Linux" offline, last seen 2026-12-03 15:10 */
export function deviceLines(devices: readonly DeviceInfo[]): string[] {
  return [
    `devices (${devices.length}):`,
    ...devices.map((d) => {
      const name = JSON.stringify(clean(d.deviceName || '(unnamed)'));
      const state = d.online
        ? `online${d.server ? ` on ${d.server}` : ''} since ${stamp(d.since)}`
        : `offline, last seen ${stamp(d.lastSeen)}`;
      return `  ${d.current ? '*' : ' '} ${d.deviceId} ${name} ${state}${d.current ? ' (this device)' : ''}`;
    }),
  ];
}

const KICK_WHY: Readonly<Record<string, string>> = {
  replaced: 'logged in again on this device',
  device_limit: 'a sixth device logged in; this one was idle longest',
  revoked: 'this device was logged out',
  password_reset: 'the password was reset',
};

/** KICKED, readably (PROTOCOL.md §9.2): why, and which login caused it. */
export function kickedLine(k: KickedPush): string {
  const reason = clean(k.reason);
  const why = Object.hasOwn(KICK_WHY, k.reason) ? KICK_WHY[k.reason] : reason;
  const by = k.by
    ? ` by ${JSON.stringify(clean(k.by.deviceName || k.by.deviceId))} (${clean(k.by.deviceId)}${
        k.by.ip ? ` from ${clean(k.by.ip)}` : ''
      })`
    : '';
  return `! KICKED: ${reason}: ${why}${by} at ${stamp(k.at)}${k.device ? ` (device ${clean(k.device)})` : ''}`;
}

/** Local date and time to the minute, e.g. 2026-12-03 14:02. */
function stamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const HELP_WIDTH = Math.max(...COMMAND_HELP.map(([c]) => c.length)) + 2;
export const HELP: readonly string[] = [
  'commands:',
  ...COMMAND_HELP.map(([cmd, what]) => `  ${cmd.padEnd(HELP_WIDTH)}${what}`),
];
