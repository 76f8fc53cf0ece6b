'use client';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { displayName, messageBody, SEPARATOR_GAP_MS, separatorTime } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { EMPTY_THREAD, type ChatMessage, type PendingMessage } from '@/lib/chat/types';
import { Avatar } from '../Avatar';

type Entry =
  | { kind: 'stored'; key: string; at: number; m: ChatMessage }
  | { kind: 'pending'; key: string; at: number; p: PendingMessage };

/** Close enough to the bottom to keep following new messages. */
const STICK_PX = 48;
/** Start loading older messages this close to the top. */
const LOAD_OLDER_PX = 80;

function Spinner() {
  return (
    <span
      role="img"
      aria-label="Sending"
      className="inline-block h-3.5 w-3.5 animate-spin rounded-full border-2 border-[#c4c4c4] border-t-transparent"
    />
  );
}

function Bubble({ own, children }: { own: boolean; children: string }) {
  return (
    <div
      data-testid="bubble"
      className={`relative rounded-[4px] px-3 py-2 text-[14px] leading-[1.5] whitespace-pre-wrap text-wx-text [overflow-wrap:anywhere] break-normal ${
        own
          ? 'bg-[#95ec69] before:absolute before:top-3 before:-right-[5px] before:border-y-[5px] before:border-l-[6px] before:border-y-transparent before:border-l-[#95ec69]'
          : 'bg-white before:absolute before:top-3 before:-left-[5px] before:border-y-[5px] before:border-r-[6px] before:border-y-transparent before:border-r-white'
      }`}
    >
      {children}
    </div>
  );
}

/** Messages of one conversation, oldest at the top; scroll up for older ones (HISTORY beforeSeq). */
export function MessageList({ conversationId }: { conversationId: string }) {
  const client = useChatClient();
  const thread = useChatState((s) => s.threads[conversationId] ?? EMPTY_THREAD);
  const conv = useChatState((s) => s.conversations[conversationId]);
  const me = useChatState((s) => s.me);
  const friends = useChatState((s) => s.friends);
  const scroller = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  /** Distance from the bottom saved before older messages are prepended. */
  const anchor = useRef<number | null>(null);
  const firstSeq = thread.items[0]?.seq ?? 0;
  const canLoadOlder = thread.loaded ? firstSeq > 1 : true;

  const entries = useMemo(() => {
    const out: Entry[] = thread.items.map((m) => ({
      kind: 'stored',
      key: m.msgId,
      at: m.sentAt,
      m,
    }));
    for (const p of thread.pending)
      out.push({ kind: 'pending', key: p.clientMsgId, at: p.sentAt, p });
    return out;
  }, [thread.items, thread.pending]);

  const lastOwnSeq = useMemo(() => {
    for (let i = thread.items.length - 1; i >= 0; i--)
      if (thread.items[i]!.from === me.uid) return thread.items[i]!.seq;
    return 0;
  }, [thread.items, me.uid]);

  const nameOf = useCallback(
    (uid: string) => {
      if (uid === me.uid) return displayName(me);
      if (conv?.peer?.uid === uid) return displayName(conv.peer, friends[uid]?.remark);
      const member = conv?.group?.members.find((x) => x.uid === uid);
      return displayName(member ?? friends[uid] ?? { uid }, friends[uid]?.remark);
    },
    [me, conv, friends],
  );

  const loadOlder = useCallback(() => {
    const el = scroller.current;
    if (!el || thread.loadingOlder || !canLoadOlder) return;
    anchor.current = el.scrollHeight - el.scrollTop;
    void client.loadOlder(conversationId);
  }, [client, conversationId, thread.loadingOlder, canLoadOlder]);

  const newest = entries[entries.length - 1];
  const newestKey = newest?.key;
  const newestOwnPending = newest?.kind === 'pending';
  const newestFromOther = newest?.kind === 'stored' && newest.m.from !== me.uid;
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

  const group = conv?.kind === 'group';
  let prevAt = 0;

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {unseen > 0 ? (
        <button
          type="button"
          onClick={toBottom}
          className="absolute right-6 bottom-3 z-10 rounded-full bg-white px-3 py-1 text-xs text-wx-green shadow-[0_1px_4px_rgba(0,0,0,0.15)] hover:bg-[#f7f7f7]"
        >
          ↓ {unseen} new {unseen === 1 ? 'message' : 'messages'}
        </button>
      ) : null}
      <ol
        ref={scroller}
        aria-label="Messages"
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-y-auto px-6 py-4"
      >
        <li className="flex justify-center pb-2">
          {thread.loadingOlder ? (
            <span role="status" className="text-xs text-wx-muted">
              Loading…
            </span>
          ) : canLoadOlder && thread.loaded ? (
            <button
              type="button"
              onClick={loadOlder}
              className="text-xs text-[#576b95] hover:underline"
            >
              Load older messages
            </button>
          ) : thread.loaded && entries.length > 0 ? (
            <span className="text-xs text-[#b2b2b2]">No older messages</span>
          ) : null}
        </li>
        {entries.map((e) => {
          const separator = e.at - prevAt > SEPARATOR_GAP_MS;
          prevAt = e.at;
          const from = e.kind === 'stored' ? e.m.from : e.p.from;
          const own = from === me.uid;
          const sep = separator ? (
            <li data-testid="time-separator" className="my-3 flex justify-center">
              <time
                dateTime={new Date(e.at).toISOString()}
                className="rounded-sm bg-[#dadada] px-1.5 py-0.5 text-[11px] text-white"
              >
                {separatorTime(e.at)}
              </time>
            </li>
          ) : null;

          if (e.kind === 'stored' && e.m.kind === 'recalled') {
            return (
              <FragmentRow key={e.key} sep={sep}>
                <li className="my-2 text-center text-xs text-wx-muted" data-testid="recalled">
                  {own ? 'You recalled a message' : `${nameOf(from)} recalled a message`}
                </li>
              </FragmentRow>
            );
          }

          const text = e.kind === 'stored' ? messageBody(e.m) : e.p.text;
          const name = nameOf(from);
          const status =
            e.kind === 'pending'
              ? e.p.status
              : own && !group && e.m.seq === lastOwnSeq
                ? (conv?.peerReadSeq ?? 0) >= e.m.seq
                  ? 'read'
                  : 'sent'
                : null;
          return (
            <FragmentRow key={e.key} sep={sep}>
              <li
                data-testid="message"
                data-own={own ? 'true' : 'false'}
                data-status={status ?? undefined}
                data-seq={e.kind === 'stored' ? e.m.seq : undefined}
                className={`my-3 flex items-start gap-2.5 ${own ? 'flex-row-reverse' : ''}`}
              >
                <Avatar name={name} seed={from} size={36} />
                <div
                  className={`flex max-w-[70%] min-w-0 flex-col ${own ? 'items-end' : 'items-start'}`}
                >
                  {group && !own ? (
                    <span className="mb-0.5 text-xs text-wx-muted">{name}</span>
                  ) : null}
                  <div className={`flex items-center gap-2 ${own ? 'flex-row-reverse' : ''}`}>
                    <Bubble own={own}>{text}</Bubble>
                    {status === 'sending' ? <Spinner /> : null}
                    {status === 'failed' && e.kind === 'pending' ? (
                      <button
                        type="button"
                        aria-label="Resend message"
                        title={
                          e.p.error
                            ? `Not sent: ${e.p.error}. Click to resend.`
                            : 'Not sent. Click to resend.'
                        }
                        onClick={() => client.retry(conversationId, e.p.clientMsgId)}
                        className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-wx-danger text-xs font-bold text-white"
                      >
                        !
                      </button>
                    ) : null}
                  </div>
                  {status === 'read' || status === 'sent' ? (
                    <span data-testid="read-state" className="mt-0.5 text-[11px] text-[#b2b2b2]">
                      {status === 'read' ? 'Read' : 'Sent'}
                    </span>
                  ) : null}
                </div>
              </li>
            </FragmentRow>
          );
        })}
      </ol>
    </div>
  );
}

function FragmentRow({ sep, children }: { sep: ReactNode; children: ReactNode }) {
  return (
    <>
      {sep}
      {children}
    </>
  );
}
