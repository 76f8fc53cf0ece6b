// The storage behind the two hot paths, SEND_MSG and ACK/READ cursors (issue 3): one interface,
// two adapters. Embedded mode's SQLite runs it on prepared statements in a worker thread
// (sqlite.ts); MySQL/MariaDB runs it through Prisma (prisma.ts). MessageWriter and CursorWriter
// own the batching; a store only stores one batch at a time, each in one transaction.
import type { MessageRow } from '../messages';
import type { MediaRow } from '../media';
import type { ErrorCodeValue } from '@parley/proto';

export interface SendInput {
  conversationId: string;
  senderId: number;
  clientMsgId: string;
  kind: string;
  text: string | null;
  mediaId: string | null;
  /** §9.4: the seq of the quoted message, in the same conversation (checked before the send is
   *  admitted), or null. */
  replyToSeq: number | null;
}

/** One input's outcome: the stored row, and whether it was stored before (a resend, §5). */
export interface StoredMessage extends MessageRow {
  duplicate: boolean;
}

/** An input that could not be stored while the rest of its batch was (its conversation is gone). */
export interface StoreFailure {
  error: ErrorCodeValue;
  message: string;
}

export interface StoredBatch {
  /** Aligned with the inputs. */
  rows: (StoredMessage | StoreFailure)[];
  /** The media rows of every mediaId in `rows`. */
  media: MediaRow[];
  /** How long the COMMIT alone took, in seconds: with InnoDB's default
   *  innodb_flush_log_at_trx_commit=1 and SQLite's synchronous FULL, mostly the log's fsync. */
  commitSeconds?: number;
}

export interface CursorMove {
  conversationId: string;
  userId: number;
  /** Cursors only move forward: each is raised to at least this. */
  ack: number;
  read: number;
}

/** What LOGIN reads about a user before it answers (PROTOCOL.md §4): the card it answers with
 *  and the friends its presence goes to. */
export interface LoginView {
  /** null: no such user. */
  card: { id: number; username: string; nick: string; avatar: string; bio: string } | null;
  friendIds: number[];
}

/** A conversation of a user, with the user's cursors and the conversation's lastSeq. */
export interface MembershipRow {
  conversationId: string;
  ackSeq: number;
  readSeq: number;
  lastSeq: number;
  kind: string;
}

export interface HotStore {
  /** How many batches may be out at once: more than one only where the store runs them in order
   *  on one connection (SQLite's worker), never where concurrent transactions could interleave. */
  readonly maxInFlight: number;
  /** Stores a batch in one transaction: idempotency by (senderId, clientMsgId), contiguous seqs per
   *  conversation, the sender's read cursor moved to its message. Rejects as a whole on a database
   *  error (nothing of the batch is stored then). */
  storeMessages(inputs: SendInput[]): Promise<StoredBatch>;
  /** Moves every cursor forward in one transaction. */
  moveCursors(moves: CursorMove[]): Promise<void>;
  /** LOGIN's reads (issue 9: four Prisma queries were most of a login's CPU, ~2.5 ms). */
  loginView(userId: number): Promise<LoginView>;
  /** Every conversation of the user, by id: the backlog sync after LOGIN (§5). */
  memberships(userId: number): Promise<MembershipRow[]>;
  /** Resolves once the store answers requests (SQLite: its worker thread has started, which
   *  takes seconds on a loaded machine), so a server opens its port only after. */
  ready(): Promise<void>;
  /** Lets go of this user's share; the last one closes connections and threads. */
  release(): Promise<void>;
}

export const isFailure = (r: StoredMessage | StoreFailure): r is StoreFailure => 'error' in r;

export const sendKey = (senderId: number, clientMsgId: string): string =>
  `${senderId}\u0000${clientMsgId}`;
