// Recall (PROTOCOL.md §3 1045–1047): a sender may take back an own message within 2 minutes of
// its `sentAt`; everyone then sees "… recalled a message" in its place, and HISTORY returns it as
// kind "recalled" without content. The server decides; the client only offers the action while
// it can still succeed, and shows the server's refusal otherwise.
import type { ChatMessage } from './types';

/** §3 RECALL: "within 2 minutes of sentAt" — for a server whose LOGIN sends no `limits`. */
export const RECALL_WINDOW_MS = 2 * 60_000; // 2 min

/** The window from LOGIN's response (`limits.recallWindowMs`, a Parley addition, README
 *  "Contract additions"); §3's 2 minutes when it is absent or not a positive integer. */
export function recallWindowOf(login: Record<string, unknown>): number {
  const limits = login['limits'];
  const ms =
    typeof limits === 'object' && limits !== null && 'recallWindowMs' in limits
      ? limits.recallWindowMs
      : undefined;
  return typeof ms === 'number' && Number.isInteger(ms) && ms > 0 ? ms : RECALL_WINDOW_MS;
}

/** Whether this user may still recall `m` (own, stored, not recalled, young enough). */
export function canRecall(
  m: ChatMessage,
  me: string,
  now = Date.now(),
  windowMs = RECALL_WINDOW_MS,
): boolean {
  return m.from === me && m.kind !== 'recalled' && now - m.sentAt < windowMs;
}

/** The window in words, for the Recall button's hint: "2 minutes", "30 seconds". */
export function recallWindowText(windowMs: number): string {
  const unit = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;
  if (windowMs >= 60_000 && windowMs % 60_000 === 0) return unit(windowMs / 60_000, 'minute');
  return unit(Math.max(1, Math.round(windowMs / 1_000)), 'second');
}

/** The message as everyone sees it after a recall: same place (seq), no content. */
export function recalledCopy(m: ChatMessage): ChatMessage {
  // A recalled reply loses its quote too (the server sends it without `replyTo`, §9.4).
  const { text: _t, media: _m, replyTo: _q, ...rest } = m;
  return { ...rest, kind: 'recalled' };
}
