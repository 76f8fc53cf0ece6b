'use client';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { conversationName, displayName } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import type { QuoteInfo } from '@/lib/chat/types';
import { audioExtension } from '@/lib/chat/voice';
import { BellIcon, BellOffIcon, MoreIcon } from '../icons';
import { Composer } from './Composer';
import { GroupPanel } from './GroupPanel';
import { BackButton } from './PaneHeader';
import { MessageList, type JumpRequest } from './MessageList';
import { QuoteBar } from './QuoteBlock';

const hasFiles = (e: DragEvent): boolean => Array.from(e.dataTransfer.types).includes('Files');

/**
 * The right pane of the chats view: header (name, presence, typing; a group's member count and
 * info panel), messages, composer. Images and files dropped anywhere on it are sent.
 */
export function ChatPane({
  conversationId,
  onBack,
  jump,
}: {
  conversationId: string | null;
  /** Back to the chat list (phone layout, where the conversation covers it). */
  onBack?: () => void;
  /** Open the conversation at this message (a search hit, §9.3). */
  jump?: JumpRequest | null;
}) {
  const conv = useChatState((s) => (conversationId ? s.conversations[conversationId] : undefined));
  const friends = useChatState((s) => s.friends);
  const presence = useChatState((s) => s.presence);
  const typingMap = useChatState((s) => (conversationId ? s.typing[conversationId] : undefined));
  const client = useChatClient();
  const [panelFor, setPanelFor] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  /** What the next message replies to (§9.4), for the conversation it was chosen in. */
  const [quote, setQuote] = useState<{ conversationId: string; q: QuoteInfo } | null>(null);
  const composer = useRef<HTMLDivElement>(null);
  const me = useChatState((s) => s.me);
  // The quoted message recalled while the reply is being written: the bar shows it recalled too.
  const quoteRecalled = useChatState((s) =>
    quote
      ? s.threads[quote.conversationId]?.items.some(
          (m) => m.msgId === quote.q.msgId && m.kind === 'recalled',
        ) === true
      : false,
  );
  /** dragenter/dragleave fire for every child crossed: count them. */
  const depth = useRef(0);

  const typing = useMemo(() => Object.keys(typingMap ?? {}).length > 0, [typingMap]);

  /** The quote the next send carries, if one was chosen here; taken once (§9.4). */
  const takeQuote = useCallback((): QuoteInfo | undefined => {
    if (!quote || quote.conversationId !== conversationId) return undefined;
    setQuote(null);
    return quote.q;
  }, [quote, conversationId]);

  const sendFiles = useCallback(
    (files: readonly File[]) => {
      if (!conversationId) return;
      // Several files at once: the first one is the reply.
      let replyTo = takeQuote();
      for (const f of files) {
        client.sendFile(conversationId, f, f.name || 'file', replyTo);
        replyTo = undefined;
      }
    },
    [client, conversationId, takeQuote],
  );
  const sendVoice = useCallback(
    (audio: Blob, durationMs: number) => {
      if (!conversationId) return;
      const name = `voice-${String(Date.now())}.${audioExtension(audio.type)}`;
      client.sendVoice(conversationId, audio, durationMs, name, takeQuote());
    },
    [client, conversationId, takeQuote],
  );

  if (!conversationId || !conv) {
    return (
      <section
        aria-label="Chat"
        className="hidden min-w-0 flex-1 items-center justify-center md:flex"
      >
        <p className="text-sm text-wx-muted">Select a chat to start messaging</p>
      </section>
    );
  }
  const name = conversationName(conv, friends);
  const chosen = quote?.conversationId === conversationId ? quote.q : null;
  const replying: QuoteInfo | null =
    chosen && quoteRecalled ? { ...chosen, kind: 'recalled', preview: '' } : chosen;
  const quotedName = (uid: string): string => {
    if (uid === me.uid) return displayName(me);
    const card =
      friends[uid] ??
      (conv.peer?.uid === uid ? conv.peer : conv.group?.members.find((m) => m.uid === uid));
    return displayName(card ?? { uid }, friends[uid]?.remark);
  };
  const startQuote = (q: QuoteInfo) => {
    setQuote({ conversationId, q });
    composer.current?.querySelector('textarea')?.focus();
  };
  const group = conv.kind === 'group' ? conv.group : undefined;
  const peerUid = conv.peer?.uid;
  const online = peerUid ? (presence[peerUid] ?? friends[peerUid]?.online ?? false) : false;
  const state = typing ? 'typing…' : conv.kind === 'group' ? '' : online ? 'Online' : 'Offline';
  const memberCount = group ? Math.max(group.memberCount ?? 0, group.members.length) : 0;
  const panel = group !== undefined && panelFor === conversationId;

  const onDragEnter = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current++;
    setDragging(true);
  };
  const onDragLeave = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setDragging(false);
  };
  const onDragOver = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current = 0;
    setDragging(false);
    sendFiles(Array.from(e.dataTransfer.files));
  };

  return (
    <div className="relative flex min-w-0 flex-1">
      <section
        aria-label="Chat"
        onDragEnter={onDragEnter}
        onDragLeave={onDragLeave}
        onDragOver={onDragOver}
        onDrop={onDrop}
        className="relative flex min-w-0 flex-1 flex-col"
      >
        <header className="flex h-12 shrink-0 items-center justify-between gap-2 border-b border-wx-sep px-4 md:h-[60px] md:gap-4 md:px-6">
          {onBack ? <BackButton onBack={onBack} label="Back to chats" /> : null}
          <div className="min-w-0 flex-1">
            <div className="flex min-w-0 items-baseline gap-1.5">
              <h2 className="truncate text-base text-wx-text">{name}</h2>
              {group ? (
                <span data-testid="member-count" className="shrink-0 text-sm text-wx-muted">
                  ({memberCount})
                </span>
              ) : null}
            </div>
            {state ? (
              <p
                aria-label="Contact status"
                aria-live="polite"
                className={`text-xs ${typing || online ? 'text-wx-green' : 'text-wx-muted'}`}
              >
                {state}
              </p>
            ) : null}
          </div>
          {conv ? (
            <button
              type="button"
              aria-label="Mute notifications"
              aria-pressed={conv.muted === true}
              title={conv.muted ? 'Muted: no badge count, no notifications' : 'Mute notifications'}
              onClick={() =>
                void client.setMuted(conversationId, !conv.muted).catch(() => undefined)
              }
              className={`flex h-8 w-8 items-center justify-center rounded text-wx-icon hover:bg-wx-hover ${conv.muted ? 'bg-wx-hover' : ''}`}
            >
              {conv.muted ? <BellOffIcon /> : <BellIcon />}
            </button>
          ) : null}
          {group ? (
            <button
              type="button"
              aria-label="Group info"
              aria-expanded={panel}
              title="Group info"
              onClick={() => setPanelFor(panel ? null : conversationId)}
              className={`flex h-8 w-8 items-center justify-center rounded text-wx-icon hover:bg-wx-hover ${panel ? 'bg-wx-hover' : ''}`}
            >
              <MoreIcon />
            </button>
          ) : null}
        </header>
        <MessageList
          key={conversationId}
          conversationId={conversationId}
          onQuote={startQuote}
          jump={jump ?? null}
        />
        {replying ? (
          <QuoteBar
            quote={replying}
            name={quotedName(replying.from)}
            onCancel={() => setQuote(null)}
          />
        ) : null}
        <div ref={composer} className="contents">
          <Composer
            key={`composer-${conversationId}`}
            onSend={(text) => {
              client.sendText(conversationId, text, replying ?? undefined);
              setQuote(null);
            }}
            onTyping={() => client.typing(conversationId)}
            onFiles={sendFiles}
            onVoice={sendVoice}
          />
        </div>
        {dragging ? (
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-md border-2 border-dashed border-wx-green bg-wx-card/85 text-sm text-wx-green"
          >
            Drop to send to {name}
          </div>
        ) : null}
      </section>
      {panel ? (
        <GroupPanel conversationId={conversationId} onClose={() => setPanelFor(null)} />
      ) : null}
    </div>
  );
}
