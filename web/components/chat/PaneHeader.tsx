'use client';
// The title bar of a content pane. On a phone (below 768 px, where panes stack full-screen) it
// carries a back arrow to the list the pane was opened from; on wider screens the list stays
// beside the pane and the arrow is hidden.
import type { ReactNode } from 'react';
import { BackIcon } from '../icons';

export function BackButton({ onBack, label = 'Back' }: { onBack: () => void; label?: string }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onBack}
      className="-ml-2 flex h-10 w-10 shrink-0 items-center justify-center rounded text-wx-text hover:bg-wx-hover md:hidden"
    >
      <BackIcon />
    </button>
  );
}

export function PaneHeader({
  title,
  onBack,
  children,
}: {
  title: ReactNode;
  /** Shown on a phone only. */
  onBack?: (() => void) | undefined;
  /** Actions at the right end. */
  children?: ReactNode;
}) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-wx-sep px-4 md:h-[60px] md:px-6">
      {onBack ? <BackButton onBack={onBack} /> : null}
      <div className="min-w-0 flex-1">{title}</div>
      {children}
    </header>
  );
}
