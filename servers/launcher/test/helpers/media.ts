// Media for tests: real file bytes (a valid PNG built here, an ELF header, audio containers), a
// WebP size reader for thumbnails, and HTTP helpers for POST /media, GET /media/<id> and signed
// URLs. To add a format, add a builder that returns its real leading bytes; to add a request
// shape, add a helper beside `upload`.
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** A valid w×h 8-bit RGB PNG (signature, IHDR, IDAT, IEND with correct CRCs); `pad` bytes of
 *  noise in a private ancillary chunk make it as large as a test needs. */
export function png(w = 2, h = 2, pad = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type 2 (RGB), deflate, no filter, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 3); // filter byte 0, then RGB
    for (let x = 0; x < w; x++) row.set([(x * 97) & 255, (y * 53) & 255, 200], 1 + x * 3);
    rows.push(row);
  }
  const parts = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
  ];
  if (pad > 0) parts.push(chunk('tEXt', Buffer.alloc(pad, 'x')));
  parts.push(chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** The start of a 64-bit Linux ELF executable, then filler. */
export function elf(size = 512): Buffer {
  const b = Buffer.alloc(size, 0);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  return b;
}

/** An Ogg page header ("OggS", version 0, BOS) of an Opus voice note, then filler. */
export function ogg(size = 2048): Buffer {
  const b = Buffer.alloc(size, 0x11);
  b.set([0x4f, 0x67, 0x67, 0x53, 0, 2]);
  b.write('OpusHead', 28, 'ascii');
  return b;
}

/** The EBML header a WebM recording starts with, then filler. */
export function webm(size: number): Buffer {
  const b = Buffer.alloc(size, 0x22);
  b.set([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);
  return b;
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): Record<string, unknown>;
}

interface RequestOpts {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent in one piece with Content-Length… */
  body?: Buffer;
  /** …or chunked, piece by piece, without Content-Length (the server cannot know the size). */
  chunks?: Buffer[];
}

/**
 * One HTTP request with node:http, tolerant of a server that answers before the body is all
 * sent (a refused upload): the reply is what counts, a write error after it is ignored.
 */
export function http(base: string, o: RequestOpts): Promise<Reply> {
  const url = new URL(o.path, base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      {
        method: o.method,
        headers: {
          ...(o.body ? { 'content-length': String(o.body.length) } : {}),
          ...o.headers,
        },
      },
      (res) => {
        answered = true;
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const body = Buffer.concat(parts);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')) as Record<string, unknown>,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (o.chunks) {
      const pieces = [...o.chunks];
      const next = () => {
        const p = pieces.shift();
        if (!p || answered || req.destroyed) return void req.end();
        req.write(p, () => setImmediate(next));
      };
      next();
    } else req.end(o.body);
  });
}

export function upload(
  base: string,
  token: string | null,
  bytes: Buffer | Buffer[],
  opts: { type?: string; name?: string } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (opts.type) headers['content-type'] = opts.type;
  if (opts.name !== undefined) headers['x-file-name'] = opts.name;
  return http(
    base,
    Array.isArray(bytes)
      ? { method: 'POST', path: '/media', headers, chunks: bytes }
      : { method: 'POST', path: '/media', headers, body: bytes },
  );
}

export function download(base: string, token: string | null, mediaId: string): Promise<Reply> {
  return http(base, {
    method: 'GET',
    path: `/media/${mediaId}`,
    headers: token !== null ? { authorization: `Bearer ${token}` } : {},
  });
}

/** `POST /media/<id>/url`: signed URLs for the token's user. */
export function mintUrls(base: string, token: string | null, mediaId: string): Promise<Reply> {
  return http(base, {
    method: 'POST',
    path: `/media/${mediaId}/url`,
    headers: token !== null ? { authorization: `Bearer ${token}` } : {},
  });
}

/** A plain GET of a path (and query), with no Authorization header: how an <img src> loads. */
export function fetchPath(base: string, pathAndQuery: string): Promise<Reply> {
  return http(base, { method: 'GET', path: pathAndQuery });
}

/** Width and height of a WebP, read from its first chunk (lossy VP8, lossless VP8L or extended
 *  VP8X), independently of the library that wrote it. */
export function webpSize(b: Buffer): { width: number; height: number } {
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WEBP')
    throw new Error('not a WebP');
  switch (b.toString('latin1', 12, 16)) {
    case 'VP8 ': // frame tag (3 bytes) and start code (3) at 20, then 14-bit width and height
      return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
    case 'VP8L': {
      // signature byte 0x2f at 20, then width - 1 and height - 1 in 14 bits each
      const bits = b.readUInt32LE(21);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X': // canvas width - 1 and height - 1, 24 bits each
      return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 };
    default:
      throw new Error(`unknown WebP chunk ${b.toString('latin1', 12, 16)}`);
  }
}

/** Every file under the media directory (stored objects and partial uploads). */
export function storedFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
