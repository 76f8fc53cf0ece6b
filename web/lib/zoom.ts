// Pinch-zoom and pan arithmetic for the image viewer, kept apart from the DOM so it can be tested
// with plain numbers. An image is drawn with `translate(x, y) scale(scale)` about its centre: a
// point p of the image (measured from its centre, unscaled) appears at x + scale · p.

export interface Point {
  x: number;
  y: number;
}

export interface ZoomTransform {
  scale: number;
  x: number;
  y: number;
}

export const IDENTITY: ZoomTransform = Object.freeze({ scale: 1, x: 0, y: 0 });
export const MIN_SCALE = 1;
export const MAX_SCALE = 5;
/** A double tap zooms to this, or back to 1. */
export const TAP_SCALE = 2.5;

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const mid = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/** At scale 1 the image sits centred again (nothing to pan). */
function settle(t: ZoomTransform): ZoomTransform {
  return t.scale <= MIN_SCALE ? IDENTITY : t;
}

/**
 * Two fingers moved from (a0, b0) to (a1, b1), in coordinates relative to the image's centre:
 * the scale follows their distance (within MIN_SCALE…MAX_SCALE) and the image point that was
 * under their midpoint stays under it.
 */
export function pinch(
  start: ZoomTransform,
  a0: Point,
  b0: Point,
  a1: Point,
  b1: Point,
): ZoomTransform {
  const d0 = dist(a0, b0);
  if (d0 === 0) return start;
  const scale = clamp((start.scale * dist(a1, b1)) / d0, MIN_SCALE, MAX_SCALE);
  const k = scale / start.scale;
  const m0 = mid(a0, b0);
  const m1 = mid(a1, b1);
  return settle({ scale, x: m1.x - k * (m0.x - start.x), y: m1.y - k * (m0.y - start.y) });
}

/** One finger (or the mouse) dragged a zoomed image by (dx, dy); unzoomed, it stays put. */
export function pan(start: ZoomTransform, dx: number, dy: number): ZoomTransform {
  if (start.scale <= MIN_SCALE) return IDENTITY;
  return { ...start, x: start.x + dx, y: start.y + dy };
}

/** Double tap at `at` (relative to the centre): zoom in there, or back out when zoomed. */
export function toggle(current: ZoomTransform, at: Point): ZoomTransform {
  if (current.scale > MIN_SCALE) return IDENTITY;
  const k = TAP_SCALE / current.scale;
  return { scale: TAP_SCALE, x: at.x - k * (at.x - current.x), y: at.y - k * (at.y - current.y) };
}
