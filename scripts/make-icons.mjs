#!/usr/bin/env node
// Renders the app icons for the web manifest (web/app/manifest.ts) from the app mark
// (web/app/icon.svg) with sharp: `node scripts/make-icons.mjs`. The PNGs are committed; run this
// again after changing the mark. "maskable" icons fill the whole square (the launcher cuts its
// own shape) with the drawing inside the central 80 % safe zone.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = path.join(ROOT, 'web', 'public', 'icons');
const MARK = readFileSync(path.join(ROOT, 'web', 'app', 'icon.svg'), 'utf8').trim();
const GREEN = '#07c160';

/** The mark's white bubbles without its rounded tile, scaled by `k` about the centre. */
function maskable(k) {
  const bubbles = MARK.replace(/<rect[^>]*\/>/, '').replace(/^<svg[^>]*>|<\/svg>$/g, '');
  const shift = (64 * (1 - k)) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${GREEN}"/><g transform="translate(${shift} ${shift}) scale(${k})">${bubbles}</g></svg>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, svg: MARK },
  { file: 'icon-512.png', size: 512, svg: MARK },
  { file: 'maskable-512.png', size: 512, svg: maskable(0.8) },
  { file: 'apple-touch-icon.png', size: 180, svg: maskable(0.86) },
];

mkdirSync(OUT, { recursive: true });
for (const { file, size, svg } of ICONS) {
  await sharp(Buffer.from(svg), { density: (72 * size) / 64 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(path.join(OUT, file));
  console.log(`web/public/icons/${file} (${String(size)} px)`);
}
