'use client';
// One conversation's thread on screen: what it shows comes from thread.ts (threadEntries), the
// scrolling from useThreadScroll, each message from MessageRow; here are the event and recall
// lines, the time separators and the message menu (Copy, Quote §9.4, Recall §3).
import { Fragment, useCallback, useEffect, useMemo, useState, type MouseEvent } from 'react';
import { createPortal } from 'react-dom';
import { displayName, SEPARATOR_GAP_MS, separatorTime } from '@/lib/chat/format';
import { groupNoticeText } from '@/lib/chat/groups';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { receiptLabel } from '@/lib/chat/receipts';
import { quoteOf } from '@/lib/chat/quotes';
import { canRecall, recallWindowText } from '@/lib/chat/recall';
import { lastOwnSeq as lastOwnSeqOf, threadEntries } from '@/lib/chat/thread';
import {
  EMPTY_THREAD,
  type ChatMessage,
  type GroupNotice,
  type QuoteInfo,
  type UserCard,
} from '@/lib/chat/types';
import { errorText } from './errorText';
import { ImageViewer, type ViewedImage } from './ImageViewer';
import { MessageMenu, type MenuItem } from './MessageMenu';
import { MessageRow } from './MessageRow';
import { useLongPress } from './useLongPress';
import { useThreadScroll } from './useThreadScroll';

/** While an own message may still be recalled, the offer is re-checked this often. */
const RECALL_TICK_MS = 5_000; // 5 s
/** An action's error stays on screen this long. */
const ACTION_ERROR_MS = 6_000; // 6 s
const NO_NOTICES: readonly GroupNotice[] = [];

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

function TimeSeparator({ at }: { at: number }) {
  return (
    <li data-testid="time-separator" className="my-3 flex justify-center">
      <time
        dateTime={new Date(at).toISOString()}
        className="px-1.5 py-0.5 text-[11px] text-wx-muted"
      >
        {separatorTime(at)}
      </time>
    </li>
  );
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
  /** The ChatServer's recall window, from LOGIN (§3's 2 minutes without one). */
  const recallWindowMs = useChatState((s) => s.limits.recallWindowMs);
  const [viewing, setViewing] = useState<ViewedImage | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; items: MenuItem[] } | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const entries = useMemo(
    () => threadEntries(thread.items, thread.pending, notices, SEPARATOR_GAP_MS),
    [thread.items, thread.pending, notices],
  );
  const lastOwnSeq = useMemo(() => lastOwnSeqOf(thread.items, me.uid), [thread.items, me.uid]);

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

  // The recall offer ends when the server's window has passed (§3): re-check while one is open.
  const recallable = thread.items.some((m) => canRecall(m, me.uid, now, recallWindowMs));
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

  const missing = useCallback(() => setActionError('That message could not be loaded.'), []);
  const scroll = useThreadScroll({
    client,
    conversationId,
    thread,
    entries,
    me: me.uid,
    onMissing: missing,
  });
  const { jumpTo, highlighted } = scroll;
  const jumpSeq = jump?.seq;
  const jumpNonce = jump?.nonce;
  useEffect(() => {
    if (jumpSeq !== undefined) jumpTo(jumpSeq);
  }, [jumpSeq, jumpNonce, jumpTo]);

  const recall = useCallback(
    (m: ChatMessage) => {
      client
        .recall(conversationId, m.msgId)
        .catch((err: unknown) => setActionError(`Could not recall: ${errorText(err)}`));
    },
    [client, conversationId],
  );
  const quote = useMemo(
    () => (onQuote ? (m: ChatMessage) => onQuote(quoteOf(m)) : undefined),
    [onQuote],
  );
  const retry = useCallback(
    (clientMsgId: string) => client.retry(conversationId, clientMsgId),
    [client, conversationId],
  );
  const discard = useCallback(
    (clientMsgId: string) => client.discard(conversationId, clientMsgId),
    [client, conversationId],
  );

  /** The menu of a stored message at (x, y); false when it has nothing to offer. */
  const openMenu = (x: number, y: number, m: ChatMessage): boolean => {
    const items: MenuItem[] = [];
    if (m.kind === 'text' && m.text && typeof navigator !== 'undefined' && navigator.clipboard) {
      const text = m.text;
      items.push({ label: 'Copy', onSelect: () => void navigator.clipboard.writeText(text) });
    }
    if (quote && m.kind !== 'recalled') items.push({ label: 'Quote', onSelect: () => quote(m) });
    if (canRecall(m, me.uid, Date.now(), recallWindowMs))
      items.push({ label: 'Recall', onSelect: () => recall(m) });
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

  const group = conv?.kind === 'group';
  const recallWindow = recallWindowText(recallWindowMs);
  const { unseen } = scroll;

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {unseen > 0 ? (
        <button
          type="button"
          onClick={scroll.toBottom}
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
        ref={scroll.scroller}
        aria-label="Messages"
        onScroll={scroll.onScroll}
        {...longPress}
        className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto px-3 py-2 md:px-6 md:py-4"
      >
        <li className="flex justify-center pb-2">
          {thread.loadingOlder ? (
            <span role="status" className="text-xs text-wx-muted">
              Loading…
            </span>
          ) : scroll.canLoadOlder && thread.loaded ? (
            <button
              type="button"
              onClick={scroll.loadOlder}
              className="text-xs text-wx-link hover:underline"
            >
              Load older messages
            </button>
          ) : thread.loaded && entries.length > 0 ? (
            <span className="text-xs text-wx-faint">No older messages</span>
          ) : null}
        </li>
        {entries.map((e) => {
          const sep = e.separator ? <TimeSeparator at={e.at} /> : null;
          if (e.kind === 'notice') {
            return (
              <Fragment key={e.key}>
                {sep}
                <SystemLine testId="group-notice">
                  {groupNoticeText(e.n, me.uid, cardName)}
                </SystemLine>
              </Fragment>
            );
          }
          const from = e.kind === 'stored' ? e.m.from : e.p.from;
          const own = from === me.uid;
          if (e.kind === 'stored' && e.m.kind === 'recalled') {
            return (
              <Fragment key={e.key}>
                {sep}
                <SystemLine testId="recalled" seq={e.m.seq} highlighted={highlighted === e.m.seq}>
                  {own ? 'You recalled a message' : `${nameOf(from)} recalled a message`}
                </SystemLine>
              </Fragment>
            );
          }
          const name = nameOf(from);
          return (
            <Fragment key={e.key}>
              {sep}
              <MessageRow
                entry={e}
                own={own}
                name={name}
                avatar={cardOf(from)?.avatar}
                showName={group && !own}
                receipt={
                  e.kind === 'stored' && own && e.m.seq === lastOwnSeq && conv
                    ? receiptLabel(conv, e.m.seq)
                    : null
                }
                mayRecall={e.kind === 'stored' && canRecall(e.m, me.uid, now, recallWindowMs)}
                recallWindow={recallWindow}
                lit={e.kind === 'stored' && highlighted === e.m.seq}
                nameOf={nameOf}
                onView={setViewing}
                onMediaLoad={scroll.onMediaLoad}
                onContextMenu={onContextMenu}
                onQuote={quote}
                onRecall={recall}
                onRetry={retry}
                onDiscard={discard}
                onOpenQuote={jumpTo}
              />
            </Fragment>
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
