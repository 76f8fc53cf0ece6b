/**
 * Frame codec for PROTOCOL.md §1: `type` u16 BE, `length` u32 BE, then `length` bytes of UTF-8
 * JSON. It knows nothing of sockets (like ws's receiver/sender): transports push bytes in and get
 * frames out, and the same code runs in Node and in the browser, hence Uint8Array only.
 */
import { ErrorCode, ParleyError } from './errors';

/** `type` (2 bytes) + `length` (4 bytes), PROTOCOL.md §1. */
export const HEADER_BYTES = 6;
/** Largest body a server accepts by default: 64 KiB (PROTOCOL.md §1; configurable). */
export const DEFAULT_MAX_BODY = 64 * 1024;
/** Largest `type` and `length` the header fields can hold. */
export const MAX_TYPE = 0xffff;
export const MAX_LENGTH = 0xffff_ffff;

export interface Frame {
  type: number;
  body: Uint8Array;
}

const utf8Encoder = new TextEncoder();
// fatal: a body that is not valid UTF-8 is a BAD_REQUEST (§1), never silently U+FFFD-patched.
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const EMPTY = new Uint8Array(0);
/** Where a header split across chunks is gathered: one for every decoder, since a header is read
 *  synchronously from start to end (a per-decoder buffer cost ~200 bytes per idle connection). */
const headerScratch = new Uint8Array(HEADER_BYTES);

function assertType(type: number): void {
  if (!Number.isInteger(type) || type < 0 || type > MAX_TYPE) {
    throw new RangeError(`frame type must be an integer in 0..${MAX_TYPE}, got ${String(type)}`);
  }
}

/**
 * Write a §1 header — `type` u16 BE, `length` u32 BE — into `out` at `at`, for senders that lay
 * several frames into one buffer. Throws RangeError for a type or length the fields cannot hold.
 */
export function writeFrameHeader(out: Uint8Array, at: number, type: number, length: number): void {
  assertType(type);
  if (!Number.isInteger(length) || length < 0 || length > MAX_LENGTH) {
    throw new RangeError(`frame body of ${length} bytes does not fit a u32 length`);
  }
  out[at] = type >>> 8;
  out[at + 1] = type & 0xff;
  out[at + 2] = length >>> 24;
  out[at + 3] = (length >>> 16) & 0xff;
  out[at + 4] = (length >>> 8) & 0xff;
  out[at + 5] = length & 0xff;
}

/** One frame from raw body bytes; the result is a fresh buffer the caller may keep. */
export function encodeFrameBytes(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + body.byteLength);
  writeFrameHeader(out, 0, type, body.byteLength);
  out.set(body, HEADER_BYTES);
  return out;
}

/**
 * One frame whose body is `JSON.stringify(body)` in UTF-8. ES2019's well-formed stringify escapes
 * lone surrogates, so the bytes are always valid UTF-8. The sender does not enforce the receiver's
 * limit: that is the receiver's decision (§1), and a server may be configured above 64 KiB.
 */
export function encodeFrame(type: number, body: unknown): Uint8Array {
  assertType(type);
  const json: unknown = JSON.stringify(body);
  if (typeof json !== 'string') throw new TypeError('frame body is not JSON-serialisable');
  return encodeFrameBytes(type, utf8Encoder.encode(json));
}

export type BodyResult =
  { ok: true; value: Record<string, unknown> } | { ok: false; error: ParleyError };

/**
 * Decode a body as "one UTF-8 JSON object" (§1). Every failure is BAD_REQUEST, returned rather
 * than thrown, because the connection stays open and the request still gets its response (§1).
 */
export function decodeJsonBody(body: Uint8Array): BodyResult {
  let text: string;
  try {
    text = utf8Decoder.decode(body);
  } catch {
    return { ok: false, error: new ParleyError(ErrorCode.BAD_REQUEST, 'body is not valid UTF-8') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new ParleyError(ErrorCode.BAD_REQUEST, 'body is not valid JSON') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      error: new ParleyError(ErrorCode.BAD_REQUEST, 'body must be a JSON object'),
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Thrown by `FrameDecoder.push` for a header announcing more than `maxBody` (§1). `frames` holds
 * the complete frames that preceded the bad header in the same `push`, so a server can still
 * answer them before it sends the `ERROR` push and closes; it is empty on later throws.
 */
export class FrameTooLargeError extends ParleyError {
  readonly frames: readonly Frame[];

  constructor(type: number, length: number, maxBody: number, frames: readonly Frame[] = []) {
    super(
      ErrorCode.FRAME_TOO_LARGE,
      `frame body of ${length} bytes exceeds the limit of ${maxBody}`,
      { type, length },
    );
    this.name = 'FrameTooLargeError';
    this.frames = frames;
  }
}

export interface FrameDecoderOptions {
  /** Largest accepted body in bytes; default 64 KiB (§1). */
  maxBody?: number;
}

/**
 * Incremental decoder: feed it whatever the transport delivers, split or coalesced in any way
 * (§1), and it returns the frames completed so far.
 *
 * Costs: pushed chunks are queued by reference, not copied; a body that lies inside one chunk is
 * returned as a `subarray` view, otherwise it is copied once into a buffer of exactly its length.
 * So callers must not reuse a chunk's memory after pushing it. Nothing is allocated from the
 * announced length until all its bytes have arrived, and that length is checked against `maxBody`
 * the moment the header is complete, before any body byte is buffered (as ws does).
 */
export class FrameDecoder {
  readonly maxBody: number;

  #chunks: Uint8Array[] = [];
  /** Index in #chunks of the first chunk with unread bytes. */
  #head = 0;
  /** Read position inside #chunks[#head]. */
  #offset = 0;
  /** Unread bytes across all queued chunks. */
  #buffered = 0;
  /** Header of the frame in progress; -1 while waiting for a header. */
  #type = -1;
  #length = 0;
  /** Set once a header was over the limit: the stream has no trustworthy frame boundary left. */
  #poisoned: { type: number; length: number } | undefined;

  constructor(opts: FrameDecoderOptions = {}) {
    const maxBody = opts.maxBody ?? DEFAULT_MAX_BODY;
    if (!Number.isInteger(maxBody) || maxBody < 0 || maxBody > MAX_LENGTH) {
      throw new RangeError(`maxBody must be an integer in 0..${MAX_LENGTH}, got ${maxBody}`);
    }
    this.maxBody = maxBody;
  }

  /** Bytes received but not yet returned in a frame (excluding a header already parsed). */
  get buffered(): number {
    return this.#buffered;
  }

  /**
   * Queue `chunk` and return every frame it completes, in order. Throws `FrameTooLargeError`
   * (a ParleyError, code FRAME_TOO_LARGE, extra `{type, length}`) when a header announces more
   * than `maxBody`; from then on every push throws the same code until `reset()`.
   */
  push(chunk: Uint8Array): Frame[] {
    if (this.#poisoned) {
      throw new FrameTooLargeError(this.#poisoned.type, this.#poisoned.length, this.maxBody);
    }
    const frames: Frame[] = [];
    if (chunk.byteLength === 0) return frames;
    this.#chunks.push(chunk);
    this.#buffered += chunk.byteLength;

    for (;;) {
      if (this.#type < 0) {
        if (this.#buffered < HEADER_BYTES) break;
        this.#readHeader();
        if (this.#length > this.maxBody) {
          const err = new FrameTooLargeError(this.#type, this.#length, this.maxBody, frames);
          this.#poisoned = { type: this.#type, length: this.#length };
          this.#clear();
          throw err;
        }
      }
      if (this.#buffered < this.#length) break;
      frames.push({ type: this.#type, body: this.#takeBody(this.#length) });
      this.#type = -1;
    }
    this.#compact();
    return frames;
  }

  /** Drop buffered bytes and any poisoned state: the decoder is as new. */
  reset(): void {
    this.#clear();
    this.#poisoned = undefined;
  }

  #clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#offset = 0;
    this.#buffered = 0;
    this.#type = -1;
    this.#length = 0;
  }

  /** Parse the 6-byte header, which may straddle chunks; the caller checked it is all here. */
  #readHeader(): void {
    // Read in place when the header lies in one chunk (the usual case: no copy, no view);
    // a header split across chunks is gathered in the shared scratch first.
    let h = this.#chunks[this.#head]!;
    let at = this.#offset;
    if (h.byteLength - at >= HEADER_BYTES) this.#advance(h, HEADER_BYTES);
    else {
      this.#consume(HEADER_BYTES, headerScratch);
      h = headerScratch;
      at = 0;
    }
    this.#type = (h[at]! << 8) | h[at + 1]!;
    // Multiply the top byte instead of shifting: `<< 24` would go negative past 0x7fffffff.
    this.#length = h[at + 2]! * 0x100_0000 + ((h[at + 3]! << 16) | (h[at + 4]! << 8) | h[at + 5]!);
  }

  /** Take `n` buffered bytes as a body: a view when they lie in one chunk, else one copy. */
  #takeBody(n: number): Uint8Array {
    if (n === 0) return EMPTY;
    const first = this.#chunks[this.#head];
    if (first !== undefined && first.byteLength - this.#offset >= n) {
      const body = first.subarray(this.#offset, this.#offset + n);
      this.#advance(first, n);
      return body;
    }
    const body = new Uint8Array(n);
    this.#consume(n, body);
    return body;
  }

  /** Move `n` (≤ buffered) bytes out of the queue into `out`. */
  #consume(n: number, out: Uint8Array): void {
    let written = 0;
    while (written < n) {
      const chunk = this.#chunks[this.#head];
      if (chunk === undefined) throw new Error('FrameDecoder: buffered count out of sync');
      const take = Math.min(chunk.byteLength - this.#offset, n - written);
      out.set(chunk.subarray(this.#offset, this.#offset + take), written);
      written += take;
      this.#advance(chunk, take);
    }
  }

  #advance(chunk: Uint8Array, n: number): void {
    this.#offset += n;
    this.#buffered -= n;
    if (this.#offset === chunk.byteLength) {
      this.#head += 1;
      this.#offset = 0;
    }
  }

  /** Forget fully read chunks once per push, so the queue never grows with consumed data. */
  #compact(): void {
    if (this.#head === 0) return;
    if (this.#head >= this.#chunks.length) this.#chunks = [];
    else this.#chunks.splice(0, this.#head);
    this.#head = 0;
  }
}
