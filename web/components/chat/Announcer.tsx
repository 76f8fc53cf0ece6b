'use client';
// A polite live region that tells screen-reader users about new messages (issue 12): one short
// sentence per change of the conversation list, for the newest message that arrived from someone
// else, spoken when the reader is idle. Visually hidden.
import { useCallback, useState } from 'react';
import type { Arrival } from '@/lib/chat/arrivals';
import { useChatState } from '@/lib/chat/react';
import { notificationFor } from '@/lib/chat/notify';
import { useArrivals } from './useArrivals';

export function Announcer() {
  const friends = useChatState((s) => s.friends);
  const me = useChatState((s) => s.me.uid);
  const [text, setText] = useState('');

  const announce = useCallback(
    ([newest, ...rest]: Arrival[]) => {
      if (!newest) return;
      const { title, body } = notificationFor(newest, friends, me);
      const where =
        newest.conversation.kind === 'group'
          ? `New message in ${title}`
          : `New message from ${title}`;
      const more = rest.length > 0 ? ` (and ${String(rest.length)} more chats)` : '';
      setText(`${where}: ${body}${more}`);
    },
    [friends, me],
  );
  useArrivals(announce);

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
