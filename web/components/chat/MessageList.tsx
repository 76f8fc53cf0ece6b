'use client';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { createPortal } from 'react-dom';
import { displayName, SEPARATOR_GAP_MS, separatorTime } from '@/lib/chat/format';
import { groupNoticeText } from '@/lib/chat/groups';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { receiptLabel } from '@/lib/chat/receipts';
import { quoteOf } from '@/lib/chat/quotes';
import { canRecall } from '@/lib/chat/recall';
import {
  EMPTY_THREAD,
  type ChatMessage,
  type GroupNotice,
  type PendingMessage,
  type QuoteInfo,
  type UserCard,
} from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { errorText } from './errorText';
import { ImageViewer, type ViewedImage } from './ImageViewer';
import { FileCard, ImageContent, useMediaUrl, useObjectUrl, VoiceContent } from './MediaContent';
import { MessageMenu, type MenuItem } from './MessageMenu';
import { QuoteBlock } from './QuoteBlock';
import { useJumpToMessage } from './useJumpToMessage';
import { useLongPress } from './useLongPress';

type Entry =
  | { kind: 'stored'; key: string; at: number; m: ChatMessage }
  | { kind: 'pending'; key: string; at: number; p: PendingMessage }
  | { kind: 'notice'; key: string; at: number; n: GroupNotice };

/** Close enough to the bottom to keep following new messages. */
const STICK_PX = 48;
/** Start loading older messages this close to the top. */
const LOAD_OLDER_PX = 80;
/** While an own message may still be recalled, the offer is re-checked this often. */
const RECALL_TICK_MS = 5_000; // 5 s
/** An action's error stays on screen this long. */
const ACTION_ERROR_MS = 6_000; // 6 s
const NO_NOTICES: readonly GroupNotice[] = [];

function Spinner({ label = 'Sending' }: { label?: string }) {
  return (
    <span
      role="img"
      aria-label={label}
      className="inline-block h-3.5 w-3.5 shrink-0 animate-spin rounded-full border-2 border-wx-faint border-t-transparent"
    />
  );
}

function Bubble({ own, children }: { own: boolean; children: string }) {
  return (
    <div
      data-testid="bubble"
      className={`relative rounded-[4px] px-3 py-2 text-[14px] leading-[1.5] whitespace-pre-wrap [overflow-wrap:anywhere] break-normal ${
        own
          ? 'bg-wx-bubble-own text-wx-bubble-own-text before:absolute before:top-3 before:-right-[5px] before:border-y-[5px] before:border-l-[6px] before:border-y-transparent before:border-l-wx-bubble-own'
          : 'bg-wx-bubble text-wx-text before:absolute before:top-3 before:-left-[5px] before:border-y-[5px] before:border-r-[6px] before:border-y-transparent before:border-r-wx-bubble'
      }`}
    >
      {children}
    </div>
  );
}

/** A centred grey line: group events, recalls (which keep their seq, for a jump to them). */
function SystemLine({
  testId,
  seq,
  highlighted = false,
  children,
}: {
  testId: string;
  seq?: number;
  highlighted?: boolean;
  children: string;
}) {
  return (
    <li
      className={`my-2 flex justify-center rounded transition-colors ${highlighted ? 'bg-wx-highlight' : ''}`}
      data-testid={testId}
      data-seq={seq}
      data-highlighted={highlighted ? 'true' : undefined}
    >
      <span className="max-w-[80%] rounded-sm bg-wx-system/60 px-2 py-0.5 text-center text-xs text-wx-muted">
        {children}
      </span>
    </li>
  );
}

/** The content of a stored message by kind (recalled ones are system lines, not here). */
function StoredContent({
  m,
  own,
  onView,
  onMediaLoad,
}: {
  m: ChatMessage;
  own: boolean;
  onView: (image: ViewedImage) => void;
  onMediaLoad: () => void;
}) {
  const media = m.media;
  const thumb = useMediaUrl(m.kind === 'image' ? media?.mediaId : undefined, 'thumb');
  if (m.kind === 'image' && media) {
    const name = media.name || 'image';
    return (
      <ImageContent
        url={thumb.url}
        error={thumb.error}
        name={name}
        onLoad={onMediaLoad}
        onOpen={() => onView({ mediaId: media.mediaId, name })}
      />
    );
  }
  if (m.kind === 'file' && media)
    return <FileCard name={media.name || 'file'} size={media.size} mediaId={media.mediaId} />;
  if (m.kind === 'voice' && media) return <VoiceContent own={own} mediaId={media.mediaId} />;
  return <Bubble own={own}>{m.text ?? ''}</Bubble>;
}

/** A pending send: the text, or the local bytes while they upload. */
function PendingContent({
  p,
  onView,
  onMediaLoad,
}: {
  p: PendingMessage;
  onView: (image: ViewedImage) => void;
  onMediaLoad: () => void;
}) {
  const up = p.upload;
  const preview = useObjectUrl(p.kind === 'image' ? up?.blob : undefined);
  const note = p.status === 'uploading' ? 'Uploading…' : p.status === 'sending' ? 'Sending…' : '';
  if (!up) return <Bubble own>{p.text ?? ''}</Bubble>;
  if (p.kind === 'image')
    return (
      <ImageContent
        url={preview}
        name={up.name}
        dim={p.status !== 'failed'}
        onLoad={onMediaLoad}
        onOpen={preview ? () => onView({ url: preview, name: up.name }) : undefined}
      />
    );
  if (p.kind === 'voice') return <VoiceContent own blob={up.blob} durationMs={up.durationMs} />;
  return <FileCard name={up.name} size={up.size} note={note} />;
}

/** A request to show message `seq` (a search hit); `nonce` repeats the same seq. */
export interface JumpRequest {
  seq: number;
  nonce: number;
}

/** Messages of one conversation, oldest at the top; scroll up for older ones (HISTORY beforeSeq). */
export function MessageList({
  conversationId,
  onQuote,
  jump,
}: {
  conversationId: string;
  /** "Quote" in a message's menu (§9.4): the composer replies to it. */
  onQuote?: (quote: QuoteInfo) => void;
  /** Scroll to this message, loading older history until it is there. */
  jump?: JumpRequest | null;
}) {
  const client = useChatClient();
  const thread = useChatState((s) => s.threads[conversationId] ?? EMPTY_THREAD);
  const conv = useChatState((s) => s.conversations[conversationId]);
  const notices = useChatState((s) => s.notices[conversationId] ?? NO_NOTICES);
  const groupId = conv?.group?.groupId;
  const allMembers = useChatState((s) => (groupId ? s.groupMembers[groupId] : undefined));
  const me = useChatState((s) => s.me);
  const friends = useChatState((s) => s.friends);
  const scroller = useRef<HTMLOListElement>(null);
  const stick = useRef(true);
  /** Distance from the bottom saved before older messages are prepended. */
  const anchor = useRef<number | null>(null);
  const firstSeq = thread.items[0]?.seq ?? 0;
  const canLoadOlder = thread.loaded ? firstSeq > 1 : true;
  const [viewing, setViewing] = useState<ViewedImage | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const entries = useMemo(() => {
    const out: Entry[] = [];
    const placed = [...notices].sort(
      (a, b) => (a.afterSeq ?? Infinity) - (b.afterSeq ?? Infinity) || a.at - b.at,
    );
    let ni = 0;
    const notice = (n: GroupNotice) => out.push({ kind: 'notice', key: n.id, at: n.at, n });
    for (const m of thread.items) {
      while (ni < placed.length && (placed[ni]!.afterSeq ?? Infinity) < m.seq)
        notice(placed[ni++]!);
      out.push({ kind: 'stored', key: m.msgId, at: m.sentAt, m });
    }
    while (ni < placed.length) notice(placed[ni++]!);
    for (const p of thread.pending)
      out.push({ kind: 'pending', key: p.clientMsgId, at: p.sentAt, p });
    return out;
  }, [thread.items, thread.pending, notices]);

  const lastOwnSeq = useMemo(() => {
    for (let i = thread.items.length - 1; i >= 0; i--) {
      const m = thread.items[i]!;
      if (m.from === me.uid && m.kind !== 'recalled') return m.seq;
    }
    return 0;
  }, [thread.items, me.uid]);

  // Cards by uid, built once per change rather than searched per message row. Later sets win:
  // this user, then the peer, then the group's list, then the full member list, then friends.
  const cards = useMemo(() => {
    const m = new Map<string, UserCard>();
    for (const c of allMembers ?? []) m.set(c.uid, c);
    for (const c of conv?.group?.members ?? []) m.set(c.uid, c);
    if (conv?.peer) m.set(conv.peer.uid, conv.peer);
    m.set(me.uid, me);
    return m;
  }, [me, conv?.peer, conv?.group?.members, allMembers]);
  const cardOf = useCallback(
    (uid: string): UserCard | undefined => cards.get(uid) ?? friends[uid],
    [cards, friends],
  );
  const nameOf = useCallback(
    (uid: string) => displayName(cardOf(uid) ?? { uid }, friends[uid]?.remark),
    [cardOf, friends],
  );
  const cardName = useCallback(
    (c: UserCard) => displayName(cardOf(c.uid) ?? c, friends[c.uid]?.remark),
    [cardOf, friends],
  );

  // The recall offer ends 2 minutes after sending (§3): re-check while one is open.
  const recallable = thread.items.some((m) => canRecall(m, me.uid, now));
  useEffect(() => {
    if (!recallable) return;
    const t = setInterval(() => setNow(Date.now()), RECALL_TICK_MS);
    return () => clearInterval(t);
  }, [recallable]);

  useEffect(() => {
    if (!actionError) return;
    const t = setTimeout(() => setActionError(null), ACTION_ERROR_MS);
    return () => clearTimeout(t);
  }, [actionError]);

  const recall = useCallback(
    (m: ChatMessage) => {
      client
        .recall(conversationId, m.msgId)
        .catch((err: unknown) => setActionError(`Could not recall: ${errorText(err)}`));
    },
    [client, conversationId],
  );

  /** The menu of a stored message at (x, y); false when it has nothing to offer. */
  const openMenu = (x: number, y: number, m: ChatMessage): boolean => {
    const items: MenuItem[] = [];
    if (m.kind === 'text' && m.text && typeof navigator !== 'undefined' && navigator.clipboard) {
      const text = m.text;
      items.push({ label: 'Copy', onSelect: () => void navigator.clipboard.writeText(text) });
    }
    if (onQuote && m.kind !== 'recalled')
      items.push({ label: 'Quote', onSelect: () => onQuote(quoteOf(m)) });
    if (canRecall(m, me.uid)) items.push({ label: 'Recall', onSelect: () => recall(m) });
    if (items.length === 0) return false;
    setMenu({ x, y, items });
    return true;
  };
  const onContextMenu = (e: MouseEvent, m: ChatMessage) => {
    // Nothing to offer: the browser's own menu.
    if (openMenu(e.clientX, e.clientY, m)) e.preventDefault();
  };
  // Touch: press and hold a message (delegated from the list to the row's data-menu-msgid).
  const longPress = useLongPress((x, y, target) => {
    const row = target instanceof Element ? target.closest('[data-menu-msgid]') : null;
    const msgId = row?.getAttribute('data-menu-msgid');
    const m = msgId ? thread.items.find((i) => i.msgId === msgId) : undefined;
    if (m) openMenu(x, y, m);
  });
  const closeMenu = useCallback(() => setMenu(null), []);
  const closeViewer = useCallback(() => setViewing(null), []);

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

  const leaveBottom = useCallback(() => {
    stick.current = false;
  }, []);
  const missing = useCallback(() => setActionError('That message could not be loaded.'), []);
  const { jumpTo, highlighted } = useJumpToMessage({
    client,
    conversationId,
    scroller,
    rendered: thread.items,
    onLeaveBottom: leaveBottom,
    onMissing: missing,
  });
  const jumpSeq = jump?.seq;
  const jumpNonce = jump?.nonce;
  useEffect(() => {
    if (jumpSeq !== undefined) jumpTo(jumpSeq);
  }, [jumpSeq, jumpNonce, jumpTo]);

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
          className="absolute right-6 bottom-3 z-10 rounded-full bg-wx-card px-3 py-1 text-xs text-wx-green shadow-[0_1px_4px_rgba(0,0,0,0.15)] hover:bg-wx-card-hover"
        >
          ↓ {unseen} new {unseen === 1 ? 'message' : 'messages'}
        </button>
      ) : null}
      {actionError ? (
        <p
          role="alert"
          className="absolute bottom-3 left-1/2 z-10 max-w-[80%] -translate-x-1/2 rounded bg-wx-toast px-3 py-1.5 text-xs text-wx-on-fill shadow"
        >
          {actionError}
        </p>
      ) : null}
      <ol
        ref={scroller}
        aria-label="Messages"
        onScroll={onScroll}
        {...longPress}
        className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto px-3 py-2 md:px-6 md:py-4"
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
              className="text-xs text-wx-link hover:underline"
            >
              Load older messages
            </button>
          ) : thread.loaded && entries.length > 0 ? (
            <span className="text-xs text-wx-faint">No older messages</span>
          ) : null}
        </li>
        {entries.map((e) => {
          const separator = e.at - prevAt > SEPARATOR_GAP_MS;
          prevAt = e.at;
          const sep = separator ? (
            <li data-testid="time-separator" className="my-3 flex justify-center">
              <time
                dateTime={new Date(e.at).toISOString()}
                className="px-1.5 py-0.5 text-[11px] text-wx-muted"
              >
                {separatorTime(e.at)}
              </time>
            </li>
          ) : null;

          if (e.kind === 'notice') {
            return (
              <FragmentRow key={e.key} sep={sep}>
                <SystemLine testId="group-notice">
                  {groupNoticeText(e.n, me.uid, cardName)}
                </SystemLine>
              </FragmentRow>
            );
          }

          const from = e.kind === 'stored' ? e.m.from : e.p.from;
          const own = from === me.uid;
          if (e.kind === 'stored' && e.m.kind === 'recalled') {
            return (
              <FragmentRow key={e.key} sep={sep}>
                <SystemLine testId="recalled" seq={e.m.seq} highlighted={highlighted === e.m.seq}>
                  {own ? 'You recalled a message' : `${nameOf(from)} recalled a message`}
                </SystemLine>
              </FragmentRow>
            );
          }

          const name = nameOf(from);
          const receipt =
            e.kind === 'stored' && own && e.m.seq === lastOwnSeq && conv
              ? receiptLabel(conv, e.m.seq)
              : null;
          const status = e.kind === 'pending' ? e.p.status : null;
          const kind = e.kind === 'stored' ? e.m.kind : e.p.kind;
          const mayRecall = e.kind === 'stored' && canRecall(e.m, me.uid, now);
          const quote = e.kind === 'stored' ? e.m.replyTo : e.p.replyTo;
          const lit = e.kind === 'stored' && highlighted === e.m.seq;
          return (
            <FragmentRow key={e.key} sep={sep}>
              <li
                data-testid="message"
                data-own={own ? 'true' : 'false'}
                data-kind={kind}
                data-status={status ?? receipt ?? undefined}
                data-seq={e.kind === 'stored' ? e.m.seq : undefined}
                data-highlighted={lit ? 'true' : undefined}
                className={`group my-3 flex items-start gap-2.5 rounded transition-colors ${lit ? 'bg-wx-highlight' : ''} ${own ? 'flex-row-reverse' : ''}`}
              >
                <Avatar name={name} avatar={cardOf(from)?.avatar} seed={from} size={36} />
                <div
                  className={`flex max-w-[70%] min-w-0 flex-col ${own ? 'items-end' : 'items-start'}`}
                >
                  {group && !own ? (
                    <span data-testid="sender-name" className="mb-0.5 text-xs text-wx-muted">
                      {name}
                    </span>
                  ) : null}
                  <div
                    className={`flex min-w-0 items-center gap-2 [-webkit-touch-callout:none] pointer-coarse:select-none ${own ? 'flex-row-reverse' : ''}`}
                    data-menu-msgid={e.kind === 'stored' ? e.m.msgId : undefined}
                    onContextMenu={e.kind === 'stored' ? (ev) => onContextMenu(ev, e.m) : undefined}
                  >
                    <div className="min-w-0">
                      {e.kind === 'stored' ? (
                        <StoredContent
                          m={e.m}
                          own={own}
                          onView={setViewing}
                          onMediaLoad={onMediaLoad}
                        />
                      ) : (
                        <PendingContent p={e.p} onView={setViewing} onMediaLoad={onMediaLoad} />
                      )}
                    </div>
                    {status === 'sending' ? <Spinner /> : null}
                    {status === 'uploading' ? <Spinner label="Uploading" /> : null}
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
                        className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-wx-danger-fill text-xs font-bold text-wx-on-fill"
                      >
                        !
                      </button>
                    ) : null}
                    {onQuote && e.kind === 'stored' ? (
                      // The menu's Quote for keyboards and mice (touch screens press and hold).
                      <button
                        type="button"
                        aria-label="Quote message"
                        title="Quote"
                        onClick={() => onQuote(quoteOf(e.m))}
                        className="shrink-0 text-[11px] text-wx-link opacity-0 transition-opacity group-hover:opacity-100 hover:underline focus:opacity-100 pointer-coarse:hidden"
                      >
                        Quote
                      </button>
                    ) : null}
                    {mayRecall && e.kind === 'stored' ? (
                      <button
                        type="button"
                        aria-label="Recall message"
                        title="Recall (within 2 minutes of sending)"
                        onClick={() => recall(e.m)}
                        className="shrink-0 text-[11px] text-wx-link opacity-0 transition-opacity group-hover:opacity-100 hover:underline focus:opacity-100"
                      >
                        Recall
                      </button>
                    ) : null}
                  </div>
                  {quote ? (
                    <QuoteBlock
                      quote={quote}
                      name={nameOf(quote.from)}
                      onOpen={() => jumpTo(quote.seq)}
                    />
                  ) : null}
                  {status === 'failed' && e.kind === 'pending' ? (
                    <span
                      role="alert"
                      data-testid="send-error"
                      className="mt-1 flex max-w-[320px] items-baseline gap-2 text-[12px] text-wx-danger"
                    >
                      <span className="min-w-0">{e.p.error ?? 'Not sent.'}</span>
                      <button
                        type="button"
                        onClick={() => client.discard(conversationId, e.p.clientMsgId)}
                        className="shrink-0 text-wx-link hover:underline"
                      >
                        Remove
                      </button>
                    </span>
                  ) : null}
                  {receipt ? (
                    <span data-testid="read-state" className="mt-0.5 text-[11px] text-wx-faint">
                      {receipt}
                    </span>
                  ) : null}
                </div>
              </li>
            </FragmentRow>
          );
        })}
      </ol>
      {menu
        ? // On the body, not inside the app: while a phone keyboard is open the app is moved by
          // a transform (useVisualViewport), which would shift a fixed menu off the finger.
          createPortal(
            <MessageMenu x={menu.x} y={menu.y} items={menu.items} onClose={closeMenu} />,
            document.body,
          )
        : null}
      {viewing ? <ImageViewer image={viewing} onClose={closeViewer} /> : null}
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
