'use client';
// One message of the thread, stored or still being sent: avatar, sender name (groups), content by
// kind, the send state (spinner, resend, remove), Quote and Recall, the quoted message (§9.4) and
// the read receipt of the newest own message. Recalled messages and event lines are system lines
// (MessageList), not rows.
import type { MouseEvent } from 'react';
import type { MessageEntry } from '@/lib/chat/thread';
import type { ChatMessage, PendingMessage } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import type { ViewedImage } from './ImageViewer';
import { FileCard, ImageContent, useMediaUrl, useObjectUrl, VoiceContent } from './MediaContent';
import { QuoteBlock } from './QuoteBlock';

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

export interface MessageRowProps {
  entry: MessageEntry;
  own: boolean;
  /** The sender's name, shown above others' messages in a group. */
  name: string;
  avatar: string | undefined;
  showName: boolean;
  /** "Read"/"Delivered"… under the newest own message; null elsewhere. */
  receipt: string | null;
  /** The Recall button is offered (own, within the window); `recallWindow` names the window. */
  mayRecall: boolean;
  recallWindow: string;
  /** Jumped to just now: lit for a moment. */
  lit: boolean;
  nameOf: (uid: string) => string;
  onView: (image: ViewedImage) => void;
  onMediaLoad: () => void;
  onContextMenu: (e: MouseEvent, m: ChatMessage) => void;
  /** Absent: the list offers no Quote. */
  onQuote: ((m: ChatMessage) => void) | undefined;
  onRecall: (m: ChatMessage) => void;
  onRetry: (clientMsgId: string) => void;
  onDiscard: (clientMsgId: string) => void;
  /** A click on the quoted message: show it (§9.4). */
  onOpenQuote: (seq: number) => void;
}

export function MessageRow({
  entry: e,
  own,
  name,
  avatar,
  showName,
  receipt,
  mayRecall,
  recallWindow,
  lit,
  nameOf,
  onView,
  onMediaLoad,
  onContextMenu,
  onQuote,
  onRecall,
  onRetry,
  onDiscard,
  onOpenQuote,
}: MessageRowProps) {
  const from = e.kind === 'stored' ? e.m.from : e.p.from;
  const status = e.kind === 'pending' ? e.p.status : null;
  const kind = e.kind === 'stored' ? e.m.kind : e.p.kind;
  const quote = e.kind === 'stored' ? e.m.replyTo : e.p.replyTo;
  return (
    <li
      data-testid="message"
      data-own={own ? 'true' : 'false'}
      data-kind={kind}
      data-status={status ?? receipt ?? undefined}
      data-seq={e.kind === 'stored' ? e.m.seq : undefined}
      data-highlighted={lit ? 'true' : undefined}
      className={`group my-3 flex items-start gap-2.5 rounded transition-colors ${lit ? 'bg-wx-highlight' : ''} ${own ? 'flex-row-reverse' : ''}`}
    >
      <Avatar name={name} avatar={avatar} seed={from} size={36} />
      <div className={`flex max-w-[70%] min-w-0 flex-col ${own ? 'items-end' : 'items-start'}`}>
        {showName ? (
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
              <StoredContent m={e.m} own={own} onView={onView} onMediaLoad={onMediaLoad} />
            ) : (
              <PendingContent p={e.p} onView={onView} onMediaLoad={onMediaLoad} />
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
              onClick={() => onRetry(e.p.clientMsgId)}
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
              onClick={() => onQuote(e.m)}
              className="shrink-0 text-[11px] text-wx-link opacity-0 transition-opacity group-hover:opacity-100 hover:underline focus:opacity-100 pointer-coarse:hidden"
            >
              Quote
            </button>
          ) : null}
          {mayRecall && e.kind === 'stored' ? (
            <button
              type="button"
              aria-label="Recall message"
              title={`Recall (within ${recallWindow} of sending)`}
              onClick={() => onRecall(e.m)}
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
            onOpen={() => onOpenQuote(quote.seq)}
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
              onClick={() => onDiscard(e.p.clientMsgId)}
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
  );
}
