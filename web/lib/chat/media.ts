// Media over HTTP (PROTOCOL.md §7): uploads go to POST /api/media and downloads come from
// GET /api/media/<id>, the web app's proxies to GateServer's /media, with the session's bearer
// token. An <img> cannot send that header, so images and voice are fetched and shown from blob:
// URLs (the page's CSP allows blob: for img-src and media-src), each fetched once per page; file
// downloads follow a signed link instead, so the browser streams them to disk.
import { ErrorCode } from '@parley/proto';
import type { MediaInfo, MessageKind } from './types';

export const MEDIA_API = '/api/media';

/** An upload or download the gate refused, or one that never reached it. */
export class MediaError extends Error {
  /** HTTP status (0: no answer). */
  readonly status: number;
  /** §6 code from the gate's body. */
  readonly code: number;

  constructor(status: number, code: number, message: string) {
    super(message);
    this.name = 'MediaError';
    this.status = status;
    this.code = code;
  }
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface MediaDeps {
  token: string;
  fetch?: Fetch;
  /** Where the proxies live (default /api/media). */
  base?: string;
}

const fetchOf = (d: MediaDeps): Fetch => d.fetch ?? ((i, init) => fetch(i, init));

/** One line for the person who tried: the gate's own message says which limit (§7, 413). */
function failureText(status: number, code: number, message: string): string {
  if (status === 413) return `Too large to send: ${message || 'the file is over the limit'}.`;
  if (status === 401 || code === ErrorCode.TOKEN_INVALID)
    return 'Your session has expired. Please log in again.';
  if (status === 429 || code === ErrorCode.RATE_LIMITED)
    return 'Too many uploads. Please wait a moment and try again.';
  if (status === 404) return 'This file is not available.';
  if (status === 0) return message;
  return message ? `Could not send the file: ${message}.` : `Upload failed (HTTP ${status}).`;
}

async function failure(res: Response): Promise<MediaError> {
  let code: number = res.status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_REQUEST;
  let message = '';
  try {
    const body = (await res.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'number') code = body.error;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new MediaError(res.status, code, failureText(res.status, code, message));
}

const unreachable = () =>
  new MediaError(
    0,
    ErrorCode.UNAVAILABLE,
    'The upload did not reach the server. Check your connection and try again.',
  );

/**
 * POST the bytes (§7 `POST /media`). The type is only a hint: the gate sniffs the bytes and
 * answers with the mime it stored. The name travels percent-encoded (README, contract additions).
 */
export async function uploadMedia(
  d: MediaDeps,
  blob: Blob,
  name: string,
  type = blob.type,
): Promise<MediaInfo> {
  let res: Response;
  try {
    res = await fetchOf(d)(d.base ?? MEDIA_API, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${d.token}`,
        'Content-Type': type || 'application/octet-stream',
        'X-File-Name': encodeURIComponent(name),
      },
      body: blob,
      cache: 'no-store',
    });
  } catch {
    throw unreachable();
  }
  if (!res.ok) throw await failure(res);
  const b = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!b || b['error'] !== 0 || typeof b['mediaId'] !== 'string')
    throw new MediaError(res.status, ErrorCode.INTERNAL, 'The server gave no media id.');
  return {
    mediaId: b['mediaId'],
    url: typeof b['url'] === 'string' ? b['url'] : `/media/${b['mediaId']}`,
    name: typeof b['name'] === 'string' ? b['name'] : name,
    mime: typeof b['mime'] === 'string' ? b['mime'] : 'application/octet-stream',
    size: typeof b['size'] === 'number' ? b['size'] : blob.size,
  };
}

/**
 * The message kind for an upload, from the mime the gate sniffed (never the browser's guess):
 * images are sent as images, audio recorded as voice as voice, anything else as a file — which
 * the server accepts for every type (servers/chat `kindFitsMime`).
 */
export function kindForMime(mime: string, recorded: boolean): MessageKind {
  if (recorded && mime.startsWith('audio/')) return 'voice';
  if (mime.startsWith('image/')) return 'image';
  return 'file';
}

export type MediaVariant = 'full' | 'thumb';

export interface MediaCacheDeps extends MediaDeps {
  createObjectURL?: (b: Blob) => string;
  revokeObjectURL?: (url: string) => void;
}

/**
 * Downloads by mediaId, each fetched once (concurrent asks share one request) and kept as a blob
 * URL until `clear()`. A thumbnail (`?thumb=1`) falls back to the full image when the gate has
 * none. Failures are not kept, so the next ask tries again.
 */
export class MediaCache {
  readonly #d: MediaCacheDeps;
  readonly #blobs = new Map<string, Promise<Blob>>();
  readonly #urls = new Map<string, string>();
  readonly #durations = new Map<string, number>();

  constructor(d: MediaCacheDeps) {
    this.#d = d;
  }

  blob(mediaId: string, variant: MediaVariant = 'full'): Promise<Blob> {
    const key = `${mediaId}|${variant}`;
    let p = this.#blobs.get(key);
    if (!p) {
      p = variant === 'thumb' ? this.#thumb(mediaId) : this.#get(mediaId, false);
      this.#blobs.set(key, p);
      p.catch(() => {
        if (this.#blobs.get(key) === p) this.#blobs.delete(key);
      });
    }
    return p;
  }

  /** A blob: URL for the bytes, the same one every time. */
  async url(mediaId: string, variant: MediaVariant = 'full'): Promise<string> {
    const key = `${mediaId}|${variant}`;
    const have = this.#urls.get(key);
    if (have) return have;
    const blob = await this.blob(mediaId, variant);
    const again = this.#urls.get(key);
    if (again) return again;
    const url = this.#d.createObjectURL ? this.#d.createObjectURL(blob) : URL.createObjectURL(blob);
    this.#urls.set(key, url);
    return url;
  }

  /**
   * A signed, short-lived link to the bytes through the proxy (`POST /media/<id>/url`), for a
   * download the browser streams to disk instead of holding a blob: a 100 MB file stays out of
   * the page's memory. Asked for each download, so it never expires in the user's hand.
   */
  async signedUrl(mediaId: string): Promise<string> {
    const base = this.#d.base ?? MEDIA_API;
    const res = await this.#fetch(`${base}/${encodeURIComponent(mediaId)}/url`, 'POST');
    const body = (await res.json()) as { url?: unknown };
    // The gate's path is /media/<id>?…; the proxy serves the same under `base`.
    if (typeof body.url !== 'string' || !body.url.startsWith('/media/'))
      throw new MediaError(res.status, ErrorCode.INTERNAL, 'The server sent no download link.');
    return `${base}${body.url.slice('/media'.length)}`;
  }

  /** The URL if it is ready now (first render without a flash). */
  peek(mediaId: string, variant: MediaVariant = 'full'): string | undefined {
    return this.#urls.get(`${mediaId}|${variant}`);
  }

  /** Own uploads: the bytes are here already, no need to download them again. */
  seed(mediaId: string, blob: Blob): void {
    for (const v of ['full', 'thumb'] as const) {
      const key = `${mediaId}|${v}`;
      if (!this.#blobs.has(key)) this.#blobs.set(key, Promise.resolve(blob));
    }
  }

  /** Voice length in ms, once known (recorded here, or measured after download). */
  duration(mediaId: string): number | undefined {
    return this.#durations.get(mediaId);
  }

  setDuration(mediaId: string, ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.#durations.set(mediaId, ms);
  }

  /** Forget one media (recalled: the server no longer serves it). */
  drop(mediaId: string): void {
    for (const v of ['full', 'thumb'] as const) {
      const key = `${mediaId}|${v}`;
      this.#blobs.delete(key);
      const url = this.#urls.get(key);
      if (url) this.#revoke(url);
      this.#urls.delete(key);
    }
    this.#durations.delete(mediaId);
  }

  clear(): void {
    for (const url of this.#urls.values()) this.#revoke(url);
    this.#urls.clear();
    this.#blobs.clear();
    this.#durations.clear();
  }

  #revoke(url: string): void {
    if (this.#d.revokeObjectURL) this.#d.revokeObjectURL(url);
    else URL.revokeObjectURL(url);
  }

  async #thumb(mediaId: string): Promise<Blob> {
    try {
      return await this.#get(mediaId, true);
    } catch (err) {
      // No thumbnail (an older gate, or an image it cannot scale): the image itself will do.
      // Access refusals would be refused for the full image too.
      if (err instanceof MediaError && (err.status === 401 || err.status === 403)) throw err;
      return this.blob(mediaId, 'full');
    }
  }

  async #get(mediaId: string, thumb: boolean): Promise<Blob> {
    const base = this.#d.base ?? MEDIA_API;
    const res = await this.#fetch(
      `${base}/${encodeURIComponent(mediaId)}${thumb ? '?thumb=1' : ''}`,
      'GET',
    );
    return res.blob();
  }

  /** A request to the media proxy with the bearer token; a refusal or no answer → MediaError. */
  async #fetch(url: string, method: 'GET' | 'POST'): Promise<Response> {
    let res: Response;
    try {
      res = await fetchOf(this.#d)(url, {
        method,
        headers: { Authorization: `Bearer ${this.#d.token}` },
      });
    } catch {
      throw new MediaError(
        0,
        ErrorCode.UNAVAILABLE,
        'Could not load the file. Check your connection.',
      );
    }
    if (!res.ok) throw await failure(res);
    return res;
  }
}
