'use client';
// The image viewer: the full image over a dark backdrop; Esc, the close button or a click beside
// the image closes it, and focus returns to where it was.
import { useEffect, useRef } from 'react';
import { useMediaUrl } from './MediaContent';
import { CloseIcon } from '../icons';

export interface ViewedImage {
  /** Stored image (full size fetched here) … */
  mediaId?: string;
  /** … or a local one (a pending upload's preview). */
  url?: string;
  name: string;
}

export function ImageViewer({ image, onClose }: { image: ViewedImage; onClose: () => void }) {
  const full = useMediaUrl(image.mediaId, 'full');
  // The thumbnail is shown until the full image is here.
  const thumb = useMediaUrl(image.mediaId, 'thumb');
  const src = image.url ?? full.url ?? thumb.url;
  const close = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus();
    };
  }, [onClose]);

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-label="Image viewer"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className="fixed inset-0 z-50 flex items-center justify-center bg-black/85 p-10"
    >
      <button
        ref={close}
        type="button"
        aria-label="Close image viewer"
        onClick={onClose}
        className="absolute top-4 right-4 flex h-9 w-9 items-center justify-center rounded-full text-white/80 hover:bg-wx-card/10 hover:text-white"
      >
        <CloseIcon />
      </button>
      {src ? (
        <img
          src={src}
          alt={image.name}
          data-testid="viewer-image"
          className="max-h-full max-w-full object-contain shadow-[0_4px_24px_rgba(0,0,0,0.5)]"
        />
      ) : (
        <p role="status" className="text-sm text-white/70">
          {full.error ?? 'Loading…'}
        </p>
      )}
      <p className="absolute bottom-4 left-1/2 max-w-[80%] -translate-x-1/2 truncate text-xs text-white/60">
        {image.name}
      </p>
    </div>
  );
}
