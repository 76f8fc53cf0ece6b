'use client';
// System notifications for new messages while the tab is hidden (issue 12): one per conversation
// (tagged with its id, so a newer message replaces the older notification), the sender or group
// as title and a short preview; clicking one brings the tab forward on that conversation.
// Permission is asked from a button (Me → Notifications), never on load; without it this does
// nothing. The tab title keeps the unread count meanwhile (lib/chat/react.tsx).
import { useCallback } from 'react';
import type { Arrival } from '@/lib/chat/arrivals';
import { notificationFor } from '@/lib/chat/notify';
import { useChatState } from '@/lib/chat/react';
import { useArrivals } from './useArrivals';

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

export function Notifier({ onOpen }: { onOpen: (conversationId: string) => void }) {
  const friends = useChatState((s) => s.friends);
  const me = useChatState((s) => s.me.uid);

  const notify = useCallback(
    (list: Arrival[]) => {
      if (!notificationsSupported() || Notification.permission !== 'granted') return;
      if (document.visibilityState !== 'hidden') return;
      for (const a of list) {
        if (a.conversation.muted) continue; // muted: no notification (issue 12)
        const { title, body, tag } = notificationFor(a, friends, me);
        const n = new Notification(title, { body, tag, icon: '/icons/icon-192.png' });
        n.onclick = () => {
          window.focus();
          onOpen(a.conversation.conversationId);
          n.close();
        };
      }
    },
    [friends, me, onOpen],
  );
  useArrivals(notify);
  return null;
}
