// What an upload really is, from its first bytes (magic numbers), never from the client's
// Content-Type or file name (PROTOCOL.md §7 `POST /media`). The stored mime is one of a closed
// set, and the kind follows from it: image/* → image, audio/* → voice, anything else is a file
// stored as application/octet-stream. Pure functions over Uint8Array, no I/O.

export type MediaKind = 'image' | 'voice' | 'file';

export interface Sniffed {
  kind: MediaKind;
  mime: string;
  /** The bytes are a native executable or a script: logged, and never anything but a file. */
  executable: boolean;
}

/** How many leading bytes sniff() wants; fewer is fine for short uploads. */
export const SNIFF_BYTES = 64;

export const OCTET_STREAM = 'application/octet-stream';

/** Images a browser may render inline from our origin: raster formats that carry no script.
 *  (BMP is recognised as an image but still served as an attachment; SVG is never an image.) */
export const INLINE_IMAGE_MIMES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
]);

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function at(b: Uint8Array, offset: number, sig: readonly number[]): boolean {
  if (b.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[offset + i] !== sig[i]) return false;
  return true;
}

const u32le = (b: Uint8Array, o: number): number =>
  b.length < o + 4 ? -1 : (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const GIF87 = ascii('GIF87a');
const GIF89 = ascii('GIF89a');
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const WAVE = ascii('WAVE');
const BM = ascii('BM');
/** BITMAPCOREHEADER … BITMAPV5HEADER: the DIB header sizes a real BMP has at offset 14. */
const BMP_DIB_SIZES = new Set([12, 40, 52, 56, 64, 108, 124]);

const ELF = [0x7f, 0x45, 0x4c, 0x46];
const MZ = ascii('MZ');
const MACHO = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
  // Universal (fat) binaries; Java class files share the magic and are no better.
  [0xca, 0xfe, 0xba, 0xbe],
];
const SHEBANG = ascii('#!');
/** AMR speech ("#!AMR\n", RFC 4867 §5) starts like a script, so it is matched first. */
const AMR = ascii('#!AMR\n');

const EBML = [0x1a, 0x45, 0xdf, 0xa3]; // WebM / Matroska
const OGG = ascii('OggS');
const FTYP = ascii('ftyp');
const ID3 = ascii('ID3');

function isExecutable(b: Uint8Array): boolean {
  if (at(b, 0, AMR)) return false;
  return at(b, 0, ELF) || at(b, 0, MZ) || MACHO.some((m) => at(b, 0, m)) || at(b, 0, SHEBANG);
}

function imageMime(b: Uint8Array): string | null {
  if (at(b, 0, PNG)) return 'image/png';
  if (at(b, 0, JPEG)) return 'image/jpeg';
  if (at(b, 0, GIF87) || at(b, 0, GIF89)) return 'image/gif';
  if (at(b, 0, RIFF) && at(b, 8, WEBP)) return 'image/webp';
  // "BM" alone is two bytes of anything; a real bitmap also has zero reserved bytes and a known
  // DIB header size.
  if (at(b, 0, BM) && u32le(b, 6) === 0 && BMP_DIB_SIZES.has(u32le(b, 14))) return 'image/bmp';
  return null;
}

function audioMime(b: Uint8Array): string | null {
  if (at(b, 0, EBML)) return 'audio/webm';
  if (at(b, 0, OGG)) return 'audio/ogg';
  if (at(b, 4, FTYP)) return 'audio/mp4'; // ISO BMFF: M4A, and the MP4 MediaRecorder writes
  if (at(b, 0, RIFF) && at(b, 8, WAVE)) return 'audio/wav';
  if (at(b, 0, AMR)) return 'audio/amr';
  if (at(b, 0, ID3)) return 'audio/mpeg';
  // An MPEG audio frame header: 11 sync bits, then version and layer. Layer 00 is ADTS (AAC).
  if (b.length >= 2 && b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) {
    const layer = (b[1]! >> 1) & 0x3;
    const version = (b[1]! >> 3) & 0x3;
    if (layer === 0) return 'audio/aac';
    if (version !== 1) return 'audio/mpeg'; // version 01 is reserved
  }
  return null;
}

/** Whether the client's Content-Type says audio (e.g. `audio/webm;codecs=opus`). */
export function declaresAudio(contentType: string | undefined): boolean {
  return /^\s*audio\//i.test(contentType ?? '');
}

/**
 * Classify an upload by its first bytes. `declared` is the client's Content-Type: it only picks
 * between "voice" and "file" for bytes that really are audio (a WebM or MP4 container may hold
 * video, and an MP3 may be sent as a plain file). Executables are files whatever they claim.
 */
export function sniff(head: Uint8Array, declared?: string): Sniffed {
  if (isExecutable(head)) return { kind: 'file', mime: OCTET_STREAM, executable: true };
  const image = imageMime(head);
  if (image) return { kind: 'image', mime: image, executable: false };
  const audio = declaresAudio(declared) ? audioMime(head) : null;
  if (audio) return { kind: 'voice', mime: audio, executable: false };
  return { kind: 'file', mime: OCTET_STREAM, executable: false };
}
