// What arrived between two snapshots of the conversation list: for each conversation whose
// newest message moved forward and is from someone else, that message. Pure, so the live region
// (and anything else that reacts to new messages) can be tested with plain objects.
import type { ChatMessage, Conversation } from './types';

export interface Arrival {
  conversation: Conversation;
  message: ChatMessage;
}

type Conversations = Readonly<Record<string, Conversation>>;

/**
 * Messages from others that are newer than what `prev` held, newest first. A conversation absent
 * from `prev` counts from seq 0 (a chat that someone just started); recalls and own messages are
 * not arrivals.
 */
export function arrivals(prev: Conversations, next: Conversations, me: string): Arrival[] {
  if (prev === next) return [];
  const out: Arrival[] = [];
  for (const [cid, c] of Object.entries(next)) {
    const m = c.lastMessage;
    if (!m || m.from === me || m.kind === 'recalled') continue;
    const before = prev[cid]?.lastMessage?.seq ?? 0;
    if (m.seq > before) out.push({ conversation: c, message: m });
  }
  return out.sort((a, b) => b.message.sentAt - a.message.sentAt);
}
