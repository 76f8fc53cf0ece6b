// File names of uploads (X-File-Name) and media ids: what is stored and echoed is a plain name,
// never a path, with no control or bidi-override characters, bounded in length.
import { randomBytes } from 'node:crypto';

/** The name when the client gives none, or nothing usable is left of it. */
export const DEFAULT_NAME = 'file';
/** Code points; the media.name column is VARCHAR(191) in MySQL. */
export const NAME_MAX = 120;
/** An extension longer than this is not kept when a long name is shortened. */
const EXT_MAX = 16;

/** mediaId: 128 random bits, base64url (22 characters) — proto's MEDIA_ID_PATTERN. */
export function newMediaId(): string {
  return randomBytes(16).toString('base64url');
}

export { isMediaId } from '@parley/proto';

/**
 * Clean a client-supplied file name. Node gives header values as Latin-1, so clients send UTF-8
 * names percent-encoded (`encodeURIComponent`); a value that decodes cleanly is decoded. Then:
 * the last path segment only, whitespace runs made one space, control/format characters (incl.
 * U+202E) dropped, leading dots and surrounding spaces trimmed, at most NAME_MAX code points
 * keeping a short extension.
 */
export function sanitizeName(raw: string | string[] | undefined): string {
  let name = Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '');
  if (name.includes('%')) {
    try {
      name = decodeURIComponent(name);
    } catch {
      // Not percent-encoding after all: keep the raw value.
    }
  }
  name = name.normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name
    .replace(/\s+/gu, ' ') // tabs and line breaks (U+2028 too) become one space…
    .replace(/[\p{Cc}\p{Cf}]/gu, '') // …other controls and invisible format characters go
    .trim()
    .replace(/^[.\s]+/u, '');
  const points = Array.from(name);
  if (points.length > NAME_MAX) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
    const keep = ext.length > 1 && ext.length <= EXT_MAX ? ext : [];
    name = points.slice(0, NAME_MAX - keep.length).join('') + keep.join('');
  }
  return name || DEFAULT_NAME;
}

/** `Content-Disposition` for a stored name: an ASCII fallback plus the exact UTF-8 (RFC 6266). */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const exact = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}
