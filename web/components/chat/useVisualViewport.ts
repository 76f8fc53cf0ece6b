'use client';
// Keeps the app inside the part of the window that is really visible. On phones the on-screen
// keyboard shrinks the visual viewport but not always the layout viewport (iOS Safari, and
// Chromium without `interactive-widget=resizes-content`), so a full-height app would leave its
// composer behind the keyboard. While the two differ, the app takes the visual viewport's height
// and follows its offset; otherwise it keeps its CSS height (100dvh). Safe-area insets are padded
// by the tab bar and the composer themselves (`env(safe-area-inset-bottom)`).
import { useEffect, useState, type CSSProperties } from 'react';

/** Differences below this are rounding, not a keyboard. */
const SLACK_PX = 1;

export function useVisualViewport(): CSSProperties | undefined {
  const [style, setStyle] = useState<CSSProperties | undefined>(undefined);
  useEffect(() => {
    const vv = window.visualViewport;
    if (!vv) return;
    const update = () => {
      const covered = window.innerHeight - vv.height;
      // A page zoomed by pinching also has a smaller visual viewport: that is not a keyboard.
      const zoomed = Math.abs(vv.scale - 1) > 0.01;
      setStyle(
        covered > SLACK_PX && !zoomed
          ? { height: `${String(vv.height)}px`, transform: `translateY(${String(vv.offsetTop)}px)` }
          : undefined,
      );
    };
    update();
    vv.addEventListener('resize', update);
    vv.addEventListener('scroll', update);
    return () => {
      vv.removeEventListener('resize', update);
      vv.removeEventListener('scroll', update);
    };
  }, []);
  return style;
}
