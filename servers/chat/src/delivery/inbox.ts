// Per-connection, per-conversation ordered delivery (PROTOCOL.md §5): a member receives a
// conversation's MSG_NOTIFYs in ascending seq, each once. Messages of one conversation may be
// committed on different ChatServers and arrive here out of order; a seq above the next expected
// one waits briefly, then the gap is read from the database. Seqs at or below the cursor are
// dropped (already delivered), so offline sync and live delivery can overlap safely.
import { MsgType, type Message } from '@parley/proto';

/** How long a seq gap may stay open before it is filled from the database. Forwarded messages
 *  normally arrive within a millisecond or two. */
export const GAP_WAIT_MS = 40;
/** Most messages one gap fill or one conversation's login backlog pushes (§5 allows a bound;
 *  the client pages the rest with HISTORY afterSeq). */
export const SYNC_MAX = 200;
/** After this many empty fills (~1 s) a gap is given up on rather than stalling the stream. */
const MAX_FRUITLESS_FILLS = 25;

export interface InboxDeps {
  /** The connection's user: its own messages are never pushed back to it. */
  self: string;
  /** Send one frame of this type with a serialised body. */
  sendBody(type: number, body: Uint8Array | string): void;
  /** Messages with from < seq < to, ascending, at most max. */
  range(conversationId: string, from: number, to: number, max: number): Promise<Message[]>;
  /** This user's ACK cursor in a conversation it was not known to be in (new conversation). */
  cursor(conversationId: string): Promise<number>;
  onError(err: unknown): void;
}

interface Stream {
  /** Next seq to deliver; null while the cursor is being loaded. */
  next: number | null;
  /** seq → notify body, or null for a seq this user already has (its own message). */
  waiting: Map<number, Uint8Array | string | null>;
  timer: NodeJS.Timeout | null;
  filling: boolean;
  /** Fills in a row that found nothing for the gap (a row that should exist but does not). */
  fruitless: number;
}

/** MSG_NOTIFY's body; `json` is the message already serialised (SEND_MSG's response has it too). */
export const notifyBody = (message: Message, json = JSON.stringify(message)): string =>
  `{"message":${json}}`;

export class Inbox {
  private readonly streams = new Map<string, Stream>();
  private closed = false;

  constructor(private readonly deps: InboxDeps) {}

  /** Start a conversation's stream at the member's ACK cursor (at LOGIN). */
  init(conversationId: string, ackSeq: number): void {
    const s = this.stream(conversationId);
    // A live message may have set the cursor already (from the database, the same value).
    if (s.next === null) s.next = ackSeq + 1;
    this.drain(conversationId, s);
  }

  /** A message to deliver (live, forwarded, or from the login backlog). */
  offer(conversationId: string, seq: number, body: Uint8Array | string | null): void {
    if (this.closed) return;
    const s = this.streams.get(conversationId) ?? this.load(conversationId);
    if (s.next !== null && seq < s.next) return; // already delivered
    if (!s.waiting.has(seq) || body === null) s.waiting.set(seq, body);
    this.drain(conversationId, s);
  }

  /** The user's own message: it has it already, so the cursor steps over it. */
  own(conversationId: string, seq: number): void {
    this.offer(conversationId, seq, null);
  }

  /** Skip to `seq` (exclusive): after a bounded backlog, the rest is paged by the client. */
  skipTo(conversationId: string, seq: number): void {
    const s = this.stream(conversationId);
    if (s.next === null || s.next < seq) s.next = seq;
    for (const k of s.waiting.keys()) if (k < seq) s.waiting.delete(k);
    this.drain(conversationId, s);
  }

  close(): void {
    this.closed = true;
    for (const s of this.streams.values()) if (s.timer) clearTimeout(s.timer);
    this.streams.clear();
  }

  private stream(conversationId: string): Stream {
    let s = this.streams.get(conversationId);
    if (!s) {
      s = { next: null, waiting: new Map(), timer: null, filling: false, fruitless: 0 };
      this.streams.set(conversationId, s);
    }
    return s;
  }

  /** A conversation this connection did not know at LOGIN (e.g. a friend accepted since). */
  private load(conversationId: string): Stream {
    const s = this.stream(conversationId);
    this.deps.cursor(conversationId).then(
      (ack) => {
        if (s.next === null) s.next = ack + 1;
        this.drain(conversationId, s);
      },
      (err: unknown) => this.deps.onError(err),
    );
    return s;
  }

  private drain(conversationId: string, s: Stream): void {
    if (s.next === null || this.closed) return;
    while (s.waiting.has(s.next)) {
      const body = s.waiting.get(s.next)!;
      s.waiting.delete(s.next);
      if (body !== null) this.deps.sendBody(MsgType.MSG_NOTIFY, body);
      s.next++;
    }
    if (s.waiting.size === 0) {
      if (s.timer) clearTimeout(s.timer);
      s.timer = null;
    } else if (!s.timer && !s.filling) {
      s.timer = setTimeout(() => {
        s.timer = null;
        void this.fill(conversationId, s);
      }, GAP_WAIT_MS);
    }
  }

  /** The gap below the lowest waiting seq is read from the database (it is committed: seqs are
   *  allocated under the conversation's row lock, so a committed seq implies all below it). */
  private async fill(conversationId: string, s: Stream): Promise<void> {
    if (s.next === null || s.waiting.size === 0 || this.closed) return;
    const upTo = Math.min(...s.waiting.keys());
    let truncated = false;
    s.filling = true;
    try {
      if (upTo > s.next) {
        const found = await this.deps.range(conversationId, s.next - 1, upTo, SYNC_MAX);
        truncated = found.length === SYNC_MAX;
        for (const m of found) {
          if (!s.waiting.has(m.seq))
            s.waiting.set(m.seq, m.from === this.deps.self ? null : notifyBody(m));
        }
        s.fruitless = found.length === 0 ? s.fruitless + 1 : 0;
      }
    } catch (err) {
      this.deps.onError(err);
      s.fruitless++;
    } finally {
      s.filling = false;
    }
    this.drain(conversationId, s);
    // Only the gap that was read may be skipped: past the bound (§5 lets the client page the
    // rest), or when the database keeps answering nothing for it. A gap that opened after the
    // read (more messages arrived while draining) gets its own wait and fill, via drain().
    if (s.next !== null && s.next < upTo && (truncated || s.fruitless >= MAX_FRUITLESS_FILLS)) {
      s.next = upTo;
      s.fruitless = 0;
      this.drain(conversationId, s);
    }
  }
}
