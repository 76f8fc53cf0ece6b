'use client';
// The right-click menu of a message: Copy (text), Quote (§9.4) and Recall (own, within 2
// minutes, §3).
// Closes on Esc, on a press elsewhere, on scroll, or after a choice.
import { useEffect, useRef } from 'react';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

export function MessageMenu({
  x,
  y,
  items,
  onClose,
}: {
  x: number;
  y: number;
  items: readonly MenuItem[];
  onClose: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    // pointerdown, not mousedown: after a long press a browser may still send the compatibility
    // mouse events of a tap, which would close the menu the press just opened.
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('resize', onClose);
    document.addEventListener('scroll', onClose, true);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('resize', onClose);
      document.removeEventListener('scroll', onClose, true);
    };
  }, [onClose]);

  // Kept inside the window.
  const left = Math.min(x, (typeof window === 'undefined' ? x : window.innerWidth) - 140);
  const top = Math.min(
    y,
    (typeof window === 'undefined' ? y : window.innerHeight) - 40 * items.length,
  );
  return (
    <div
      ref={box}
      role="menu"
      aria-label="Message actions"
      style={{ left, top }}
      className="fixed z-40 min-w-[120px] rounded-md border border-wx-line bg-wx-card py-1 shadow-[0_4px_16px_rgba(0,0,0,0.12)]"
    >
      {items.map((it) => (
        <button
          key={it.label}
          type="button"
          role="menuitem"
          onClick={() => {
            onClose();
            it.onSelect();
          }}
          className={`block w-full px-4 py-1.5 text-left text-sm hover:bg-wx-card-hover focus:bg-wx-card-hover focus:outline-none ${
            it.danger ? 'text-wx-danger' : 'text-wx-text'
          }`}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
