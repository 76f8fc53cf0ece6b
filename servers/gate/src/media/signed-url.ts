// Short-lived signed media URLs (PROTOCOL.md §7: "or a short-lived signed URL"). An <img src> or
// a download link cannot send an Authorization header, so GateServer mints
// `/media/<id>?uid=…&exp=…&sig=…` (plus `thumb=1` for the thumbnail): an HMAC-SHA256, under a
// server secret, of the media id, the uid it was minted for, the expiry and the thumb flag. The
// signature only stands in for the bearer token: every fetch still runs the access check for
// that uid, so a recall or a leave takes effect at once. Pure functions; no I/O.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface MediaGrant {
  mediaId: string;
  /** The user it was minted for; the access check runs as this user. */
  uid: string;
  /** The thumbnail (`?thumb=1`) or the original: a grant for one does not open the other. */
  thumb: boolean;
  /** Milliseconds since the epoch after which the URL no longer works. */
  exp: number;
}

export type GrantCheck = { ok: true; grant: MediaGrant } | { ok: false; reason: string };

/** A SHA-256 MAC in unpadded base64url. */
const SIG_CHARS = 43;
const UID = /^[0-9]{1,20}$/;
const EXP = /^[0-9]{1,15}$/;

function mac(secret: string, g: MediaGrant): Buffer {
  return createHmac('sha256', secret)
    .update(`parley-media-v1\n${g.mediaId}\n${g.uid}\n${g.exp}\n${g.thumb ? 1 : 0}`)
    .digest();
}

/** The path and query of a signed URL (relative, like Media.url). */
export function signedMediaPath(secret: string, g: MediaGrant): string {
  const q = new URLSearchParams();
  if (g.thumb) q.set('thumb', '1');
  q.set('uid', g.uid);
  q.set('exp', String(g.exp));
  q.set('sig', mac(secret, g).toString('base64url'));
  return `/media/${g.mediaId}?${q.toString()}`;
}

/** Whether a request's query carries a signature (and so is judged by it, not by a header). */
export const isSigned = (query: URLSearchParams): boolean => query.has('sig');

/** Check a signed request for `mediaId`: a valid signature first, then the expiry. */
export function verifySignedQuery(
  secret: string,
  mediaId: string,
  query: URLSearchParams,
  now = Date.now(),
): GrantCheck {
  const uid = query.get('uid') ?? '';
  const exp = query.get('exp') ?? '';
  // Compared as text, not as decoded bytes: base64url decoding ignores stray trailing bits, and
  // an edited link must not pass because it happens to decode to the same bytes.
  const sig = Buffer.from(query.get('sig') ?? '', 'latin1');
  if (!UID.test(uid) || !EXP.test(exp) || sig.length !== SIG_CHARS)
    return { ok: false, reason: 'malformed media link' };
  const grant: MediaGrant = { mediaId, uid, thumb: query.get('thumb') === '1', exp: Number(exp) };
  const want = Buffer.from(mac(secret, grant).toString('base64url'), 'latin1');
  if (!timingSafeEqual(sig, want)) return { ok: false, reason: 'invalid media link' };
  if (grant.exp < now) return { ok: false, reason: 'media link expired' };
  return { ok: true, grant };
}
