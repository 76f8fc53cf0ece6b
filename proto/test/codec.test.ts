import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_MAX_BODY,
  ErrorCode,
  FrameDecoder,
  FrameTooLargeError,
  HEADER_BYTES,
  ParleyError,
  decodeJsonBody,
  encodeFrame,
  encodeFrameBytes,
  type Frame,
  writeFrameHeader,
} from '../src/index';
import { asHex, concat, cut, decodeAll, fromHex, toHex, utf8, vectors } from './helpers/vectors';

const byName = new Map(vectors.frames.map((v) => [v.name, v]));

/** The frames a vector is expected to decode to, as {type, hex}. */
function expected(names: readonly string[]): { type: number; hex: string }[] {
  return names.map((name) => {
    const v = byName.get(name);
    assert.ok(v, `vector ${name} exists`);
    return { type: v.type, hex: v.hex.slice(2 * HEADER_BYTES) };
  });
}

function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Assert `fn` throws a ParleyError with `code`, and return it. */
function throwsCode(fn: () => unknown, code: number): ParleyError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ParleyError, `expected a ParleyError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

describe('encodeFrame / vectors (PROTOCOL.md §1)', () => {
  for (const v of vectors.frames) {
    it(`encodes "${v.name}" byte for byte`, () => {
      assert.equal(toHex(encodeFrame(v.type, v.body)), v.hex);
    });

    it(`decodes "${v.name}" to its type and body`, () => {
      const frames = decodeAll([fromHex(v.hex)]);
      assert.equal(frames.length, 1);
      const [frame] = frames as [Frame];
      assert.equal(frame.type, v.type);
      assert.deepEqual(JSON.parse(new TextDecoder().decode(frame.body)), v.body);
    });

    it(`decodes "${v.name}" split at every offset and one byte at a time`, () => {
      const bytes = fromHex(v.hex);
      const want = expected([v.name]);
      for (let at = 0; at <= bytes.length; at++) {
        assert.deepEqual(asHex(decodeAll(cut(bytes, [at]))), want, `split at ${at}`);
      }
      assert.deepEqual(asHex(decodeAll(oneByteAtATime(bytes))), want);
    });
  }

  it('decodes the coalesced chunk, whole, split at every offset, and byte by byte', () => {
    const bytes = fromHex(vectors.coalesced.hex);
    const want = expected(vectors.coalesced.frames);
    assert.equal(want.length, 2);
    assert.deepEqual(asHex(decodeAll([bytes])), want);
    for (let at = 0; at <= bytes.length; at++) {
      assert.deepEqual(asHex(decodeAll(cut(bytes, [at]))), want, `split at ${at}`);
    }
    assert.deepEqual(asHex(decodeAll(oneByteAtATime(bytes))), want);
  });

  it('counts the body length in UTF-8 bytes, not characters', () => {
    const frame = encodeFrame(1017, { text: '你好👋' });
    const length = new DataView(frame.buffer, frame.byteOffset).getUint32(2);
    // 9 ASCII + 6 (你好) + 4 (👋) + 2 ASCII bytes, against 15 UTF-16 units.
    assert.equal(length, 21);
    assert.notEqual(length, '{"text":"你好👋"}'.length);
  });

  it('writes type and length big-endian', () => {
    assert.equal(
      toHex(encodeFrameBytes(0xabcd, new Uint8Array(0x0102))).slice(0, 12),
      'abcd00000102',
    );
    assert.equal(toHex(encodeFrameBytes(0, new Uint8Array())), '000000000000');
  });

  it('rejects a type outside 0..65535 with RangeError', () => {
    for (const type of [-1, 65536, 1.5, Number.NaN, Infinity]) {
      assert.throws(() => encodeFrame(type, {}), RangeError, `type ${type}`);
      assert.throws(() => encodeFrameBytes(type, new Uint8Array()), RangeError, `type ${type}`);
    }
    assert.equal(encodeFrameBytes(65535, new Uint8Array()).length, HEADER_BYTES);
  });

  it('rejects a body JSON cannot represent', () => {
    assert.throws(() => encodeFrame(1, undefined), TypeError);
    assert.throws(() => encodeFrame(1, () => 1), TypeError);
  });

  it('escapes lone surrogates, so the body is always valid UTF-8', () => {
    const frame = encodeFrame(1017, { text: '\ud800' });
    const body = decodeJsonBody(frame.subarray(HEADER_BYTES));
    assert.ok(body.ok);
    assert.equal(body.value.text, '\ud800');
  });
});

describe('writeFrameHeader', () => {
  it('lays frames one after another into one buffer, as the decoder reads them back', () => {
    const bodies = [utf8('{"a":1}'), utf8(''), utf8('{"z":"é"}')];
    const types = [0x0001, 0xffff, 0x0403];
    const out = new Uint8Array(bodies.reduce((n, b) => n + HEADER_BYTES + b.byteLength, 0));
    let at = 0;
    bodies.forEach((b, i) => {
      writeFrameHeader(out, at, types[i]!, b.byteLength);
      out.set(b, at + HEADER_BYTES);
      at += HEADER_BYTES + b.byteLength;
    });
    const frames = new FrameDecoder().push(out);
    assert.deepEqual(
      frames.map((f) => [f.type, toHex(f.body)]),
      bodies.map((b, i) => [types[i], toHex(b)]),
    );
    // A length past 2^31 keeps its top byte (no sign from a 32-bit shift).
    const big = new Uint8Array(HEADER_BYTES);
    writeFrameHeader(big, 0, 1, 0xfedc_ba98);
    assert.equal(toHex(big), '0001fedcba98');
  });

  it('refuses a type or length the header cannot hold', () => {
    const out = new Uint8Array(HEADER_BYTES);
    assert.throws(() => writeFrameHeader(out, 0, 0x1_0000, 0), RangeError);
    assert.throws(() => writeFrameHeader(out, 0, -1, 0), RangeError);
    assert.throws(() => writeFrameHeader(out, 0, 1, 2 ** 32), RangeError);
    assert.throws(() => writeFrameHeader(out, 0, 1, 1.5), RangeError);
  });
});

describe('FrameDecoder', () => {
  it('decodes a zero-length body', () => {
    assert.deepEqual(asHex(decodeAll([fromHex('0001000000000002000000017b')])), [
      { type: 1, hex: '' },
      { type: 2, hex: '7b' },
    ]);
  });

  it('returns nothing for an empty chunk and keeps partial data buffered', () => {
    const d = new FrameDecoder();
    assert.deepEqual(d.push(new Uint8Array()), []);
    assert.deepEqual(d.push(fromHex('03ff0000')), []);
    assert.equal(d.buffered, 4);
    assert.deepEqual(d.push(fromHex('00027b')), []);
    assert.equal(d.buffered, 1); // header parsed, one body byte waiting
    const frames = d.push(fromHex('7d03'));
    assert.deepEqual(asHex(frames), [{ type: 1023, hex: '7b7d' }]);
    assert.equal(d.buffered, 1);
  });

  it('returns a body inside one chunk as a view, and copies a split body once', () => {
    const bytes = fromHex(vectors.coalesced.hex);
    const frames = new FrameDecoder().push(bytes);
    assert.equal(frames.length, 2);
    assert.equal(frames[0]?.body.buffer, bytes.buffer);
    assert.equal(frames[0]?.body.byteOffset, HEADER_BYTES);

    const split = cut(fromHex(vectors.coalesced.hex), [20]);
    const d = new FrameDecoder();
    assert.deepEqual(d.push(split[0]!), []);
    const [login] = d.push(split[1]!);
    assert.ok(login);
    assert.notEqual(login.body.buffer, split[0]!.buffer);
    assert.notEqual(login.body.buffer, split[1]!.buffer);
    assert.equal(login.body.byteLength, login.body.buffer.byteLength); // exact-size copy
  });

  it('decodes a 64 KiB body fed one byte at a time (linear, not quadratic)', () => {
    const body = new Uint8Array(DEFAULT_MAX_BODY).map((_, i) => i % 251);
    const bytes = encodeFrameBytes(7, body);
    const d = new FrameDecoder();
    const frames: Frame[] = [];
    for (let i = 0; i < bytes.length; i++) frames.push(...d.push(bytes.subarray(i, i + 1)));
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.type, 7);
    assert.deepEqual(frames[0]?.body, body);
    assert.equal(d.buffered, 0);
  });

  it('rejects invalid maxBody options', () => {
    for (const maxBody of [-1, 1.5, Number.NaN, 2 ** 32]) {
      assert.throws(() => new FrameDecoder({ maxBody }), RangeError, `maxBody ${maxBody}`);
    }
    assert.equal(new FrameDecoder().maxBody, 65536);
  });
});

describe('FrameDecoder size limit (PROTOCOL.md §1)', () => {
  const tooLarge = fromHex(vectors.too_large_header.hex);
  const maxLength = fromHex(vectors.max_length_header.hex);

  it('throws FRAME_TOO_LARGE for too_large_header with type and length', () => {
    const err = throwsCode(() => new FrameDecoder().push(tooLarge), ErrorCode.FRAME_TOO_LARGE);
    assert.deepEqual(err.extra, { type: 1017, length: 65537 });
    assert.ok(err instanceof FrameTooLargeError);
  });

  it('throws the moment the sixth header byte arrives, one byte at a time', () => {
    const d = new FrameDecoder();
    for (let i = 0; i < HEADER_BYTES - 1; i++) {
      assert.deepEqual(d.push(tooLarge.subarray(i, i + 1)), [], `byte ${i}`);
    }
    throwsCode(() => d.push(tooLarge.subarray(5, 6)), ErrorCode.FRAME_TOO_LARGE);
  });

  it('throws for max_length_header without allocating the announced size', () => {
    const before = process.memoryUsage().arrayBuffers;
    const d = new FrameDecoder();
    const err = throwsCode(() => d.push(maxLength), ErrorCode.FRAME_TOO_LARGE);
    assert.deepEqual(err.extra, { type: 1017, length: 0xffffffff });
    assert.ok(d.buffered <= HEADER_BYTES, `buffered ${d.buffered}`);
    assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024);
  });

  it('never allocates from the header, even when the limit allows 4 GiB', () => {
    const d = new FrameDecoder({ maxBody: 0xffffffff });
    assert.deepEqual(d.push(maxLength), []);
    assert.deepEqual(d.push(new Uint8Array(10)), []);
    assert.equal(d.buffered, 10); // only what arrived is held
  });

  it('accepts a body of exactly maxBody and rejects maxBody + 1', () => {
    const exact = encodeFrameBytes(1017, new Uint8Array(DEFAULT_MAX_BODY).fill(0x20));
    const frames = new FrameDecoder().push(exact);
    assert.equal(frames.length, 1);
    assert.equal(frames[0]?.body.byteLength, DEFAULT_MAX_BODY);
    const over = encodeFrameBytes(1017, new Uint8Array(DEFAULT_MAX_BODY + 1));
    throwsCode(() => new FrameDecoder().push(over.subarray(0, HEADER_BYTES)), 1014);
  });

  it('honours a custom maxBody', () => {
    const d = new FrameDecoder({ maxBody: 2 });
    assert.deepEqual(asHex(d.push(fromHex('03ff000000027b7d'))), [{ type: 1023, hex: '7b7d' }]);
    const err = throwsCode(() => d.push(fromHex('03ff00000003')), ErrorCode.FRAME_TOO_LARGE);
    assert.deepEqual(err.extra, { type: 1023, length: 3 });
    assert.match(err.message, /3 bytes.*limit of 2/);
    // A larger limit lets the too_large_header vector through as a partial frame.
    assert.deepEqual(new FrameDecoder({ maxBody: 70_000 }).push(tooLarge), []);
  });

  it('stays poisoned after the error until reset', () => {
    const d = new FrameDecoder();
    throwsCode(() => d.push(tooLarge), ErrorCode.FRAME_TOO_LARGE);
    assert.equal(d.buffered, 0);
    const again = throwsCode(() => d.push(fromHex('03ff000000027b7d')), 1014);
    assert.deepEqual(again.extra, { type: 1017, length: 65537 });
    throwsCode(() => d.push(new Uint8Array()), 1014);
    d.reset();
    assert.deepEqual(asHex(d.push(fromHex('03ff000000027b7d'))), [{ type: 1023, hex: '7b7d' }]);
  });

  it('hands over the frames that preceded the bad header in the same push', () => {
    const good = fromHex('03ff000000027b7d');
    const d = new FrameDecoder();
    const err = throwsCode(() => d.push(concat([good, good, tooLarge])), 1014);
    assert.ok(err instanceof FrameTooLargeError);
    assert.deepEqual(asHex(err.frames), [
      { type: 1023, hex: '7b7d' },
      { type: 1023, hex: '7b7d' },
    ]);
    const later = throwsCode(() => d.push(good), 1014);
    assert.ok(later instanceof FrameTooLargeError);
    assert.equal(later.frames.length, 0);
  });
});

describe('decodeJsonBody', () => {
  const bodyOf = (hex: string) => fromHex(hex).subarray(HEADER_BYTES);

  it('accepts a JSON object', () => {
    const r = decodeJsonBody(utf8('{"a":[1,{"b":null}],"c":"ü"}'));
    assert.deepEqual(r, { ok: true, value: { a: [1, { b: null }], c: 'ü' } });
  });

  it('rejects the not_json vector as BAD_REQUEST', () => {
    const r = decodeJsonBody(bodyOf(vectors.not_json.hex));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, ErrorCode.BAD_REQUEST);
    assert.equal(!r.ok && r.error.message, 'body is not valid JSON');
  });

  it('rejects the invalid_utf8 vector as BAD_REQUEST', () => {
    const r = decodeJsonBody(bodyOf(vectors.invalid_utf8.hex));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, ErrorCode.BAD_REQUEST);
    assert.equal(!r.ok && r.error.message, 'body is not valid UTF-8');
  });

  it('rejects JSON that is not a plain object', () => {
    for (const text of ['[]', '[{}]', 'null', '1', '"x"', 'true', '', ' ']) {
      const r = decodeJsonBody(utf8(text));
      assert.equal(r.ok, false, text);
      assert.equal(!r.ok && r.error.code, 1001, text);
    }
  });
});
