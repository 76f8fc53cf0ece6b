// Streaming plumbing for `POST /media`: read just enough of the body to sniff it, then count the
// rest on its way to storage, failing the moment it passes its limit. The body is never held in
// memory whole; at most the sniffed head plus one socket chunk.
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { ErrorCode, ParleyError } from '@parley/proto';

/** After a refused upload, discard what the client still sends for this long (or this much) so
 *  it can read our 413 before the connection closes — closing with unread data sends a TCP RST,
 *  which may destroy the response in the client's buffers (the "lingering close" of web servers). */
const LINGER_MS = 2_000; // 2 s
const LINGER_BYTES = 4 * 1024 * 1024; // 4 MiB

const KIB = 1024;
const MIB = 1024 * KIB;

/** 10485760 → "10 MB", 65536 → "64 KB": limits are configured in binary units. */
export function formatBytes(n: number): string {
  if (n >= MIB && n % MIB === 0) return `${n / MIB} MB`;
  if (n >= KIB && n % KIB === 0) return `${n / KIB} KB`;
  return `${n} bytes`;
}

export function tooLarge(limit: number, kind: string): ParleyError {
  // FRAME_TOO_LARGE has no HTTP twin: BAD_REQUEST with status 413, as readJson does (http.ts).
  return new ParleyError(
    ErrorCode.BAD_REQUEST,
    `upload is over the ${formatBytes(limit)} ${kind} limit`,
    { status: 413 },
  );
}

/** The client went away mid-upload: nothing is stored and nobody is left to answer. */
export class UploadAborted extends Error {
  constructor() {
    super('upload aborted by the client');
  }
}

/** Read the first `want` bytes (fewer if the body is shorter), leaving the request paused. */
export function readHead(
  req: IncomingMessage,
  want: number,
): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onFail);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= want) {
        req.pause();
        cleanup();
        resolve({ head: Buffer.concat(chunks), ended: false });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ head: Buffer.concat(chunks), ended: true });
    };
    const onFail = () => {
      cleanup();
      reject(new UploadAborted());
    };
    const onClose = () => {
      if (!req.complete) onFail();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onFail);
    req.on('close', onClose);
  });
}

/**
 * The whole body as a stream for storage: `head` (already read), then the rest of `req`, every
 * byte counted. Past `limit` the stream fails with 413; a client that disconnects fails it with
 * UploadAborted. Either way storage discards the partial file. `size()` is the count so far;
 * with `keep`, `bytes()` is the body so far (an image, which its thumbnail is made from: so the
 * stored file need not be read back).
 */
export function countedBody(
  req: IncomingMessage,
  head: Buffer,
  ended: boolean,
  limit: number,
  kind: string,
  keep = false,
): { stream: Transform; size: () => number; bytes: () => Buffer } {
  let size = 0;
  const kept: Buffer[] = [];
  const stream = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      size += chunk.length;
      if (size > limit) return cb(tooLarge(limit, kind));
      if (keep) kept.push(chunk);
      cb(null, chunk);
    },
  });
  stream.write(head);
  if (ended) {
    stream.end();
  } else {
    // pipe(), not pipeline(): a failure must not destroy the request, or the 413 could not be
    // sent. pipe() unpipes by itself when the counter fails.
    const abort = () => {
      if (!req.complete) stream.destroy(new UploadAborted());
    };
    req.once('error', abort);
    req.once('close', abort);
    req.pipe(stream);
  }
  return { stream, size: () => size, bytes: () => Buffer.concat(kept) };
}

/** Discard the rest of a refused request body for a bounded time, then cut the connection. */
export function linger(req: IncomingMessage): void {
  if (req.complete || req.socket.destroyed) return;
  let seen = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > LINGER_BYTES) cut();
  });
  req.once('end', () => clearTimeout(timer));
  req.once('close', () => clearTimeout(timer));
  req.resume();
}
