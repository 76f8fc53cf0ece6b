// Minimal HTTP plumbing for GateServer: bounded JSON bodies, coded JSON errors, client address.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, ParleyError, type ErrorCodeValue } from '@parley/proto';

/** HTTP status for each protocol error code (PROTOCOL.md §6-§7). */
const STATUS: Partial<Record<ErrorCodeValue, number>> = {
  [ErrorCode.BAD_REQUEST]: 400,
  [ErrorCode.INTERNAL]: 500,
  [ErrorCode.CODE_EXPIRED]: 400,
  [ErrorCode.CODE_INVALID]: 400,
  [ErrorCode.USER_EXISTS]: 409,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_CREDENTIALS]: 401,
  [ErrorCode.TOKEN_INVALID]: 401,
  [ErrorCode.NOT_LOGGED_IN]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.FRAME_TOO_LARGE]: 413,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.UNAVAILABLE]: 503,
};

export function httpStatusOf(code: ErrorCodeValue): number {
  return STATUS[code] ?? 500;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ParleyError): void {
  const retry = err.extra?.['retryAfterMs'];
  const status = err.extra?.['status'];
  if (typeof retry === 'number') res.setHeader('retry-after', String(Math.ceil(retry / 1000)));
  sendJson(res, typeof status === 'number' ? status : httpStatusOf(err.code), {
    error: err.code,
    message: err.message,
    ...(typeof retry === 'number' ? { retryAfterMs: retry } : {}),
  });
}

/** Read a JSON object body of at most `limit` bytes. Oversized → 413 (FRAME_TOO_LARGE has no
 *  HTTP twin, so it is reported as BAD_REQUEST with status 413); malformed → 400/1001. */
export async function readJson(
  req: IncomingMessage,
  limit: number,
): Promise<Record<string, unknown>> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new ParleyError(ErrorCode.BAD_REQUEST, `body over ${limit} bytes`, { status: 413 });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit)
      throw new ParleyError(ErrorCode.BAD_REQUEST, `body over ${limit} bytes`, { status: 413 });
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ParleyError(ErrorCode.BAD_REQUEST, 'body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ParleyError(ErrorCode.BAD_REQUEST, 'body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** The client's address. X-Forwarded-For is believed only from a loopback peer — the web app's
 *  route handlers proxy to us from the same machine — so nobody else can spoof their way past
 *  per-IP limits. */
export function clientIp(req: IncomingMessage): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  const fwd = req.headers['x-forwarded-for'];
  if (loopback && typeof fwd === 'string' && fwd.trim()) return fwd.split(',')[0]!.trim();
  return peer;
}

/** Cut the connection of a request whose body has not fully arrived within `ms` (what Node's
 *  server-wide requestTimeout does, per route: slow-body clients must not hold sockets forever). */
export function watchdog(req: IncomingMessage, ms: number): void {
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), ms);
  timer.unref();
  const clear = () => clearTimeout(timer);
  req.once('end', clear);
  req.once('close', clear);
}

export function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}
