'use client';
// Calls `onArrive` with the messages from others that each change of the conversation list
// brought (lib/chat/arrivals.ts). The first list after login is history, not news: skipped.
import { useEffect, useRef } from 'react';
import { arrivals, type Arrival } from '@/lib/chat/arrivals';
import { useChatState } from '@/lib/chat/react';
import type { ChatState } from '@/lib/chat/types';

export function useArrivals(onArrive: (list: Arrival[]) => void): void {
  const conversations = useChatState((s) => s.conversations);
  const me = useChatState((s) => s.me.uid);
  const prev = useRef<ChatState['conversations']>(conversations);
  const handler = useRef(onArrive);
  useEffect(() => {
    handler.current = onArrive;
  }, [onArrive]);

  useEffect(() => {
    const before = prev.current;
    prev.current = conversations;
    if (Object.keys(before).length === 0) return;
    const list = arrivals(before, conversations, me);
    if (list.length > 0) handler.current(list);
  }, [conversations, me]);
}
