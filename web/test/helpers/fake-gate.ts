// A scripted GateServer media API behind a fake `fetch`, for the client core's tests: POST
// /api/media stores the bytes and sniffs a mime as the real gate does for the few types tests use
// (PNG → image/png; audio declared and WebM bytes → audio/webm; anything else a file), GET
// /api/media/<id>[?thumb=1] serves them. It records every request (`requests`); `limit` makes
// uploads over it answer 413 like the gate, `offline` makes fetch reject.
// Extend it by adding a branch to `fetch` for another route.
import type { MediaInfo } from '../../lib/chat/types';

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  size: number;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const EBML = [0x1a, 0x45, 0xdf, 0xa3];
const starts = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

/** A few bytes that sniff as PNG (the gate only looks at the signature). */
export const PNG_BYTES = new Uint8Array([...PNG, 0, 0, 0, 13]);
/** A few bytes that sniff as WebM audio when declared as audio. */
export const WEBM_BYTES = new Uint8Array([...EBML, 1, 2, 3, 4]);

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

export class FakeGate {
  readonly requests: SeenRequest[] = [];
  readonly #media = new Map<string, { info: MediaInfo; bytes: Uint8Array<ArrayBuffer> }>();
  /** Uploads larger than this answer 413 (as MEDIA_MAX_IMAGE and friends). */
  limit: number | null = null;
  /** GET …?thumb=1 answers 404 (a gate without thumbnails would serve the original instead). */
  noThumbs = false;
  /** Every fetch rejects (the network is down). */
  offline = false;

  info(mediaId: string): MediaInfo | undefined {
    return this.#media.get(mediaId)?.info;
  }

  readonly fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    if (this.offline) throw new TypeError('fetch failed');
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const bytes =
      init.body instanceof Blob ? new Uint8Array(await init.body.arrayBuffer()) : new Uint8Array();
    const method = init.method ?? 'GET';
    this.requests.push({ method, url: input, headers, size: bytes.length });
    if (headers['authorization'] !== 'Bearer good')
      return json(401, { error: 1010, message: 'missing bearer token' });

    if (method === 'POST' && input === '/api/media') {
      if (bytes.length === 0) return json(400, { error: 1001, message: 'empty upload' });
      const audio = (headers['content-type'] ?? '').startsWith('audio/');
      const mime = starts(bytes, PNG)
        ? 'image/png'
        : audio && starts(bytes, EBML)
          ? 'audio/webm'
          : 'application/octet-stream';
      if (this.limit !== null && bytes.length > this.limit)
        return json(413, {
          error: 1001,
          message: `upload is over the ${String(this.limit)} bytes ${mime.split('/')[0]!} limit`,
        });
      const mediaId = `m${String(this.#media.size + 1).padStart(21, '0')}`;
      const info: MediaInfo = {
        mediaId,
        url: `/media/${mediaId}`,
        name: decodeURIComponent(headers['x-file-name'] ?? 'file'),
        mime,
        size: bytes.length,
      };
      this.#media.set(mediaId, { info, bytes });
      return json(201, { error: 0, ...info });
    }
    const m = /^\/api\/media\/([^/?]+)(\?thumb=1)?$/.exec(input);
    if (method === 'GET' && m) {
      const item = this.#media.get(decodeURIComponent(m[1]!));
      if (!item || (m[2] && this.noThumbs))
        return json(404, { error: 1007, message: 'no such media' });
      return new Response(item.bytes, { status: 200, headers: { 'content-type': item.info.mime } });
    }
    return json(404, { error: 1007, message: 'no such route' });
  };
}
