import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDENTITY, MAX_SCALE, pan, pinch, toggle, type ZoomTransform } from '../lib/zoom';

/** Where image point p (from the centre, unscaled) is drawn. */
const drawn = (t: ZoomTransform, p: { x: number; y: number }) => ({
  x: t.x + t.scale * p.x,
  y: t.y + t.scale * p.y,
});

test('fingers moving apart zoom by the ratio of their distances', () => {
  const t = pinch(IDENTITY, { x: -50, y: 0 }, { x: 50, y: 0 }, { x: -100, y: 0 }, { x: 100, y: 0 });
  assert.equal(t.scale, 2);
  assert.deepEqual({ x: t.x, y: t.y }, { x: 0, y: 0 });
});

test('the image point under the fingers’ midpoint stays under it', () => {
  const start: ZoomTransform = { scale: 1.5, x: 10, y: -20 };
  const a0 = { x: 40, y: 30 };
  const b0 = { x: 120, y: 90 };
  const under = { x: (80 - start.x) / start.scale, y: (60 - start.y) / start.scale };
  const t = pinch(start, a0, b0, { x: 20, y: 10 }, { x: 180, y: 130 });
  const m1 = { x: 100, y: 70 };
  const at = drawn(t, under);
  assert.ok(Math.abs(at.x - m1.x) < 1e-9 && Math.abs(at.y - m1.y) < 1e-9, JSON.stringify(at));
});

test('zoom stays within its bounds, and at scale 1 the image is centred again', () => {
  const far = pinch(IDENTITY, { x: -1, y: 0 }, { x: 1, y: 0 }, { x: -500, y: 0 }, { x: 500, y: 0 });
  assert.equal(far.scale, MAX_SCALE);
  const zoomed: ZoomTransform = { scale: 2, x: 40, y: 40 };
  const out = pinch(zoomed, { x: -100, y: 0 }, { x: 100, y: 0 }, { x: -10, y: 0 }, { x: 10, y: 0 });
  assert.deepEqual(out, IDENTITY);
});

test('two fingers on one spot change nothing', () => {
  const p = { x: 5, y: 5 };
  const start: ZoomTransform = { scale: 2, x: 3, y: 4 };
  assert.deepEqual(pinch(start, p, p, { x: 0, y: 0 }, { x: 9, y: 9 }), start);
});

test('panning moves a zoomed image and leaves an unzoomed one centred', () => {
  assert.deepEqual(pan({ scale: 2, x: 1, y: 2 }, 10, -5), { scale: 2, x: 11, y: -3 });
  assert.deepEqual(pan(IDENTITY, 10, -5), IDENTITY);
});

test('a double tap zooms in on the tapped point, and a second one zooms out', () => {
  const at = { x: 60, y: -30 };
  const zoomed = toggle(IDENTITY, at);
  assert.ok(zoomed.scale > 1);
  const p = drawn(zoomed, at); // the image point that was at `at` (scale 1, centred) stays there
  assert.ok(Math.abs(p.x - at.x) < 1e-9 && Math.abs(p.y - at.y) < 1e-9);
  assert.deepEqual(toggle(zoomed, at), IDENTITY);
});
