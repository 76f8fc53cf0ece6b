// Image thumbnails for the chat view (issue 5): made once, at upload, at most THUMB_MAX_PX on the
// long side, as WebP (keeps transparency, and every current browser shows it). An image sharp
// cannot decode — truncated, exotic, or over the pixel limit — gets no thumbnail, and
// `GET /media/<id>?thumb=1` serves the original instead.
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { MediaStorage } from './storage';

export const THUMB_MAX_PX = 320;
export const THUMB_MIME = 'image/webp';
const THUMB_QUALITY = 75;
/** Larger images are not decoded at all (a 48 MP photo still is): a small PNG of a billion
 *  blank pixels must not take the process's memory. */
const MAX_INPUT_PIXELS = 8_192 * 8_192;

// Each upload is resized once: libvips' operation cache would only hold memory.
sharp.cache(false);

/** The thumbnail of an image's bytes; rejects when they cannot be decoded. */
export function makeThumbnail(image: Uint8Array): Promise<Buffer> {
  return (
    sharp(image, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', animated: false })
      // EXIF orientation first, so a portrait photo's thumbnail stands upright.
      .rotate()
      .resize(THUMB_MAX_PX, THUMB_MAX_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: THUMB_QUALITY })
      .toBuffer()
  );
}

/** `cat.png` → `cat.webp`: the name a saved thumbnail gets. */
export function thumbName(name: string): string {
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}.webp`;
}

/** Make the thumbnail of an uploaded image's bytes and store it; resolves to its key. Rejects
 *  when the image cannot be decoded (the caller then keeps none). */
export async function storeThumbnail(storage: MediaStorage, image: Uint8Array): Promise<string> {
  return storage.put(Readable.from([await makeThumbnail(image)]));
}
