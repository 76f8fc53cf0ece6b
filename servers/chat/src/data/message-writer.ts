// Group commit for SEND_MSG (issue 3): every request waiting when a flush starts is stored in one
// transaction — idempotency check, seq allocation, insert, sender cursors — and each sender is
// answered only after that commit (PROTOCOL.md §5: stored before `error: 0`). While one flush
// runs the next batch gathers, so batches grow with load and latency stays one commit at idle.
// How a batch is stored is the HotStore's business (data/store).
import { isUniqueViolation } from '@parley/db';
import { ErrorCode, ParleyError, type Message, type ReplyTo } from '@parley/proto';
import type { Logger } from '@parley/core';
import { msgIdOf, toMessage, type MessageRow } from './messages';
import { toWireMedia } from './media';
import { isFailure, type HotStore, type SendInput } from './store';

export type { SendInput } from './store';

export interface SendResult {
  message: Message;
  /** true when this (sender, clientMsgId) was stored before: nothing new was stored or is to be delivered. */
  duplicate: boolean;
}

interface Pending {
  input: SendInput;
  resolve: (r: SendResult) => void;
  reject: (e: unknown) => void;
}

export interface BatchFigures {
  size: number;
  seconds: number;
  ok: boolean;
  stored: number;
  commitSeconds?: number;
}

/** A batch larger than this waits for the next flush: bounds one transaction's size and the time
 *  the event loop spends on one batch's answers. */
export const MAX_BATCH = 512;
const MAX_ATTEMPTS = 4;

export class MessageWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly store: HotStore,
    private readonly log: Logger,
    /** Each commit's size, duration and outcome, for metrics: `stored` counts the messages new
     *  in it, `commitSeconds` the COMMIT alone (the store's fsync) when the store measured it. */
    private readonly onBatch?: (b: BatchFigures) => void,
    /** The current quotes of replies (data/quotes.ts `loadQuotes`), read after the commit; only
     *  a batch holding a reply pays for it. Without it replies are answered without `replyTo`. */
    private readonly quotes?: (rows: MessageRow[]) => Promise<Map<string, ReplyTo>>,
  ) {}

  write(input: SendInput): Promise<SendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once everything written so far is stored (or failed). */
  close(): Promise<void> {
    if (!this.scheduled && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** The next batch starts once this tick's requests are in, so a batch holds everything that
   *  arrived together; up to `store.maxInFlight` batches are out at once (a store that runs them
   *  one after another, in order, lets the next one gather while the last commits). */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.store.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.queue.length > 0 && this.inFlight < this.store.maxInFlight) {
        const batch = this.queue.splice(0, MAX_BATCH);
        this.inFlight++;
        void this.flush(batch).then(() => {
          this.inFlight--;
          if (this.queue.length > 0) this.schedule();
          else if (this.inFlight === 0 && !this.scheduled) for (const f of this.idle.splice(0)) f();
        });
      }
    });
  }

  /** Outside the commit's retry loop on purpose: the batch is stored by then, and a retry would
   *  find its own rows "already stored" and deliver nothing. A failed read answers the replies
   *  without `replyTo`; HISTORY shows the quote. */
  private async quotesOf(rows: MessageRow[]): Promise<Map<string, ReplyTo> | undefined> {
    if (!this.quotes) return undefined;
    try {
      return await this.quotes(rows);
    } catch (err) {
      this.log.warn({ err }, `could not read the quotes of ${rows.length} replies`);
      return undefined;
    }
  }

  private async flush(batch: Pending[]): Promise<void> {
    // Set when an attempt failed after it may have committed (the store's worker died): a row the
    // retry finds "already stored" may be this batch's own, whose notifies never went out. It is
    // then delivered as new; recipients' inboxes drop a seq they already have.
    let uncertain = false;
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows, media, commitSeconds } = await this.store.storeMessages(
          batch.map((b) => b.input),
        );
        this.onBatch?.({
          size: batch.length,
          seconds: (performance.now() - started) / 1000,
          ok: true,
          stored: rows.filter((r) => !isFailure(r) && !r.duplicate).length,
          ...(commitSeconds !== undefined ? { commitSeconds } : {}),
        });
        const wire = new Map(media.map((m) => [m.id, toWireMedia(m)]));
        const replies: MessageRow[] = [];
        for (const r of rows) if (!isFailure(r) && r.replyToSeq != null) replies.push(r);
        // §9.4: the reply's answer and MSG_NOTIFY carry its quote; a resend's, the original's.
        const quotes = replies.length > 0 ? await this.quotesOf(replies) : undefined;
        batch.forEach((b, i) => {
          const r = rows[i]!;
          if (isFailure(r)) b.reject(new ParleyError(r.error, r.message));
          else
            b.resolve({
              message: toMessage(r, wire, quotes),
              duplicate: r.duplicate && !uncertain,
            });
        });
        return;
      } catch (err) {
        // A concurrent resend committed on another ChatServer (unique sender+clientMsgId), or a
        // deadlock/busy database: the retry re-reads and finds what is stored now.
        const lost = (err as { code?: unknown } | null)?.code === 'WORKER_EXIT';
        uncertain ||= lost;
        if (attempt < MAX_ATTEMPTS && (lost || isUniqueViolation(err) || isTransient(err)))
          continue;
        this.log.error({ err, size: batch.length }, `message batch failed: ${describe(err)}`);
        this.onBatch?.({
          size: batch.length,
          seconds: (performance.now() - started) / 1000,
          ok: false,
          stored: 0,
        });
        const e = new ParleyError(ErrorCode.INTERNAL, 'could not store the message; retry');
        for (const b of batch) b.reject(e);
        return;
      }
    }
  }
}

/** An error's text for a log line's message (pino keeps the full error in `err`). */
function describe(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/** Deadlock (MySQL 1213), lock wait timeout (1205), SQLite busy, or a unique violation as SQLite
 *  reports it: worth one more try. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const text = `${err instanceof Error ? err.message : String(err)} ${typeof code === 'string' || typeof code === 'number' ? code : ''}`;
  return /deadlock|1213|1205|lock wait|SQLITE_BUSY|database is locked|SQLITE_CONSTRAINT_UNIQUE/i.test(
    text,
  );
}

export { msgIdOf };
