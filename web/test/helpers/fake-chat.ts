// A scripted ChatServer behind a fake transport, for the client core's tests. It speaks the
// message types of PROTOCOL.md §3 that the client uses — groups, media sends (with a FakeGate's
// uploads), READ cursors and RECALL included — records every frame it receives (`frames`), and
// lets a test push, hold answers, or drop the connection with a close code.
// Extend it by adding a case to `answer` (return the response body, or undefined for none).
import { ErrorCode, MsgType, parseRequest } from '@parley/proto';
import type { MediaInfo, UserCard } from '../../lib/chat/types';
import type { Transport, TransportEvents, TransportFactory } from '../../lib/chat/transport';
import type { FakeGate } from './fake-gate';

export interface WireMessage {
  msgId: string;
  conversationId: string;
  seq: number;
  from: string;
  kind: 'text' | 'image' | 'file' | 'voice' | 'recalled';
  text?: string;
  media?: MediaInfo;
  sentAt: number;
  clientMsgId: string;
  /** §9.4: set when a SEND_MSG named `replyTo` (checked as the server does: same conversation). */
  replyTo?: {
    msgId: string;
    seq: number;
    from: string;
    kind: WireMessage['kind'];
    preview: string;
  };
}

export interface FakeGroup {
  groupId: string;
  conversationId: string;
  name: string;
  members: UserCard[];
  ownerUid: string;
}

/** §3 RECALL: within 2 minutes of sentAt. */
const RECALL_WINDOW_MS = 120_000;

type Body = Record<string, unknown>;

export class FakeChat {
  readonly me: UserCard = { uid: '1', username: 'me', nick: 'Me', avatar: '', bio: '' };
  readonly peer = { uid: '2', username: 'peer', nick: 'Peer', avatar: '', bio: '' };
  /** A third person, friend of both, for groups. */
  readonly carol = { uid: '3', username: 'carol', nick: 'Carol', avatar: '', bio: '' };
  /** Group conversations by conversationId (the others are direct, with `peer`). */
  readonly groups = new Map<string, FakeGroup>();
  /** This user's read cursor per conversation (READ moves it), as CONVERSATIONS reports it. */
  readonly readSeqs = new Map<string, number>();
  /** Other members' read cursors in groups, `${conversationId} ${uid}` → seq (GROUP_MEMBERS). */
  readonly memberReadSeqs = new Map<string, number>();
  /** Sent as CONVERSATIONS' optional `peerReadSeq` when set. */
  readonly peerReadSeqs = new Map<string, number>();
  /** Stored event lines per groupId, answered to GROUP_EVENTS (none: an empty list). */
  readonly groupEvents = new Map<string, Body[]>();
  /** Uploads media sends may name. */
  gate: FakeGate | null = null;
  /** New messages get `Date.now()` as sentAt (recall tests) instead of a fixed past time. */
  liveTimes = false;
  token = 'good';
  /** LOGIN's `limits` (a Parley addition); none by default, as a server that sends none. */
  limits: unknown = undefined;
  /** Frames the client sent, in order, on any connection. */
  readonly frames: { type: number; body: Body; conn: number }[] = [];
  readonly messages = new Map<string, WireMessage[]>();
  /** Dial attempts so far; `refuse` makes the next ones fail before opening. */
  dials = 0;
  refuse = false;
  /** Answer SEND_MSG with this error instead of storing (then clear it). */
  failNextSend: number | null = null;
  private conn: { events: TransportEvents; open: boolean; id: number } | null = null;

  constructor(conversationIds: string[] = ['d_1_2']) {
    for (const c of conversationIds) this.messages.set(c, []);
  }

  /** Store a message from the peer (as if sent on another ChatServer); returns it. */
  store(
    conversationId: string,
    text: string,
    from = this.peer.uid,
    extra: Partial<WireMessage> = {},
  ): WireMessage {
    const list = this.messages.get(conversationId)!;
    const seq = list.length + 1;
    const m: WireMessage = {
      msgId: `${conversationId}:${seq}`,
      conversationId,
      seq,
      from,
      kind: 'text',
      text,
      sentAt: this.liveTimes ? Date.now() : 1_700_000_000_000 + seq * 1000,
      clientMsgId: `c${seq}`,
      ...extra,
    };
    list.push(m);
    return m;
  }

  /** The group as the wire carries it (§3 `group`, with Parley's additions). */
  wireGroup(g: FakeGroup): Record<string, unknown> {
    return { ...g, members: [...g.members], memberCount: g.members.length };
  }

  /** A group that exists on the server (as if created by someone else). */
  addGroup(name: string, members: UserCard[], ownerUid = this.peer.uid): FakeGroup {
    const n = this.groups.size + 1;
    const g: FakeGroup = {
      groupId: `grp${String(n)}`,
      conversationId: `g_${String(n)}`,
      name,
      members,
      ownerUid,
    };
    this.groups.set(g.conversationId, g);
    this.messages.set(g.conversationId, []);
    return g;
  }

  #group(groupId: unknown): FakeGroup | undefined {
    return [...this.groups.values()].find((g) => g.groupId === groupId);
  }

  #card(uid: string): UserCard {
    return (
      [this.me, this.peer, this.carol].find((c) => c.uid === uid) ?? {
        uid,
        username: `u${uid}`,
        nick: '',
        avatar: '',
        bio: '',
      }
    );
  }

  readonly transport: TransportFactory = (_url, events) => {
    this.dials++;
    const id = this.dials;
    if (this.refuse) {
      setTimeout(() => events.onClose(1006, 'refused'), 0);
      return { send: () => false, close: () => undefined };
    }
    const c = { events, open: false, id };
    this.conn = c;
    setTimeout(() => {
      c.open = true;
      events.onOpen();
    }, 0);
    const t: Transport = {
      send: (type, body) => {
        if (!c.open || this.conn !== c) return false;
        const b = JSON.parse(JSON.stringify(body)) as Body;
        this.frames.push({ type, body: b, conn: id });
        const rsp = this.answer(type, b);
        if (rsp !== undefined) {
          const reqId = b['reqId'];
          setTimeout(() => {
            if (c.open && this.conn === c)
              events.onFrame(type + 1, {
                error: 0,
                ...rsp,
                ...(reqId !== undefined ? { reqId } : {}),
              });
          }, 0);
        }
        return true;
      },
      close: () => {
        c.open = false;
        if (this.conn === c) this.conn = null;
      },
    };
    return t;
  };

  /** A push on the live connection. */
  push(type: number, body: Body): void {
    if (this.conn?.open) this.conn.events.onFrame(type, body);
  }

  /** The server side ends the connection with `code`. */
  drop(code: number, reason = ''): void {
    const c = this.conn;
    if (!c) return;
    c.open = false;
    this.conn = null;
    c.events.onClose(code, reason);
  }

  get connected(): boolean {
    return this.conn?.open ?? false;
  }

  sentOf(type: number): Body[] {
    return this.frames.filter((f) => f.type === type).map((f) => f.body);
  }

  private answer(type: number, b: Body): Body | undefined {
    switch (type) {
      case MsgType.LOGIN:
        return b['token'] === this.token
          ? {
              user: this.me,
              server: 'chat-1',
              heartbeatMs: 60_000,
              ...(this.limits === undefined ? {} : { limits: this.limits }),
            }
          : { error: ErrorCode.TOKEN_INVALID, message: 'token unknown' };
      case MsgType.CONVERSATIONS:
        return {
          conversations: [...this.messages.entries()].map(([conversationId, list]) => {
            const g = this.groups.get(conversationId);
            const readSeq = this.readSeqs.get(conversationId) ?? 0;
            const peerReadSeq = this.peerReadSeqs.get(conversationId);
            return {
              conversationId,
              ...(g
                ? { kind: 'group', group: this.wireGroup(g) }
                : { kind: 'direct', peer: this.peer }),
              ...(list.length ? { lastMessage: list[list.length - 1] } : {}),
              lastSeq: list.length,
              readSeq,
              unread: list.length - readSeq,
              ...(peerReadSeq !== undefined ? { peerReadSeq } : {}),
            };
          }),
        };
      case MsgType.READ: {
        const cid = String(b['conversationId']);
        const seq = Number(b['seq']);
        if (seq > (this.readSeqs.get(cid) ?? 0)) this.readSeqs.set(cid, seq);
        return {};
      }
      case MsgType.GROUP_CREATE: {
        const uids = (b['memberUids'] as string[]).map((u) => this.#card(u));
        const g = this.addGroup(String(b['name']), [this.me, ...uids], this.me.uid);
        return { group: this.wireGroup(g) };
      }
      case MsgType.GROUP_INVITE: {
        const g = this.#group(b['groupId']);
        if (!g) return { error: ErrorCode.NOT_FOUND, message: 'no such group' };
        for (const u of b['uids'] as string[])
          if (!g.members.some((m) => m.uid === u)) g.members.push(this.#card(u));
        return { group: this.wireGroup(g) };
      }
      case MsgType.GROUP_RENAME: {
        const g = this.#group(b['groupId']);
        if (!g) return { error: ErrorCode.NOT_FOUND, message: 'no such group' };
        if (g.ownerUid !== this.me.uid)
          return { error: ErrorCode.FORBIDDEN, message: 'owner only' };
        g.name = String(b['name']);
        return { group: this.wireGroup(g) };
      }
      case MsgType.GROUP_LEAVE: {
        const g = this.#group(b['groupId']);
        if (!g) return { error: ErrorCode.NOT_FOUND, message: 'no such group' };
        g.members = g.members.filter((m) => m.uid !== this.me.uid);
        this.messages.delete(g.conversationId);
        return {};
      }
      case MsgType.GROUP_MEMBERS: {
        const g = this.#group(b['groupId']);
        if (!g) return { error: ErrorCode.NOT_FOUND, message: 'no such group' };
        return {
          group: this.wireGroup(g),
          members: g.members.map((m, i) => {
            const readSeq = this.memberReadSeqs.get(`${g.conversationId} ${m.uid}`);
            return {
              ...m,
              role: m.uid === g.ownerUid ? 'owner' : 'member',
              joinedAt: i,
              ...(readSeq !== undefined ? { readSeq } : {}),
            };
          }),
        };
      }
      case MsgType.GROUP_EVENTS: {
        const g = this.#group(b['groupId']);
        if (!g) return { error: ErrorCode.NOT_FOUND, message: 'no such group' };
        const events = this.groupEvents.get(g.groupId) ?? [];
        const named = new Set<string>();
        for (const e of events) {
          if (typeof e['by'] === 'string') named.add(e['by']);
          for (const u of (e['uids'] as string[] | undefined) ?? []) named.add(u);
        }
        return { events, users: [...named].map((u) => this.#card(u)) };
      }
      case MsgType.RECALL: {
        const m = this.messages
          .get(String(b['conversationId']))
          ?.find((x) => x.msgId === b['msgId']);
        if (!m) return { error: ErrorCode.NOT_FOUND, message: 'no such message' };
        if (m.from !== this.me.uid || Date.now() - m.sentAt > RECALL_WINDOW_MS)
          return { error: ErrorCode.FORBIDDEN, message: 'only your own, within 2 minutes' };
        m.kind = 'recalled';
        delete m.text;
        delete m.media;
        return {};
      }
      case MsgType.FRIEND_LIST:
        return { friends: [{ ...this.peer, remark: '', online: true, conversationId: 'd_1_2' }] };
      case MsgType.FRIEND_REQUESTS:
        return { incoming: [], outgoing: [] };
      case MsgType.HISTORY: {
        const list = this.messages.get(String(b['conversationId'])) ?? [];
        const limit = typeof b['limit'] === 'number' ? b['limit'] : 50;
        const after = b['afterSeq'];
        const before = b['beforeSeq'];
        let page: WireMessage[];
        let hasMore: boolean;
        if (typeof after === 'number' && before === undefined) {
          const rest = list.filter((m) => m.seq > after);
          page = rest.slice(0, limit);
          hasMore = rest.length > limit;
        } else {
          const rest = list.filter((m) => typeof before !== 'number' || m.seq < before);
          page = rest.slice(Math.max(0, rest.length - limit));
          hasMore = rest.length > limit;
        }
        return { messages: page, hasMore };
      }
      case MsgType.SEND_MSG: {
        if (this.failNextSend !== null) {
          const error = this.failNextSend;
          this.failNextSend = null;
          return { error, message: 'refused by the fake' };
        }
        const cid = String(b['conversationId']);
        const list = this.messages.get(cid)!;
        // §5: a repeated clientMsgId returns the original.
        const dup = list.find((m) => m.from === this.me.uid && m.clientMsgId === b['clientMsgId']);
        if (dup) return { message: dup };
        const kind = String(b['kind']) as WireMessage['kind'];
        let replyTo: WireMessage['replyTo'];
        if (b['replyTo'] !== undefined) {
          const q = list.find((x) => x.msgId === b['replyTo']);
          if (!q) return { error: ErrorCode.NOT_FOUND, message: 'no such message to reply to' };
          const preview = q.kind === 'text' ? (q.text ?? '').slice(0, 100) : (q.media?.name ?? '');
          replyTo = { msgId: q.msgId, seq: q.seq, from: q.from, kind: q.kind, preview };
        }
        if (kind !== 'text') {
          // As servers/chat requireSendableMedia: an own upload whose sniffed type fits.
          const media = this.gate?.info(String(b['mediaId']));
          if (!media) return { error: ErrorCode.NOT_FOUND, message: 'no such media' };
          const fits =
            kind === 'file' ||
            (kind === 'image' && media.mime.startsWith('image/')) ||
            (kind === 'voice' && media.mime.startsWith('audio/'));
          if (!fits) return { error: ErrorCode.BAD_REQUEST, message: `not ${kind} media` };
          const m = this.store(cid, '', this.me.uid, {
            kind,
            media,
            ...(replyTo ? { replyTo } : {}),
          });
          delete m.text;
          m.clientMsgId = String(b['clientMsgId']);
          return { message: m };
        }
        const m = this.store(cid, String(b['text']), this.me.uid, replyTo ? { replyTo } : {});
        m.clientMsgId = String(b['clientMsgId']);
        return { message: m };
      }
      case MsgType.SEARCH_MSG: {
        // §9.3 as the server answers it: the whole query as one substring (ASCII case folded
        // here), newest first, `before` pages older.
        const q = String(b['query']).trim().toLowerCase();
        const limit = typeof b['limit'] === 'number' ? b['limit'] : 20;
        const all = [...this.messages.values()]
          .flat()
          .filter((m) => m.kind === 'text' && (m.text ?? '').toLowerCase().includes(q))
          .sort((x, y) => y.sentAt - x.sentAt || y.seq - x.seq);
        const start =
          b['before'] === undefined ? 0 : all.findIndex((m) => m.msgId === b['before']) + 1;
        const page = all.slice(start, start + limit);
        return {
          hits: page.map((message) => ({ message, conversationId: message.conversationId })),
          hasMore: all.length > start + limit,
        };
      }
      case MsgType.SEARCH_USER:
        return { users: [this.peer] };
      case MsgType.PROFILE_UPDATE: {
        // Validated as the real server does (trimmed nick, bounds), then stored on `me`.
        const r = parseRequest(MsgType.PROFILE_UPDATE, new TextEncoder().encode(JSON.stringify(b)));
        if (!r.ok) return { error: r.error.code, message: r.error.message };
        const { reqId: _r, ...patch } = r.value;
        Object.assign(this.me, patch);
        return { user: { ...this.me } };
      }
      case MsgType.TYPING:
        return undefined;
      default:
        return {};
    }
  }
}

/** Wait until `cond` holds (polling the event loop), or fail after `ms`. */
export async function until(cond: () => boolean, ms = 2_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
