'use client';
// The image viewer: the full image over a dark backdrop, full-screen; Esc, the close button or a
// click beside the image closes it, and focus returns to where it was. Two fingers pinch-zoom
// (lib/zoom.ts), one finger or the mouse pans a zoomed image, a double tap or double click zooms
// in and out; the page itself does not zoom (touch-action: none on the image).
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { IDENTITY, pan, pinch, toggle, type Point, type ZoomTransform } from '@/lib/zoom';
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
  const [zoom, setZoom] = useState<ZoomTransform>(IDENTITY);
  /** Pointers down on the image, and the gesture's start (its pointers and transform). */
  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<{ from: Map<number, Point>; t: ZoomTransform } | null>(null);
  const img = useRef<HTMLImageElement>(null);

  /** A pointer's position relative to the image's centre (its untransformed box). */
  const rel = (e: PointerEvent): Point => {
    const el = img.current;
    if (!el) return { x: 0, y: 0 };
    const r = el.getBoundingClientRect();
    // The box is transformed: undo the translation to find the untransformed centre.
    const cx = r.left + r.width / 2 - zoom.x;
    const cy = r.top + r.height / 2 - zoom.y;
    return { x: e.clientX - cx, y: e.clientY - cy };
  };
  const restart = (t: ZoomTransform) => {
    gesture.current = { from: new Map(pointers.current), t };
  };
  const onPointerDown = (e: PointerEvent) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, rel(e));
    restart(zoom);
  };
  const onPointerMove = (e: PointerEvent) => {
    const g = gesture.current;
    if (!g || !pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, rel(e));
    const ids = [...g.from.keys()];
    const [a, b] = ids;
    if (a === undefined) return;
    const a0 = g.from.get(a)!;
    const a1 = pointers.current.get(a) ?? a0;
    if (b === undefined) {
      setZoom(pan(g.t, a1.x - a0.x, a1.y - a0.y));
      return;
    }
    const b0 = g.from.get(b)!;
    const b1 = pointers.current.get(b) ?? b0;
    setZoom(pinch(g.t, a0, b0, a1, b1));
  };
  const onPointerEnd = (e: PointerEvent) => {
    pointers.current.delete(e.pointerId);
    // The fingers still down start a new gesture from here (pinch → pan).
    if (pointers.current.size > 0) restart(zoom);
    else gesture.current = null;
  };

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
      className="fixed inset-0 z-50 flex items-center justify-center overflow-hidden bg-black/90 p-0 md:p-10"
    >
      <button
        ref={close}
        type="button"
        aria-label="Close image viewer"
        onClick={onClose}
        className="absolute top-[max(1rem,env(safe-area-inset-top))] right-4 z-10 flex h-10 w-10 items-center justify-center rounded-full text-white/80 hover:bg-white/10 hover:text-white"
      >
        <CloseIcon />
      </button>
      {src ? (
        <img
          ref={img}
          src={src}
          alt={image.name}
          data-testid="viewer-image"
          data-scale={zoom.scale.toFixed(2)}
          draggable={false}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
          onDoubleClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            const at = {
              x: e.clientX - (r.left + r.width / 2 - zoom.x),
              y: e.clientY - (r.top + r.height / 2 - zoom.y),
            };
            setZoom(toggle(zoom, at));
          }}
          style={{
            transform: `translate(${String(zoom.x)}px, ${String(zoom.y)}px) scale(${String(zoom.scale)})`,
          }}
          className={`max-h-full max-w-full touch-none object-contain shadow-[0_4px_24px_rgba(0,0,0,0.5)] select-none ${
            zoom.scale > 1 ? 'cursor-grab' : 'cursor-zoom-in'
          }`}
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
