// The client's half of PROTOCOL.md §5: drop a seq already shown (login backlog, live delivery and
// HISTORY may overlap), and ACK what was shown — coalesced, because a burst of N notifications
// needs one ACK with the highest seq, not N round trips.

/** Seqs already shown, per conversation. Kept as a watermark (every seq ≤ floor is known) plus
 *  the seqs above it, so memory stays small however long the session runs: §5 delivers in order,
 *  so the set above the floor is almost always empty. */
export class SeenSeqs {
  private readonly convs = new Map<string, { floor: number; above: Set<number> }>();

  /** Record `seq`; false if it was seen before (the caller drops the message). */
  add(conversationId: string, seq: number): boolean {
    let c = this.convs.get(conversationId);
    if (!c) {
      c = { floor: 0, above: new Set() };
      this.convs.set(conversationId, c);
    }
    if (seq <= c.floor || c.above.has(seq)) return false;
    c.above.add(seq);
    while (c.above.delete(c.floor + 1)) c.floor++;
    return true;
  }

  /** Everything up to `seq` counts as seen (e.g. the user paged past it). */
  raiseFloor(conversationId: string, seq: number): void {
    const c = this.convs.get(conversationId) ?? { floor: 0, above: new Set<number>() };
    if (seq > c.floor) c.floor = seq;
    for (const s of c.above) if (s <= c.floor) c.above.delete(s);
    while (c.above.delete(c.floor + 1)) c.floor++;
    this.convs.set(conversationId, c);
  }

  has(conversationId: string, seq: number): boolean {
    const c = this.convs.get(conversationId);
    return c !== undefined && (seq <= c.floor || c.above.has(seq));
  }

  /** Highest seq shown in the conversation, 0 if none. */
  highest(conversationId: string): number {
    const c = this.convs.get(conversationId);
    if (!c) return 0;
    let max = c.floor;
    for (const s of c.above) if (s > max) max = s;
    return max;
  }
}

/** ~100 ms: short enough that the server's cursor is current before a user could log in
 *  elsewhere, long enough to fold a burst of notifications into one ACK. */
export const ACK_DELAY_MS = 100;

export type SendAck = (conversationId: string, seq: number) => Promise<void>;

/** One ACK per conversation per window, carrying the highest seq noted in it. */
export class AckBatcher {
  private readonly pending = new Map<string, number>();
  /** Highest seq ACKed per conversation: ACKing lower again would be a wasted round trip. */
  private readonly acked = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly send: SendAck,
    private readonly delayMs = ACK_DELAY_MS,
  ) {}

  note(conversationId: string, seq: number): void {
    if (seq <= (this.acked.get(conversationId) ?? 0)) return;
    if (seq <= (this.pending.get(conversationId) ?? 0)) return;
    this.pending.set(conversationId, seq);
    // unref: a pending ACK alone must not keep a finished CLI alive; flush() is awaited on exit.
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs).unref();
  }

  /** Send everything pending now; resolves when the server has answered every ACK sent so far.
   *  A failed ACK is only logged by `send`: the server re-pushes unACKed messages next login. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    const sends = batch.map(([conv, seq]) => {
      this.acked.set(conv, Math.max(seq, this.acked.get(conv) ?? 0));
      return this.send(conv, seq).catch(() => undefined);
    });
    this.inFlight = Promise.all([this.inFlight, ...sends]);
    return this.inFlight.then(() => undefined);
  }

  /** Drop what is pending (the connection is gone; nothing can be sent). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}

/** The last `cap` ids added, oldest dropped first: recalls that arrived before their message.
 *  A RECALL_NOTIFY can overtake the MSG_NOTIFY it names (the message may wait on a gap fill), so
 *  the message is shown as recalled when it comes. */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly cap = 256) {}

  add(id: string): void {
    this.ids.delete(id);
    this.ids.add(id);
    if (this.ids.size > this.cap) this.ids.delete(this.ids.values().next().value!);
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }
}
