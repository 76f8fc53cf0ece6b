'use client';
// Press and hold with a finger (or pen) opens a message's menu, as right-click does with a mouse.
// Pointer events rather than the `contextmenu` event: iOS Safari never fires that on touch, and
// Chromium on Android fires it only for some elements. A finger that moves (scrolling the list)
// or lifts early cancels; the click that follows a completed hold is swallowed, so holding an
// image does not also open the viewer.
import { useCallback, useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

/** How long a finger rests before the menu opens (Android's long-press timeout is 400–500 ms). */
export const LONG_PRESS_MS = 500;
/** Movement that turns a hold into a scroll. */
const MOVE_TOLERANCE_PX = 10;

export interface LongPressHandlers {
  onPointerDown: (e: PointerEvent) => void;
  onPointerMove: (e: PointerEvent) => void;
  onPointerUp: () => void;
  onPointerCancel: () => void;
  onClickCapture: (e: MouseEvent) => void;
}

/** `onHold` gets where the finger rests and the element it went down on (for delegation). */
export function useLongPress(
  onHold: (x: number, y: number, target: EventTarget) => void,
): LongPressHandlers {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const start = useRef<{ x: number; y: number } | null>(null);
  const held = useRef(false);

  const cancel = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    start.current = null;
  }, []);
  useEffect(() => cancel, [cancel]);

  return {
    onPointerDown: (e) => {
      if (e.pointerType === 'mouse' || !e.isPrimary) return;
      cancel();
      held.current = false;
      const at = { x: e.clientX, y: e.clientY };
      const target = e.target;
      start.current = at;
      timer.current = setTimeout(() => {
        timer.current = null;
        held.current = true;
        onHold(at.x, at.y, target);
      }, LONG_PRESS_MS);
    },
    onPointerMove: (e) => {
      const s = start.current;
      if (!s || !timer.current) return;
      if (Math.hypot(e.clientX - s.x, e.clientY - s.y) > MOVE_TOLERANCE_PX) cancel();
    },
    onPointerUp: cancel,
    onPointerCancel: cancel,
    onClickCapture: (e) => {
      if (!held.current) return;
      held.current = false;
      e.preventDefault();
      e.stopPropagation();
    },
  };
}
