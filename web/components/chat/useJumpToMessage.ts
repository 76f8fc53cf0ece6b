'use client';
// Jump to a message of the open conversation (a quote's original, PROTOCOL.md §9.4; a search hit,
// §9.3): older history is paged in until the message is held (ChatClient.reveal), then its row is
// scrolled to the middle and highlighted for a moment.
import { useCallback, useEffect, useLayoutEffect, useState, type RefObject } from 'react';
import type { ChatClient } from '@/lib/chat/client';

/** How long the jumped-to message stays highlighted. */
export const HIGHLIGHT_MS = 2_000; // 2 s

export function useJumpToMessage({
  client,
  conversationId,
  scroller,
  rendered,
  onLeaveBottom,
  onMissing,
}: {
  client: ChatClient;
  conversationId: string;
  scroller: RefObject<HTMLElement | null>;
  /** Changes whenever rows are rendered anew (the held messages). */
  rendered: unknown;
  /** The reader is taken away from the newest message: stop following new ones. */
  onLeaveBottom: () => void;
  /** The message could not be loaded (offline, or it does not exist). */
  onMissing: () => void;
}) {
  /** The seq being loaded and scrolled to. */
  const [seeking, setSeeking] = useState<number | null>(null);
  const [highlighted, setHighlighted] = useState<number | null>(null);

  const jumpTo = useCallback(
    (seq: number) => {
      onLeaveBottom();
      setSeeking(seq);
      void client.reveal(conversationId, seq).then((held) => {
        if (held) return;
        setSeeking((s) => (s === seq ? null : s));
        onMissing();
      });
    },
    [client, conversationId, onLeaveBottom, onMissing],
  );

  // Once its row is on the page (now, or after the pages that bring it are rendered).
  useLayoutEffect(() => {
    if (seeking === null) return;
    const row = scroller.current?.querySelector(`[data-seq="${seeking}"]`);
    if (!row) return;
    row.scrollIntoView({ block: 'center' });
    setHighlighted(seeking);
    setSeeking(null);
  }, [seeking, rendered, scroller]);

  useEffect(() => {
    if (highlighted === null) return;
    const t = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [highlighted]);

  return { jumpTo, highlighted, seeking };
}
