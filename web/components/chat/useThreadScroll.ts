'use client';
// Scrolling of one conversation's message list: follow new messages while the reader is at the
// bottom (and count those that arrive while they are not), load older history (HISTORY beforeSeq,
// PROTOCOL.md §3) near the top while keeping the same message under the reader's eyes when it is
// prepended, and jump to a message (a quote's original §9.4, a search hit §9.3).
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ChatClient } from '@/lib/chat/client';
import type { ThreadEntry } from '@/lib/chat/thread';
import type { Thread } from '@/lib/chat/types';
import { useJumpToMessage } from './useJumpToMessage';

/** Close enough to the bottom to keep following new messages. */
const STICK_PX = 48;
/** Start loading older messages this close to the top. */
const LOAD_OLDER_PX = 80;

export function useThreadScroll({
  client,
  conversationId,
  thread,
  entries,
  me,
  onMissing,
}: {
  client: ChatClient;
  conversationId: string;
  thread: Thread;
  /** What the list shows, in order (thread.ts threadEntries). */
  entries: readonly ThreadEntry[];
  me: string;
  /** A jump's message could not be loaded (offline, or it does not exist). */
  onMissing: () => void;
}) {
  const scroller = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  /** Distance from the bottom saved before older messages are prepended. */
  const anchor = useRef<number | null>(null);
  const firstSeq = thread.items[0]?.seq ?? 0;
  const canLoadOlder = thread.loaded ? firstSeq > 1 : true;

  const loadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el || thread.loadingOlder || !canLoadOlder) return;
    anchor.current = el.scrollHeight - el.scrollTop;
    void client.loadOlder(conversationId);
  }, [client, conversationId, thread.loadingOlder, canLoadOlder]);

  /** An image decoded and grew its row: a reader at the bottom stays there. */
  const onMediaLoad = useCallback(() => {
    const el = scroller.current;
    if (el && stick.current && anchor.current === null) el.scrollTop = el.scrollHeight;
  }, []);

  const newest = entries[entries.length - 1];
  const newestKey = newest?.key;
  const newestOwnPending = newest?.kind === 'pending';
  const newestFromOther = newest?.kind === 'stored' && newest.m.from !== me;
  /** Messages that arrived below the fold while the reader was scrolled up. */
  const [unseen, setUnseen] = useState(0);
  const lastKey = useRef(newestKey);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const arrived = newestKey !== lastKey.current;
    lastKey.current = newestKey;
    if (anchor.current !== null) {
      // Older messages went in above: keep the same message under the reader's eyes.
      el.scrollTop = el.scrollHeight - anchor.current;
      if (!thread.loadingOlder) anchor.current = null;
      return;
    }
    if (stick.current || newestOwnPending) el.scrollTop = el.scrollHeight;
    else if (arrived && newestFromOther) setUnseen((n) => n + 1);
  }, [firstSeq, newestKey, newestOwnPending, newestFromOther, entries.length, thread.loadingOlder]);

  // A reader at the bottom stays there when the pane changes size (window resize, composer).
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const leaveBottom = useCallback(() => {
    stick.current = false;
  }, []);
  const { jumpTo, highlighted } = useJumpToMessage({
    client,
    conversationId,
    scroller,
    rendered: thread.items,
    onLeaveBottom: leaveBottom,
    onMissing,
  });

  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    stick.current = true;
    setUnseen(0);
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    if (stick.current && unseen > 0) setUnseen(0);
    if (el.scrollTop < LOAD_OLDER_PX) loadOlder();
  };

  return {
    /** The list's element (the scrolling `<ol>`). */
    scroller,
    onScroll,
    canLoadOlder,
    loadOlder,
    onMediaLoad,
    unseen,
    toBottom,
    jumpTo,
    /** The seq of the message just jumped to, lit for a moment. */
    highlighted,
  };
}
