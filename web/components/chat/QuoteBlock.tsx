'use client';
// A quote (PROTOCOL.md §9.4): the quoted sender and the preview, under a reply's bubble (as
// WeChat shows it) or above the composer while replying. The text is a React text child, never
// HTML. In a reply, a click scrolls to the original (MessageList's jump).
import { quoteText } from '@/lib/chat/quotes';
import type { QuoteInfo } from '@/lib/chat/types';

const BOX =
  'max-w-full min-w-0 rounded-[4px] bg-wx-system/60 px-2 py-1 text-left text-xs text-wx-muted';

export function QuoteBlock({
  quote,
  name,
  onOpen,
}: {
  quote: QuoteInfo;
  /** The quoted sender's display name. */
  name: string;
  onOpen?: () => void;
}) {
  const recalled = quote.kind === 'recalled';
  const line = (
    <>
      <span className="font-medium">{name}</span>
      {': '}
      <span data-testid="quote-text" className={recalled ? 'italic' : ''}>
        {quoteText(quote)}
      </span>
    </>
  );
  if (!onOpen)
    return (
      <div
        data-testid="quote"
        data-recalled={recalled ? 'true' : 'false'}
        className={`${BOX} line-clamp-2`}
      >
        {line}
      </div>
    );
  return (
    <button
      type="button"
      data-testid="quote"
      data-recalled={recalled ? 'true' : 'false'}
      data-quote-seq={quote.seq}
      title="Show the quoted message"
      onClick={onOpen}
      className={`${BOX} mt-1 line-clamp-2 hover:bg-wx-system focus-visible:outline-2 focus-visible:outline-wx-green`}
    >
      {line}
    </button>
  );
}

/** Above the composer: what the next message replies to, with a way out. */
export function QuoteBar({
  quote,
  name,
  onCancel,
}: {
  quote: QuoteInfo;
  name: string;
  onCancel: () => void;
}) {
  return (
    <div
      data-testid="replying-to"
      className="flex shrink-0 items-center gap-2 border-t border-wx-sep bg-wx-list px-3 py-1.5 md:bg-transparent md:px-5"
    >
      <span className="shrink-0 text-xs text-wx-muted">Replying to</span>
      <div className="min-w-0 flex-1 truncate">
        <QuoteBlock quote={quote} name={name} />
      </div>
      <button
        type="button"
        aria-label="Cancel quote"
        title="Cancel quote"
        onClick={onCancel}
        className="flex h-8 w-8 shrink-0 items-center justify-center rounded text-wx-icon hover:bg-wx-hover"
      >
        ×
      </button>
    </div>
  );
}
