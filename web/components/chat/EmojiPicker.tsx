'use client';
import { useEffect, useRef } from 'react';

/** A small, fixed set: the ones people reach for most. Names double as accessible labels. */
const EMOJI: readonly (readonly [string, string])[] = [
  ['😀', 'grinning'],
  ['😂', 'tears of joy'],
  ['🙂', 'smile'],
  ['😉', 'wink'],
  ['😍', 'heart eyes'],
  ['😘', 'kiss'],
  ['🤔', 'thinking'],
  ['😅', 'sweat smile'],
  ['😭', 'crying'],
  ['😡', 'angry'],
  ['😴', 'sleeping'],
  ['😎', 'cool'],
  ['🤗', 'hug'],
  ['🙃', 'upside down'],
  ['😱', 'scream'],
  ['🥳', 'party'],
  ['👍', 'thumbs up'],
  ['👎', 'thumbs down'],
  ['👏', 'clap'],
  ['🙏', 'thanks'],
  ['💪', 'strong'],
  ['👌', 'ok'],
  ['✌️', 'victory'],
  ['🤝', 'handshake'],
  ['❤️', 'heart'],
  ['💔', 'broken heart'],
  ['🔥', 'fire'],
  ['🎉', 'celebration'],
  ['🌹', 'rose'],
  ['☕', 'coffee'],
  ['🍺', 'beer'],
  ['🧧', 'red envelope'],
];

export function EmojiPicker({
  onPick,
  onClose,
}: {
  onPick: (emoji: string) => void;
  onClose: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('button')?.focus();
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const onDown = (e: MouseEvent) => {
      const t = e.target as Element;
      // The toggle button closes the picker itself.
      if (box.current?.contains(t) || t.closest('[data-emoji-toggle]')) return;
      onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onDown);
    };
  }, [onClose]);

  return (
    <div
      ref={box}
      role="dialog"
      aria-label="Emoji picker"
      className="absolute bottom-full left-3 z-10 mb-1 grid w-[296px] grid-cols-8 gap-0.5 rounded-md border border-wx-line bg-wx-card p-2 shadow-[0_4px_16px_rgba(0,0,0,0.12)]"
    >
      {EMOJI.map(([e, name]) => (
        <button
          key={name}
          type="button"
          aria-label={name}
          title={name}
          onClick={() => onPick(e)}
          className="flex h-8 w-8 items-center justify-center rounded text-xl hover:bg-wx-card-hover"
        >
          {e}
        </button>
      ))}
    </div>
  );
}
