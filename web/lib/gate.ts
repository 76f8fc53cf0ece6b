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
