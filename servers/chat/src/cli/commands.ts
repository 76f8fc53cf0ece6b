// The slash commands, one handler each, routed from one table (as the server routes by type).
// A line that is not a command is a message to the open chat.
import { MsgType } from '@parley/proto';
import { HISTORY_DEFAULT, markRead, msgIdAt, sendText, showHistory } from './chat';
import {
  HELP,
  conversationLines,
  deviceLines,
  findLines,
  friendLines,
  requestLines,
  searchLines,
  who,
} from './format';
import { CliError, describeError } from './errors';
import type { CliState, OpenChat } from './state';

/** Hits /find prints (SEARCH_MSG's largest page). */
const FIND_LIMIT = 50;

/** 'quit' ends the session; anything else keeps reading. */
type Outcome = 'quit' | undefined;
type Command = (s: CliState, args: string) => Promise<Outcome>;

const usage = (text: string): CliError => new CliError(`usage: ${text}`);

function needChat(s: CliState): OpenChat {
  if (!s.chat) throw new CliError('no chat open: /chat <uid|username> first');
  return s.chat;
}

/** `#7` and `7` both name request 7, since /requests prints them with a `#`. */
const requestId = (arg: string): string => arg.trim().replace(/^#/, '');

async function reply(s: CliState, args: string, accept: boolean): Promise<Outcome> {
  const id = requestId(args);
  if (!id) throw usage(accept ? '/accept <requestId>' : '/reject <requestId>');
  const rsp = await s.session.call(MsgType.FRIEND_REPLY, { requestId: id, accept });
  if (accept && rsp.friend && rsp.conversationId) {
    // They asked a moment ago; whether they are online now, /friends will say.
    s.dir.addFriend({
      ...rsp.friend,
      remark: '',
      online: false,
      conversationId: rsp.conversationId,
    });
    s.out.line(`* accepted #${id}: ${who(rsp.friend)} is your friend (${rsp.conversationId})`);
  } else {
    s.out.line(`* ${accept ? 'accepted' : 'rejected'} #${id}`);
  }
  return undefined;
}

const COMMANDS: Record<string, Command> = {
  help: (s) => (s.out.lines(HELP), Promise.resolve(undefined)),

  async friends(s) {
    const rsp = await s.session.call(MsgType.FRIEND_LIST, {});
    s.dir.setFriends(rsp.friends);
    s.out.lines(friendLines(rsp.friends));
    return undefined;
  },

  async requests(s) {
    const rsp = await s.session.call(MsgType.FRIEND_REQUESTS, {});
    for (const r of [...rsp.incoming, ...rsp.outgoing]) s.dir.learn(r.user);
    s.out.lines(requestLines(rsp.incoming, rsp.outgoing));
    return undefined;
  },

  async search(s, args) {
    const query = args.trim();
    if (!query) throw usage('/search <query>');
    const rsp = await s.session.call(MsgType.SEARCH_USER, { query });
    for (const u of rsp.users) s.dir.learn(u);
    s.out.lines(searchLines(query, rsp.users));
    return undefined;
  },

  /** SEARCH_MSG (PROTOCOL.md §9.3): messages in all of one's conversations, newest first. */
  async find(s, args) {
    const query = args.trim();
    if (!query) throw usage('/find <words>');
    const rsp = await s.session.call(MsgType.SEARCH_MSG, { query, limit: FIND_LIMIT });
    s.out.lines(
      findLines(query, rsp.hits, rsp.hasMore, {
        conversation: (id) => s.dir.conversationName(id),
        nick: (uid) => s.dir.nick(uid),
      }),
    );
    return undefined;
  },

  async add(s, args) {
    const [target = '', ...rest] = args.trim().split(/\s+/);
    if (!target) throw usage('/add <uid|username> [greeting…]');
    const greeting = rest.join(' ');
    // A username is looked up first (usernames start with a letter, so they never look like a
    // uid); the card found also gives the confirmation a name.
    const found = (await s.session.call(MsgType.SEARCH_USER, { query: target })).users;
    const card =
      found.find((u) => u.uid === target) ??
      found.find((u) => u.username.toLowerCase() === target.toLowerCase());
    if (card) s.dir.learn(card);
    const toUid = card?.uid ?? target;
    const rsp = await s.session.call(MsgType.FRIEND_ADD, {
      toUid,
      ...(greeting ? { greeting } : {}),
    });
    s.out.line(`* friend request #${rsp.requestId} sent to ${card ? who(card) : `uid=${toUid}`}`);
    return undefined;
  },

  accept: (s, args) => reply(s, args, true),
  reject: (s, args) => reply(s, args, false),

  async chat(s, args) {
    const query = args.trim();
    if (!query) throw usage('/chat <uid|username>');
    // Refreshed first: a friendship made elsewhere (another device, the web) is then found too.
    s.dir.setFriends((await s.session.call(MsgType.FRIEND_LIST, {})).friends);
    const f = s.dir.findFriend(query);
    if (!f) throw new CliError(`${query} is not among your friends (see /search and /add)`);
    s.chat = { conversationId: f.conversationId, peer: f };
    s.out.line(`* chatting with ${who(f)} in ${f.conversationId}`);
    await showHistory(s, s.chat, HISTORY_DEFAULT);
    return undefined;
  },

  async history(s, args) {
    const chat = needChat(s);
    const n = args.trim() === '' ? HISTORY_DEFAULT : Number(args.trim());
    if (!Number.isInteger(n) || n < 1 || n > 100) throw usage('/history [n], 1 ≤ n ≤ 100');
    await showHistory(s, chat, n);
    return undefined;
  },

  async convs(s) {
    const rsp = await s.session.call(MsgType.CONVERSATIONS, {});
    for (const c of rsp.conversations) if (c.peer) s.dir.learn(c.peer);
    s.out.lines(
      conversationLines(rsp.conversations, (c) =>
        c.peer ? c.peer.username : (c.group?.name ?? c.conversationId),
      ),
    );
    return undefined;
  },

  async read(s) {
    await markRead(s, needChat(s));
    return undefined;
  },

  async retry(s) {
    const f = s.failed;
    if (!f) throw new CliError('no failed message to retry');
    const chat = s.chat?.conversationId === f.conversationId ? s.chat : null;
    if (!chat) throw new CliError('the failed message was for another chat');
    await sendText(s, chat, f.text, f.replyTo);
    return undefined;
  },

  /** §9.4: a text quoting message #seq of the open chat. */
  async reply(s, args) {
    const [, seqText = '', text = ''] = /^(\S*)\s*(.*)$/.exec(args.trim()) ?? [];
    const seq = Number(seqText);
    if (!Number.isInteger(seq) || seq < 1 || text === '') throw usage('/reply <seq> <text>');
    const chat = needChat(s);
    await sendText(s, chat, text, await msgIdAt(s, chat, seq));
    return undefined;
  },

  /** DEVICES (PROTOCOL.md §9.2). */
  async devices(s) {
    const rsp = await s.session.call(MsgType.DEVICES, {});
    s.out.lines(deviceLines(rsp.devices));
    return undefined;
  },

  /** DEVICE_REVOKE: this device too (a log-out; the KICKED that follows ends the CLI). */
  async revoke(s, args) {
    const deviceId = args.trim();
    if (!deviceId) throw usage('/revoke <deviceId> (see /devices)');
    await s.session.call(MsgType.DEVICE_REVOKE, { deviceId });
    s.out.line(`* revoked ${deviceId}: logged out`);
    return undefined;
  },

  quit: () => Promise.resolve('quit'),
};

/** Run one input line; errors are printed here, so one bad command never ends the session. */
export async function runLine(s: CliState, raw: string): Promise<Outcome> {
  const line = raw.trim();
  if (line === '') return undefined;
  try {
    if (line.startsWith('/') && !line.startsWith('//')) {
      const [, name = '', args = ''] = /^\/(\S+)\s*(.*)$/.exec(line) ?? [];
      const key = name.toLowerCase();
      // Own keys only: "/constructor" must not reach Object.prototype.
      const cmd = Object.hasOwn(COMMANDS, key) ? COMMANDS[key] : undefined;
      if (!cmd) {
        s.out.line(`! unknown command /${name} (try /help)`);
        return undefined;
      }
      return await cmd(s, args);
    }
    // "//text" sends "/text": the escape for a message that starts with a slash.
    await sendText(s, needChat(s), line.startsWith('//') ? line.slice(1) : line);
  } catch (err) {
    s.out.line(describeError(err));
  }
  return undefined;
}
