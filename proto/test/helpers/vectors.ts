/**
 * Loads the shared wire vectors (PROTOCOL.md §1, `vectors/frames.json`) and offers the byte
 * helpers the codec tests share. The vectors file lives in `shared/` beside the repository
 * checkout (/work/shared next to /work/main; likewise in CI). To add a vector, add it to that
 * file: every entry of `frames` is picked up by the codec and catalogue tests automatically.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FrameDecoder, type Frame } from '../../src/index';

// From proto/test/helpers/ up to the directory that holds both the repo and shared/.
const VECTORS_URL = new URL('../../../../shared/vectors/frames.json', import.meta.url);

const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/);
const VectorFile = z.object({
  frames: z.array(
    z.object({
      name: z.string(),
      type: z.int(),
      body: z.record(z.string(), z.unknown()),
      hex: Hex,
      note: z.string(),
    }),
  ),
  coalesced: z.object({ hex: Hex, frames: z.array(z.string()), note: z.string() }),
  too_large_header: z.object({ hex: Hex }),
  max_length_header: z.object({ hex: Hex }),
  not_json: z.object({ hex: Hex }),
  invalid_utf8: z.object({ hex: Hex }),
});
export type Vectors = z.infer<typeof VectorFile>;

// Parsing with a schema means a reshaped vectors file fails loudly here, not as odd test results.
export const vectors: Vectors = VectorFile.parse(JSON.parse(readFileSync(VECTORS_URL, 'utf8')));

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** Cut `bytes` at the given offsets (any order, duplicates and empty pieces allowed). */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...offsets].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    pieces.push(bytes.slice(from, p));
    from = p;
  }
  pieces.push(bytes.slice(from));
  return pieces;
}

/** Push every chunk into a fresh decoder and collect the frames, with bodies copied out. */
export function decodeAll(chunks: readonly Uint8Array[], maxBody?: number): Frame[] {
  const decoder = new FrameDecoder(maxBody === undefined ? {} : { maxBody });
  const frames: Frame[] = [];
  for (const c of chunks) {
    for (const f of decoder.push(c)) frames.push({ type: f.type, body: f.body.slice() });
  }
  return frames;
}

/** Frames as `{type, hex}` so assert.deepStrictEqual prints readable diffs. */
export function asHex(frames: readonly Frame[]): { type: number; hex: string }[] {
  return frames.map((f) => ({ type: f.type, hex: toHex(f.body) }));
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
