// Messages between the main thread (sqlite.ts) and the store's worker (sqlite-worker.ts).
import type { MediaRow } from '../media';
import type {
  CursorMove,
  LoginView,
  MembershipRow,
  SendInput,
  StoredMessage,
  StoreFailure,
} from './types';

export type Synchronous = 'NORMAL' | 'FULL';

/** A message this batch stored: only what the sender's input lacks, so its text is not copied
 *  back across threads (the main thread has the input). */
export interface FreshRow {
  seq: number;
  sentAt: number;
}

/** `StoredBatch` as the worker sends it: fresh rows compact, stored-before ones whole. */
export interface WorkerBatch {
  rows: (FreshRow | StoredMessage | StoreFailure)[];
  media: MediaRow[];
  /** StoredBatch.commitSeconds. */
  commitSeconds?: number;
}

export interface WorkerStart {
  file: string;
  synchronous: Synchronous;
  /** `store` answers requests; `checkpointer` only checkpoints the WAL on a timer. */
  role: 'store' | 'checkpointer';
}

export type WorkerValue = WorkerBatch | LoginView | MembershipRow[] | null;

export type WorkerRequest =
  | { id: number; op: 'messages'; inputs: SendInput[] }
  | { id: number; op: 'cursors'; moves: CursorMove[] }
  | { id: number; op: 'login'; userId: number }
  | { id: number; op: 'memberships'; userId: number }
  | { id: number; op: 'ready' }
  | { id: number; op: 'close' }
  /** Tests: the thread exits with code 1, now or right after committing its next batch (before
   *  answering it), as a crash would. */
  | { id: number; op: 'crash'; when: 'now' | 'after-next-commit' };

export type WorkerReply =
  | { id: number; ok: true; value: WorkerValue }
  | { id: number; ok: false; error: { message: string; code: string | undefined } };
