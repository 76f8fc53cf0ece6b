'use client';
// A polite live region that tells screen-reader users about new messages (issue 12): one short
// sentence per change of the conversation list, for the newest message that arrived from someone
// else, spoken when the reader is idle. Visually hidden.
import { useEffect, useRef, useState } from 'react';
import { arrivals } from '@/lib/chat/arrivals';
import { conversationName, displayName, previewText } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import type { ChatState } from '@/lib/chat/types';

/** Longest preview read out. */
const PREVIEW_MAX = 80;

export function Announcer() {
  const conversations = useChatState((s) => s.conversations);
  const friends = useChatState((s) => s.friends);
  const me = useChatState((s) => s.me.uid);
  const prev = useRef<ChatState['conversations']>(conversations);
  const [text, setText] = useState('');

  useEffect(() => {
    const before = prev.current;
    prev.current = conversations;
    // The first list after login is history, not news.
    if (Object.keys(before).length === 0) return;
    const [newest, ...rest] = arrivals(before, conversations, me);
    if (!newest) return;
    const c = newest.conversation;
    const sender = (uid: string) =>
      displayName(
        friends[uid] ?? c.group?.members.find((m) => m.uid === uid) ?? { uid },
        friends[uid]?.remark,
      );
    const preview = previewText(newest.message, me, sender, c.kind === 'group').slice(
      0,
      PREVIEW_MAX,
    );
    const where =
      c.kind === 'group'
        ? `New message in ${conversationName(c, friends)}`
        : `New message from ${conversationName(c, friends)}`;
    const more = rest.length > 0 ? ` (and ${String(rest.length)} more chats)` : '';
    setText(`${where}: ${preview}${more}`);
  }, [conversations, friends, me]);

  return (
    <div
      role="status"
      aria-live="polite"
      aria-atomic="true"
      aria-label="New messages"
      className="sr-only"
    >
      {text}
    </div>
  );
}
