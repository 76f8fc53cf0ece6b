// Display helpers: names, times and previews in WeChat's manner. Pure; all output is plain text.
import type { ChatMessage, Conversation, Friend, UserCard } from './types';

export function displayName(card: Partial<UserCard> | undefined, remark?: string): string {
  return (
    remark?.trim() ||
    card?.nick?.trim() ||
    card?.username?.trim() ||
    (card?.uid ? `uid ${card.uid}` : '?')
  );
}

export function conversationName(
  c: Conversation,
  friends: Readonly<Record<string, Friend>>,
): string {
  if (c.kind === 'group') return c.group?.name || 'Group chat';
  const f = c.peer ? friends[c.peer.uid] : undefined;
  return displayName(c.peer, f?.remark);
}

const pad = (n: number): string => String(n).padStart(2, '0');
const hm = (d: Date): string => `${pad(d.getHours())}:${pad(d.getMinutes())}`;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** Conversation list: "14:05", "Yesterday", "Tuesday", "24/3/18". */
export function listTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(d)) / DAY_MS);
  if (days <= 0) return hm(d);
  if (days === 1) return 'Yesterday';
  if (days < 7) return WEEKDAYS[d.getDay()]!;
  return `${String(d.getFullYear() % 100)}/${String(d.getMonth() + 1)}/${String(d.getDate())}`;
}

/** Separator in a chat: "14:05", "Yesterday 14:05", "Tuesday 14:05", "2024/3/18 14:05". */
export function separatorTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const days = Math.round((startOfDay(new Date(now)) - startOfDay(d)) / DAY_MS);
  if (days <= 0) return hm(d);
  if (days === 1) return `Yesterday ${hm(d)}`;
  if (days < 7) return `${WEEKDAYS[d.getDay()]!} ${hm(d)}`;
  return `${String(d.getFullYear())}/${String(d.getMonth() + 1)}/${String(d.getDate())} ${hm(d)}`;
}

/** A separator goes between messages more than this far apart. */
export const SEPARATOR_GAP_MS = 5 * 60_000; // 5 min

export function messageBody(m: Pick<ChatMessage, 'kind' | 'text' | 'media'>): string {
  switch (m.kind) {
    case 'text':
      return m.text ?? '';
    case 'image':
      return '[Image]';
    case 'file':
      return `[File] ${m.media?.name ?? ''}`.trim();
    case 'voice':
      return '[Voice]';
    case 'recalled':
      return 'Message recalled';
  }
}

/** One line for the conversation list. */
export function previewText(
  m: ChatMessage | undefined,
  me: string,
  senderName: (uid: string) => string,
  group: boolean,
): string {
  if (!m) return '';
  if (m.kind === 'recalled')
    return m.from === me ? 'You recalled a message' : `${senderName(m.from)} recalled a message`;
  const body = messageBody(m).replace(/\s+/g, ' ');
  return group && m.from !== me ? `${senderName(m.from)}: ${body}` : body;
}

/** First letter for A–Z grouping; anything else files under "#". */
export function indexLetter(name: string): string {
  const c = (name.trim()[0] ?? '').toUpperCase();
  return c >= 'A' && c <= 'Z' ? c : '#';
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

/** File sizes on cards: "512 B", "12.5 KB", "3.2 MB" (binary units, like the gate's limits). */
export function formatSize(bytes: number): string {
  const one = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, ''));
  if (bytes < KB) return `${String(bytes)} B`;
  if (bytes < MB) return `${one(bytes / KB)} KB`;
  if (bytes < GB) return `${one(bytes / MB)} MB`;
  return `${one(bytes / GB)} GB`;
}

/** A voice message's length as WeChat writes it: 5″, 59″, 1′05″ (seconds rounded up, ≥ 1). */
export function voiceLength(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 60 ? `${String(s)}″` : `${String(Math.floor(s / 60))}′${pad(s % 60)}″`;
}

/** A running recording's clock: 0:07. */
export function clock(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${String(Math.floor(s / 60))}:${pad(s % 60)}`;
}
