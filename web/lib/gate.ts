// Server-side proxy plumbing for the /api route handlers → GateServer (PROTOCOL.md §7).
import { GATE_URL } from './env';
import { ErrorCode } from './errors';

/** Auth bodies are tiny; GateServer refuses more than this too (servers/gate AUTH_BODY_LIMIT). */
export const BODY_LIMIT = 16 * 1024; // 16 KiB
/** How long to wait for the gate before calling it unreachable. */
const GATE_TIMEOUT_MS = 15_000; // 15 s

export function jsonError(status: number, error: number, message: string): Response {
  return Response.json({ error, message }, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Read at most `limit` bytes of the body; null when it is larger (declared or actual). */
export async function readBounded(req: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The browser's address as Next saw it. `next start` sets X-Forwarded-For to the socket address
 * only when the request carries none (`??=` in next/dist/server/base-server.js), so a client that
 * talks to Next directly can choose this value. Per-IP limits at the gate are only as good as
 * whatever sits in front of Next (a reverse proxy that overwrites the header).
 */
export function clientIp(req: Request): string | null {
  const first = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return first || req.headers.get('x-real-ip')?.trim() || null;
}

/** Response headers worth passing back from the gate. */
const PASS_BACK = ['content-type', 'retry-after'] as const;

/**
 * Forward one request to the gate and hand its status and body back unchanged. An unreachable
 * or silent gate becomes 502 UNAVAILABLE.
 */
export async function forwardToGate(
  path: string,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: Uint8Array },
): Promise<Response> {
  let res: Response;
  let body: ArrayBuffer;
  try {
    res = await fetch(`${GATE_URL}${path}`, {
      method: init.method,
      headers: init.headers ?? {},
      ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.timeout(GATE_TIMEOUT_MS),
    });
    body = await res.arrayBuffer();
  } catch {
    return jsonError(502, ErrorCode.UNAVAILABLE, 'the gate server cannot be reached');
  }
  const headers = new Headers({ 'Cache-Control': 'no-store' });
  for (const h of PASS_BACK) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  return new Response(body, { status: res.status, headers });
}

/** Media responses pass back what makes a download safe and cacheable (§7 `GET /media`). */
export const MEDIA_PASS_BACK = [
  'content-type',
  'content-length',
  'content-disposition',
  'x-content-type-options',
  'content-security-policy',
  'cross-origin-resource-policy',
  'etag',
  'cache-control',
  'retry-after',
] as const;

/** Uploads of the largest kind (100 MB by default) may take a while; the gate cuts idle ones. */
const MEDIA_TIMEOUT_MS = 30 * 60_000; // 30 min
/** After the gate refused an upload early (413), read and discard at most this much more of the
 *  browser's body, for at most DRAIN_MS, before answering: see relayBody. */
const DRAIN_BYTES = 256 * 1024 * 1024; // 256 MiB
const DRAIN_MS = 60_000; // 60 s

/** Read and drop the rest of a body, within the bounds above. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const end = Date.now() + DRAIN_MS;
  let seen = 0;
  try {
    while (Date.now() < end && seen <= DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The browser went away: nothing left to drain.
  }
}

/**
 * The browser's body as a stream for the gate, and `abandon()` for when the gate has answered
 * before reading it all (413 as soon as it saw the declared length). A browser sends its whole
 * body before it reads an answer, and Node stops reading a request whose response has been sent,
 * so the upload would stall until the connection is reset: `abandon()` ends the gate's side and
 * resolves once the rest is drained, and only then is the answer sent.
 */
export function relayBody(src: ReadableStream<Uint8Array>): {
  stream: ReadableStream<Uint8Array>;
  abandon: () => Promise<void>;
} {
  const reader = src.getReader();
  let done = false;
  let drained: Promise<void> | null = null;
  let ctrl: ReadableStreamDefaultController<Uint8Array> | null = null;
  const rest = () => (drained ??= drain(reader));
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        ctrl = c;
      },
      async pull(c) {
        // Let I/O run between chunks: an early answer from the gate is then seen (and the
        // upload abandoned) before the gate's lingering read budget runs out and it resets.
        await new Promise((resolve) => setImmediate(resolve));
        const r = await reader.read();
        if (r.done) {
          done = true;
          c.close();
        } else c.enqueue(r.value);
      },
      cancel() {
        if (!done) void rest();
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    abandon() {
      if (done) return Promise.resolve();
      try {
        ctrl?.error(new Error('the gate answered before the end of the upload'));
      } catch {
        // Already closed or errored.
      }
      return rest();
    },
  };
}

/**
 * Forward one media request to the gate and stream its answer back — status, body and the
 * MEDIA_PASS_BACK headers as they are (the gate's {error, message} bodies included). Nothing
 * here is decided on what the browser claims: the gate checks the token, sniffs and limits.
 */
export async function streamFromGate(
  path: string,
  init: {
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: ReadableStream<Uint8Array> | null;
    signal: AbortSignal;
    /** Read an error answer (4xx/5xx, small JSON) whole before returning, so the request's
     *  body can be abandoned without cutting the answer. */
    bufferErrors?: boolean;
  },
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${GATE_URL}${path}`, {
      method: init.method,
      headers: init.headers,
      ...(init.body ? { body: init.body, duplex: 'half' } : {}),
      cache: 'no-store',
      redirect: 'manual',
      signal: AbortSignal.any([init.signal, AbortSignal.timeout(MEDIA_TIMEOUT_MS)]),
    });
  } catch {
    return jsonError(502, ErrorCode.UNAVAILABLE, 'the gate server cannot be reached');
  }
  const headers = new Headers();
  for (const h of MEDIA_PASS_BACK) {
    const v = res.headers.get(h);
    if (v) headers.set(h, v);
  }
  if (!headers.has('cache-control')) headers.set('Cache-Control', 'no-store');
  // Never let a browser guess a type (the gate sends nosniff on downloads; errors are JSON).
  headers.set('X-Content-Type-Options', 'nosniff');
  if (init.bufferErrors && !res.ok) {
    let body: ArrayBuffer;
    try {
      body = await res.arrayBuffer();
    } catch {
      return jsonError(502, ErrorCode.UNAVAILABLE, 'the gate server closed the connection');
    }
    headers.delete('content-length');
    return new Response(body, { status: res.status, headers });
  }
  return new Response(res.body, { status: res.status, headers });
}

/** Request headers worth forwarding to the gate for media; the gate judges every one. */
export function mediaHeaders(req: Request, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = req.headers.get(n);
    if (v) out[n] = v;
  }
  const ip = clientIp(req);
  if (ip) out['x-forwarded-for'] = ip;
  return out;
}

/** Anything but a gate media id (proto's MEDIA_ID_PATTERN) is a 404 before the gate is asked. */
export { isMediaId } from '@parley/proto';
