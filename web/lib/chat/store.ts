// The client's state container: one immutable ChatState, replaced on every change, with
// subscribers (React reads it through useSyncExternalStore). Conversations and threads are keyed
// by conversationId and messages by seq; the helpers here keep those invariants.
import { RECALL_WINDOW_MS } from './recall';
import { withItems } from './thread';
import {
  EMPTY_THREAD,
  type ChatMessage,
  type ChatState,
  type Conversation,
  type ConnectionState,
  type GroupNotice,
  type PendingMessage,
  type Thread,
  type UserCard,
} from './types';

type Listener = () => void;

export function initialState(me: UserCard): ChatState {
  return {
    me,
    connection: {
      status: 'connecting',
      retryAt: null,
      attempt: 0,
      server: null,
      syncing: false,
      detail: null,
      kick: null,
    },
    conversations: {},
    threads: {},
    friends: {},
    friendsLoaded: false,
    requests: { incoming: [], outgoing: [] },
    typing: {},
    presence: {},
    notices: {},
    groupMembers: {},
    limits: { recallWindowMs: RECALL_WINDOW_MS },
  };
}

export class ChatStore {
  #state: ChatState;
  readonly #listeners = new Set<Listener>();

  constructor(me: UserCard) {
    this.#state = initialState(me);
  }

  get state(): ChatState {
    return this.#state;
  }

  readonly getState = (): ChatState => this.#state;

  readonly subscribe = (l: Listener): (() => void) => {
    this.#listeners.add(l);
    return () => this.#listeners.delete(l);
  };

  set(next: ChatState): void {
    if (next === this.#state) return;
    this.#state = next;
    for (const l of [...this.#listeners]) l();
  }

  update(f: (s: ChatState) => ChatState): void {
    this.set(f(this.#state));
  }

  // ---- connection -----------------------------------------------------------------------

  setConnection(patch: Partial<ConnectionState>): void {
    this.update((s) => ({ ...s, connection: { ...s.connection, ...patch } }));
  }

  /** The recall window of the ChatServer just logged in to (unchanged: no render). */
  setRecallWindow(recallWindowMs: number): void {
    this.update((s) =>
      s.limits.recallWindowMs === recallWindowMs ? s : { ...s, limits: { recallWindowMs } },
    );
  }

  // ---- threads and conversations --------------------------------------------------------

  thread(conversationId: string): Thread {
    return this.#state.threads[conversationId] ?? EMPTY_THREAD;
  }

  patchThread(conversationId: string, f: (t: Thread) => Thread): void {
    this.update((s) => {
      const prev = s.threads[conversationId] ?? EMPTY_THREAD;
      const next = f(prev);
      return next === prev ? s : { ...s, threads: { ...s.threads, [conversationId]: next } };
    });
  }

  patchConversation(conversationId: string, f: (c: Conversation) => Conversation): void {
    this.update((s) => {
      const prev = s.conversations[conversationId];
      if (!prev) return s;
      const next = f(prev);
      return next === prev
        ? s
        : { ...s, conversations: { ...s.conversations, [conversationId]: next } };
    });
  }

  /**
   * Stored messages of one conversation arrived (push, SEND_MSG response or HISTORY page):
   * merge them by seq and move the conversation's lastSeq / lastMessage / readSeq forward.
   */
  addMessages(conversationId: string, messages: readonly ChatMessage[]): void {
    if (messages.length === 0) return;
    const me = this.#state.me.uid;
    this.update((s) => {
      const prevThread = s.threads[conversationId] ?? EMPTY_THREAD;
      const thread = withItems(prevThread, messages, me);
      let conversations = s.conversations;
      const conv = s.conversations[conversationId];
      if (conv) {
        let { lastSeq, readSeq, lastMessage } = conv;
        for (const m of messages) {
          if (m.seq > lastSeq) lastSeq = m.seq;
          if (!lastMessage || m.seq >= lastMessage.seq) lastMessage = m;
          // §5 / server: a sender has read everything up to its own message.
          if (m.from === me && m.seq > readSeq) readSeq = m.seq;
        }
        if (
          lastSeq !== conv.lastSeq ||
          readSeq !== conv.readSeq ||
          lastMessage !== conv.lastMessage
        ) {
          conversations = {
            ...conversations,
            [conversationId]: { ...conv, lastSeq, readSeq, lastMessage },
          };
        }
      }
      if (thread === prevThread && conversations === s.conversations) return s;
      return { ...s, threads: { ...s.threads, [conversationId]: thread }, conversations };
    });
  }

  addPending(p: PendingMessage): void {
    this.patchThread(p.conversationId, (t) => ({ ...t, pending: [...t.pending, p] }));
  }

  patchPending(
    conversationId: string,
    clientMsgId: string,
    patch: Partial<PendingMessage> | null,
  ): void {
    this.patchThread(conversationId, (t) => {
      const i = t.pending.findIndex((p) => p.clientMsgId === clientMsgId);
      if (i < 0) return t;
      const pending = t.pending.slice();
      if (patch === null) pending.splice(i, 1);
      else pending[i] = { ...pending[i]!, ...patch };
      return { ...t, pending };
    });
  }

  /** Replace the conversation list (CONVERSATIONS), keeping what only the client knows. */
  setConversations(list: readonly Conversation[]): void {
    this.update((s) => {
      const conversations: Record<string, Conversation> = {};
      for (const c of list) {
        const prev = s.conversations[c.conversationId];
        const items = s.threads[c.conversationId]?.items;
        const held = items && items.length > 0 ? items[items.length - 1] : undefined;
        // A push may have brought something newer than the list's snapshot.
        const lastMessage =
          held && (!c.lastMessage || held.seq > c.lastMessage.seq) ? held : c.lastMessage;
        conversations[c.conversationId] = {
          ...c,
          ...(lastMessage ? { lastMessage } : {}),
          lastSeq: Math.max(c.lastSeq, prev?.lastSeq ?? 0, held?.seq ?? 0),
          readSeq: Math.max(c.readSeq, prev?.readSeq ?? 0),
          peerReadSeq: Math.max(c.peerReadSeq, prev?.peerReadSeq ?? 0),
          ...(prev?.readers ? { readers: prev.readers } : {}),
        };
      }
      return { ...s, conversations, notices: placeNotices(s.notices, conversations) };
    });
  }

  /** This user is no longer a member (left the group): forget the conversation. */
  removeConversation(conversationId: string): void {
    this.update((s) => {
      if (
        !(conversationId in s.conversations) &&
        !(conversationId in s.threads) &&
        !(conversationId in s.notices)
      )
        return s;
      const { [conversationId]: _c, ...conversations } = s.conversations;
      const { [conversationId]: _t, ...threads } = s.threads;
      const { [conversationId]: _n, ...notices } = s.notices;
      const { [conversationId]: _y, ...typing } = s.typing;
      return { ...s, conversations, threads, notices, typing };
    });
  }

  /** A group event line; placed after the newest message known now unless `afterSeq` says
   *  where (see GroupNotice). */
  addNotice(n: Omit<GroupNotice, 'afterSeq'> & { afterSeq?: number }): void {
    this.update((s) => {
      const conv = s.conversations[n.conversationId];
      const notice: GroupNotice = { ...n, afterSeq: n.afterSeq ?? (conv ? conv.lastSeq : null) };
      const list = s.notices[n.conversationId] ?? [];
      if (list.some((x) => x.id === notice.id)) return s;
      return { ...s, notices: { ...s.notices, [n.conversationId]: [...list, notice] } };
    });
  }

  /** The stored event lines of a conversation (GROUP_EVENTS). They replace what was shown, but a
   *  stored event that was pushed after the list was read (a newer eventId) stays. */
  setNotices(conversationId: string, loaded: readonly GroupNotice[]): void {
    this.update((s) => {
      const ids = new Set(loaded.map((n) => n.id));
      const newest = Math.max(0, ...loaded.map((n) => storedEventId(n) ?? 0));
      const later = (s.notices[conversationId] ?? []).filter((n) => {
        const e = storedEventId(n);
        return e !== null && e > newest && !ids.has(n.id);
      });
      return { ...s, notices: { ...s.notices, [conversationId]: [...loaded, ...later] } };
    });
  }

  setTyping(conversationId: string, uid: string, until: number | null): void {
    this.update((s) => {
      const cur = s.typing[conversationId] ?? {};
      if (until === null && !(uid in cur)) return s;
      const next: Record<string, number> = { ...cur };
      if (until === null) delete next[uid];
      else next[uid] = until;
      return { ...s, typing: { ...s.typing, [conversationId]: next } };
    });
  }

  setPresence(uid: string, online: boolean): void {
    this.update((s) => {
      const friend = s.friends[uid];
      const friends =
        friend && friend.online !== online
          ? { ...s.friends, [uid]: { ...friend, online } }
          : s.friends;
      if (s.presence[uid] === online && friends === s.friends) return s;
      return { ...s, friends, presence: { ...s.presence, [uid]: online } };
    });
  }
}

/** The id of a notice made from a stored event (`ev:<eventId>`), else null. */
export function storedEventId(n: GroupNotice): number | null {
  return n.id.startsWith('ev:') ? Number(n.id.slice(3)) : null;
}

/** Notices that arrived before their conversation was known go after its lastSeq as first
 *  listed (what the member could see when the event happened). */
function placeNotices(
  notices: ChatState['notices'],
  conversations: Readonly<Record<string, Conversation>>,
): ChatState['notices'] {
  let out: Record<string, readonly GroupNotice[]> | null = null;
  for (const [cid, list] of Object.entries(notices)) {
    const conv = conversations[cid];
    if (!conv || !list.some((n) => n.afterSeq === null)) continue;
    out ??= { ...notices };
    out[cid] = list.map((n) => (n.afterSeq === null ? { ...n, afterSeq: conv.lastSeq } : n));
  }
  return out ?? notices;
}

/** Unread count of one conversation (§5: unread = lastSeq − readSeq). */
export function unreadOf(c: Conversation): number {
  return Math.max(0, c.lastSeq - c.readSeq);
}

export function totalUnread(s: ChatState): number {
  let n = 0;
  // A muted conversation (issue 12) shows a dot in the list but counts in no total.
  for (const c of Object.values(s.conversations)) if (!c.muted) n += unreadOf(c);
  return n;
}
