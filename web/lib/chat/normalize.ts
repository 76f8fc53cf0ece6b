// Server bodies → client types. Tolerant by design: a field a newer server adds is ignored and
// a missing optional one gets a default, while something unusable (no id, no seq) is dropped
// rather than crashing the UI. User text is kept as a string and only ever rendered as text.
import type {
  ChatMessage,
  Conversation,
  Friend,
  FriendRequest,
  Group,
  GroupMember,
  QuoteInfo,
  UserCard,
} from './types';

type Rec = Record<string, unknown>;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const id = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

export function toUserCard(v: unknown): UserCard | null {
  if (!isRec(v)) return null;
  const uid = id(v['uid']);
  if (uid === null) return null;
  return {
    uid,
    username: str(v['username']),
    nick: str(v['nick']),
    avatar: str(v['avatar']),
    bio: str(v['bio']),
  };
}

const KINDS = new Set(['text', 'image', 'file', 'voice', 'recalled']);

export function toMessage(v: unknown): ChatMessage | null {
  if (!isRec(v)) return null;
  const msgId = id(v['msgId']);
  const conversationId = id(v['conversationId']);
  const from = id(v['from']);
  const seq = num(v['seq'], -1);
  if (msgId === null || conversationId === null || from === null || seq < 1) return null;
  const kind = str(v['kind'], 'text');
  const m: ChatMessage = {
    msgId,
    conversationId,
    seq,
    from,
    kind: (KINDS.has(kind) ? kind : 'text') as ChatMessage['kind'],
    sentAt: num(v['sentAt'], Date.now()),
    clientMsgId: str(v['clientMsgId']),
  };
  if (typeof v['text'] === 'string') m.text = v['text'];
  const media = v['media'];
  if (isRec(media)) {
    m.media = {
      mediaId: str(media['mediaId']),
      url: str(media['url']),
      name: str(media['name']),
      mime: str(media['mime']),
      size: num(media['size']),
    };
  }
  const q = toQuote(v['replyTo']);
  if (q) m.replyTo = q;
  return m;
}

/** §9.4 `replyTo`; dropped when unusable (no msgId or seq), like a message. */
export function toQuote(v: unknown): QuoteInfo | null {
  if (!isRec(v)) return null;
  const msgId = id(v['msgId']);
  const from = id(v['from']);
  const seq = num(v['seq'], -1);
  if (msgId === null || from === null || seq < 1) return null;
  const kind = str(v['kind'], 'text');
  return {
    msgId,
    seq,
    from,
    kind: (KINDS.has(kind) ? kind : 'text') as QuoteInfo['kind'],
    preview: str(v['preview']),
  };
}

export function toMessages(v: unknown): ChatMessage[] {
  if (!Array.isArray(v)) return [];
  const out: ChatMessage[] = [];
  for (const x of v) {
    const m = toMessage(x);
    if (m) out.push(m);
  }
  return out;
}

/** §3 `group`, with Parley's optional `memberCount` and `ownerUid` when the server sends them. */
export function toGroup(v: unknown): Group | undefined {
  if (!isRec(v)) return undefined;
  const groupId = id(v['groupId']);
  const conversationId = id(v['conversationId']);
  if (groupId === null || conversationId === null) return undefined;
  const members = list(v['members'], toUserCard);
  const g: Group = { groupId, conversationId, name: str(v['name']), members };
  const count = v['memberCount'];
  if (typeof count === 'number' && Number.isInteger(count) && count >= 0) g.memberCount = count;
  const owner = id(v['ownerUid']);
  if (owner !== null) g.ownerUid = owner;
  return g;
}

/** A GROUP_MEMBERS entry (Parley addition): a card with its role. */
export function toGroupMember(v: unknown): GroupMember | null {
  const card = toUserCard(v);
  if (!card || !isRec(v)) return null;
  const role = v['role'];
  const readSeq = v['readSeq'];
  return {
    ...card,
    role: role === 'owner' || role === 'admin' ? role : 'member',
    joinedAt: num(v['joinedAt']),
    // Optional (a Parley addition): the member's read cursor, for "Read by N" after a reload.
    ...(typeof readSeq === 'number' && Number.isInteger(readSeq) ? { readSeq } : {}),
  };
}

/** A CONVERSATIONS entry (§3). `peerReadSeq` (direct conversations) is an optional addition;
 *  without it 0, and the store keeps what READ_NOTIFY taught it. */
export function toConversation(v: unknown): Conversation | null {
  if (!isRec(v)) return null;
  const conversationId = id(v['conversationId']);
  if (conversationId === null) return null;
  const c: Conversation = {
    conversationId,
    kind: v['kind'] === 'group' ? 'group' : 'direct',
    lastSeq: num(v['lastSeq']),
    readSeq: num(v['readSeq']),
    peerReadSeq: num(v['peerReadSeq']),
  };
  const peer = toUserCard(v['peer']);
  if (peer) c.peer = peer;
  const group = toGroup(v['group']);
  if (group) c.group = group;
  const last = toMessage(v['lastMessage']);
  if (last) c.lastMessage = last;
  if (last && last.seq > c.lastSeq) c.lastSeq = last.seq;
  if (v['muted'] === true) c.muted = true;
  return c;
}

export function toFriend(v: unknown): Friend | null {
  const card = toUserCard(v);
  if (!card || !isRec(v)) return null;
  return {
    ...card,
    remark: str(v['remark']),
    online: v['online'] === true,
    conversationId: str(v['conversationId']),
  };
}

export function toFriendRequest(v: unknown): FriendRequest | null {
  if (!isRec(v)) return null;
  const requestId = id(v['requestId']);
  const user = toUserCard(v['user']);
  if (requestId === null || !user) return null;
  const status = v['status'];
  return {
    requestId,
    user,
    greeting: str(v['greeting']),
    at: num(v['at'], Date.now()),
    status: status === 'accepted' || status === 'rejected' ? status : 'pending',
  };
}

export function list<T>(v: unknown, f: (x: unknown) => T | null): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v) {
    const t = f(x);
    if (t !== null) out.push(t);
  }
  return out;
}
