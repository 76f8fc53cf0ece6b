'use client';
// Messages found by the chat list's search box (PROTOCOL.md §9.3 SEARCH_MSG), grouped by
// conversation, newest first, the match marked; "More" pages older hits (`before`). A click opens
// the conversation at that message (ChatPane's jump: older history paged in, highlighted).
// Message text is React text children only, never HTML.
import { useEffect, useMemo, useRef, useState } from 'react';
import { conversationName, displayName, listTime } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { groupHits, highlightParts, hitText, searchQuery } from '@/lib/chat/search';
import type { ChatMessage } from '@/lib/chat/types';
import { errorText } from './errorText';

/** Typing pauses this long before a search goes out. */
const DEBOUNCE_MS = 300;

interface Results {
  query: string;
  hits: ChatMessage[];
  hasMore: boolean;
  loading: boolean;
  error: string | null;
}

function Marked({ text, query }: { text: string; query: string }) {
  return (
    <>
      {highlightParts(text, query).map((p, i) =>
        p.match ? (
          <mark key={i} className="rounded-sm bg-wx-highlight text-wx-text">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}

export function MessageSearch({
  query: raw,
  onOpenAt,
}: {
  query: string;
  onOpenAt: (conversationId: string, seq: number) => void;
}) {
  const client = useChatClient();
  const conversations = useChatState((s) => s.conversations);
  const friends = useChatState((s) => s.friends);
  const me = useChatState((s) => s.me);
  const online = useChatState((s) => s.connection.status === 'online');
  const query = searchQuery(raw);
  const [r, setR] = useState<Results | null>(null);
  /** The query whose answers are still wanted (a newer one makes older answers stale). */
  const current = useRef('');

  useEffect(() => {
    current.current = query;
    if (query === '' || !online) {
      setR(null);
      return;
    }
    setR({ query, hits: [], hasMore: false, loading: true, error: null });
    const t = setTimeout(() => {
      client.searchMessages(query).then(
        (page) => {
          if (current.current === query) setR({ query, ...page, loading: false, error: null });
        },
        (err: unknown) => {
          if (current.current === query)
            setR({ query, hits: [], hasMore: false, loading: false, error: errorText(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [client, query, online]);

  const more = () => {
    if (!r || r.loading) return;
    const oldest = r.hits[r.hits.length - 1];
    if (!oldest) return;
    setR({ ...r, loading: true });
    client.searchMessages(r.query, oldest.msgId).then(
      (page) => {
        if (current.current === r.query)
          setR({ ...r, hits: [...r.hits, ...page.hits], hasMore: page.hasMore, loading: false });
      },
      (err: unknown) => {
        if (current.current === r.query) setR({ ...r, loading: false, error: errorText(err) });
      },
    );
  };

  const groups = useMemo(() => groupHits(r?.hits ?? []), [r?.hits]);
  if (query === '') return null;

  const nameOf = (uid: string, conversationId: string): string => {
    if (uid === me.uid) return displayName(me);
    const c = conversations[conversationId];
    const card =
      friends[uid] ??
      (c?.peer?.uid === uid ? c.peer : c?.group?.members.find((m) => m.uid === uid));
    return displayName(card ?? { uid }, friends[uid]?.remark);
  };

  return (
    <section aria-label="Messages found" className="border-t border-wx-line">
      <h2 className="px-3 pt-3 pb-1 text-xs text-wx-muted">Messages</h2>
      {!online ? (
        <p className="px-3 pb-3 text-xs text-wx-muted">Message search needs a connection.</p>
      ) : r?.error ? (
        <p role="alert" className="px-3 pb-3 text-xs text-wx-danger">
          Could not search: {r.error}
        </p>
      ) : r && !r.loading && r.hits.length === 0 ? (
        <p className="px-3 pb-3 text-xs text-wx-muted">No messages found</p>
      ) : null}
      {groups.map((g) => {
        const c = conversations[g.conversationId];
        const title = c ? conversationName(c, friends) : g.conversationId;
        return (
          <div key={g.conversationId}>
            <h3 className="truncate px-3 pt-2 text-xs font-medium text-wx-text">{title}</h3>
            <ul aria-label={`Found in ${title}`}>
              {g.hits.map((m) => (
                <li key={m.msgId}>
                  <button
                    type="button"
                    data-testid="search-hit"
                    onClick={() => onOpenAt(m.conversationId, m.seq)}
                    className="flex w-full flex-col px-3 py-1.5 text-left hover:bg-wx-hover"
                  >
                    <span className="flex items-baseline justify-between gap-2 text-[11px] text-wx-faint">
                      <span className="truncate">{nameOf(m.from, m.conversationId)}</span>
                      <time className="shrink-0">{listTime(m.sentAt)}</time>
                    </span>
                    <span data-testid="search-hit-text" className="truncate text-xs text-wx-text">
                      <Marked text={hitText(m)} query={r?.query ?? query} />
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {r?.loading ? (
        <p role="status" className="px-3 py-2 text-xs text-wx-muted">
          Searching…
        </p>
      ) : r?.hasMore ? (
        <button
          type="button"
          onClick={more}
          className="w-full px-3 py-2 text-left text-xs text-wx-link hover:underline"
        >
          More messages
        </button>
      ) : null}
    </section>
  );
}
