// Recall (PROTOCOL.md §3 1045–1047): a sender may take back an own message within 2 minutes of
// its `sentAt`; everyone then sees "… recalled a message" in its place, and HISTORY returns it as
// kind "recalled" without content. The server decides; the client only offers the action while
// it can still succeed, and shows the server's refusal otherwise.
import type { ChatMessage } from './types';

/** §3 RECALL: "within 2 minutes of sentAt". */
export const RECALL_WINDOW_MS = 2 * 60_000; // 2 min

/** Whether this user may still recall `m` (own, stored, not recalled, young enough). */
export function canRecall(m: ChatMessage, me: string, now = Date.now()): boolean {
  return m.from === me && m.kind !== 'recalled' && now - m.sentAt < RECALL_WINDOW_MS;
}

/** The message as everyone sees it after a recall: same place (seq), no content. */
export function recalledCopy(m: ChatMessage): ChatMessage {
  // A recalled reply loses its quote too (the server sends it without `replyTo`, §9.4).
  const { text: _t, media: _m, replyTo: _q, ...rest } = m;
  return { ...rest, kind: 'recalled' };
}
