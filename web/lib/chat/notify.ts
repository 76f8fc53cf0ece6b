// What a system notification says about a new message (issue 12): the conversation (sender or
// group) as its title, a short preview as its body, and the conversation as its tag so a later
// message replaces the earlier notification instead of piling up. Pure; the browser part is in
// components/chat/Notifier.tsx.
import type { Arrival } from './arrivals';
import { conversationName, displayName, previewText } from './format';
import type { Friend } from './types';

/** Longest preview shown. */
export const NOTIFY_PREVIEW_MAX = 100;

export interface NotificationText {
  title: string;
  body: string;
  tag: string;
}

export function notificationFor(
  a: Arrival,
  friends: Readonly<Record<string, Friend>>,
  me: string,
): NotificationText {
  const c = a.conversation;
  const sender = (uid: string) =>
    displayName(
      friends[uid] ?? c.group?.members.find((m) => m.uid === uid) ?? { uid },
      friends[uid]?.remark,
    );
  const preview = previewText(a.message, me, sender, c.kind === 'group');
  return {
    title: conversationName(c, friends),
    body:
      preview.length > NOTIFY_PREVIEW_MAX
        ? `${preview.slice(0, NOTIFY_PREVIEW_MAX - 1)}…`
        : preview,
    tag: c.conversationId,
  };
}
