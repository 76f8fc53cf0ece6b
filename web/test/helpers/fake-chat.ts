// A scripted ChatServer behind a fake transport, for the client core's tests. It speaks the
// message types of PROTOCOL.md §3 that the client uses, records every frame it receives
// (`frames`), and lets a test push, hold answers, or drop the connection with a close code.
// Extend it by adding a case to `answer` (return the response body, or undefined for none).
import { ErrorCode, MsgType, parseRequest } from '@parley/proto';
import type { UserCard } from '../../lib/chat/types';
import type { Transport, TransportEvents, TransportFactory } from '../../lib/chat/transport';

export interface WireMessage {
  msgId: string;
  conversationId: string;
  seq: number;
  from: string;
  kind: 'text';
  text: string;
  sentAt: number;
  clientMsgId: string;
}

type Body = Record<string, unknown>;

export class FakeChat {
  readonly me: UserCard = { uid: '1', username: 'me', nick: 'Me', avatar: '', bio: '' };
  readonly peer = { uid: '2', username: 'peer', nick: 'Peer', avatar: '', bio: '' };
  token = 'good';
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
  store(conversationId: string, text: string, from = this.peer.uid): WireMessage {
    const list = this.messages.get(conversationId)!;
    const seq = list.length + 1;
    const m: WireMessage = {
      msgId: `${conversationId}:${seq}`,
      conversationId,
      seq,
      from,
      kind: 'text',
      text,
      sentAt: 1_700_000_000_000 + seq * 1000,
      clientMsgId: `c${seq}`,
    };
    list.push(m);
    return m;
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
          ? { user: this.me, server: 'chat-1', heartbeatMs: 60_000 }
          : { error: ErrorCode.TOKEN_INVALID, message: 'token unknown' };
      case MsgType.CONVERSATIONS:
        return {
          conversations: [...this.messages.entries()].map(([conversationId, list]) => ({
            conversationId,
            kind: 'direct',
            peer: this.peer,
            ...(list.length ? { lastMessage: list[list.length - 1] } : {}),
            lastSeq: list.length,
            readSeq: 0,
            unread: list.length,
          })),
        };
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
        const m = this.store(cid, String(b['text']), this.me.uid);
        m.clientMsgId = String(b['clientMsgId']);
        return { message: m };
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
