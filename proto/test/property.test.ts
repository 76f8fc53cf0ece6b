/**
 * Property tests (fast-check) for the codec and the request parser, in the spirit of
 * mqtt-packet's random-bytes fuzz: whatever arrives, the decoder yields well-formed frames or the
 * one documented error, and parsing never throws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DEFAULT_MAX_BODY,
  ErrorCode,
  FrameDecoder,
  HEADER_BYTES,
  REQUEST_TYPES,
  encodeFrame,
  encodeFrameBytes,
  isParleyError,
  isRequestType,
  Limits,
  parseRequest,
  plainTextSend,
  SendMsgRequest,
  type Frame,
} from '../src/index';
import { asHex, concat, cut, decodeAll, utf8 } from './helpers/vectors';

const NUM_RUNS = 300;

const frameType = fc.integer({ min: 0, max: 0xffff });

/** A frame given either as a JSON value (encodeFrame) or as raw body bytes (encodeFrameBytes). */
const frameArb = fc.oneof(
  fc.record({ type: frameType, json: fc.jsonValue({ maxDepth: 4 }) }).map(({ type, json }) => ({
    type,
    bytes: encodeFrame(type, json),
    json,
  })),
  fc.record({ type: frameType, body: fc.uint8Array({ maxLength: 300 }) }).map(({ type, body }) => ({
    type,
    bytes: encodeFrameBytes(type, body),
    json: undefined,
  })),
);

/** A stream and some cut points inside it (duplicates and the ends allowed: empty chunks). */
function withCuts<T extends { length: number }>(stream: T) {
  return fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 30 });
}

describe('codec properties', () => {
  it('(a) frames concatenated and cut anywhere decode to exactly the same frames', () => {
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 12 }).chain((frames) => {
          const stream = concat(frames.map((f) => f.bytes));
          return fc.tuple(fc.constant(frames), fc.constant(stream), withCuts(stream));
        }),
        ([frames, stream, cuts]) => {
          const decoded = decodeAll(cut(stream, cuts));
          const want = frames.map((f) => ({ type: f.type, body: f.bytes.subarray(HEADER_BYTES) }));
          assert.deepEqual(asHex(decoded), asHex(want));
          // JSON bodies come back JSON-equal (JSON.stringify normalises -0 and the like).
          frames.forEach((f, i) => {
            if (f.json === undefined) return;
            const body = new TextDecoder('utf-8', { fatal: true }).decode(decoded[i]?.body);
            assert.deepEqual(JSON.parse(body), JSON.parse(JSON.stringify(f.json)));
          });
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('(b) random bytes in random chunks give bounded frames or FRAME_TOO_LARGE, nothing else', () => {
    // Small limits make both outcomes common; a mix of real frames and noise keeps headers sane.
    const noisyStream = fc
      .array(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          frameArb.map((f) => f.bytes),
        ),
        { maxLength: 8 },
      )
      .map(concat);
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 512 }), fc.constant(DEFAULT_MAX_BODY)),
        noisyStream.chain((stream) => fc.tuple(fc.constant(stream), withCuts(stream))),
        (maxBody, [stream, cuts]) => {
          const decoder = new FrameDecoder({ maxBody });
          const frames: Frame[] = [];
          let pushed = 0;
          try {
            for (const chunk of cut(stream, cuts)) {
              frames.push(...decoder.push(chunk));
              pushed += chunk.byteLength;
              // Nothing is lost or invented: every byte is in a frame, a parsed header or buffered.
              const inFrames = frames.reduce((n, f) => n + HEADER_BYTES + f.body.byteLength, 0);
              const pending = pushed - inFrames - decoder.buffered;
              assert.ok(pending === 0 || pending === HEADER_BYTES, `pending ${pending}`);
            }
          } catch (e) {
            if (!isParleyError(e) || e.code !== ErrorCode.FRAME_TOO_LARGE) throw e;
            assert.ok((e.extra?.length as number) > maxBody);
            // Poisoned: the next push fails the same way.
            assert.throws(
              () => decoder.push(new Uint8Array(1)),
              (again: unknown) => {
                return isParleyError(again) && again.code === ErrorCode.FRAME_TOO_LARGE;
              },
            );
          }
          for (const f of frames) {
            assert.ok(f.body.byteLength <= maxBody);
            assert.ok(Number.isInteger(f.type) && f.type >= 0 && f.type <= 0xffff);
          }
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('parseRequest properties', () => {
  const anyType = fc.oneof(fc.constantFrom(...REQUEST_TYPES), frameType);
  /** Bodies from pure noise to nearly valid requests, so every check gets exercised. */
  const anyBody = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.jsonValue({ maxDepth: 3 }).map((v) => utf8(JSON.stringify(v))),
    fc
      .dictionary(
        fc.constantFrom(
          'uid',
          'token',
          'protocol',
          'conversationId',
          'clientMsgId',
          'kind',
          'text',
          'mediaId',
          'seq',
          'limit',
          'reqId',
          'groupId',
          'uids',
          'name',
          'memberUids',
          'query',
          'accept',
          'requestId',
          'toUid',
          'msgId',
          '__proto__',
        ),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom('text', 'image', 'recalled', 1, 0, -1, 1.5, true, 'c1', ['u1'], null),
        ),
      )
      .map((v) => utf8(JSON.stringify(v))),
  );

  it('(c) never throws: ok, BAD_REQUEST for request types, UNKNOWN_TYPE otherwise', () => {
    fc.assert(
      fc.property(anyType, anyBody, (type, body) => {
        const r = parseRequest(type, body);
        if (r.ok) {
          assert.ok(isRequestType(type));
          assert.equal(typeof r.value, 'object');
          return;
        }
        assert.ok(isParleyError(r.error));
        assert.equal(
          r.error.code,
          isRequestType(type) ? ErrorCode.BAD_REQUEST : ErrorCode.UNKNOWN_TYPE,
        );
        assert.ok(r.error.message.length > 0);
      }),
      { numRuns: NUM_RUNS * 3 },
    );
  });
});

describe('SEND_MSG fast path', () => {
  const str = (max: number) =>
    fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('', 'x'.repeat(max), 'x'.repeat(max + 1), '\u{1F600}'.repeat(max / 2)),
    );
  const field = (v: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 4, arbitrary: v }, fc.constantFrom(undefined, null, 1, true, ['x'], {}));
  const body = fc.record(
    {
      conversationId: field(str(Limits.ID_MAX)),
      clientMsgId: field(str(Limits.CLIENT_MSG_ID_MAX)),
      kind: field(
        fc.oneof(
          { weight: 6, arbitrary: fc.constant('text') },
          fc.constantFrom('image', 'file', 'voice', 'recalled', 'TEXT'),
        ),
      ),
      text: field(str(Limits.TEXT_MAX)),
      mediaId: field(fc.string({ maxLength: 4 })),
      reqId: field(
        fc.oneof(fc.integer(), fc.constantFrom(1.5, -0, 2 ** 53, Number.MAX_SAFE_INTEGER)),
      ),
      extra: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: ['conversationId', 'clientMsgId', 'kind', 'text'] },
  );

  it('accepts exactly what the schema accepts for text, with the same output', () => {
    let accepted = 0;
    fc.assert(
      fc.property(body, (b) => {
        const fast = plainTextSend(b);
        const slow = SendMsgRequest.safeParse(b);
        if (fast === null) {
          // Left to zod: only ever a body that is not a valid text send.
          assert.ok(!slow.success || slow.data.kind !== 'text');
        } else {
          assert.ok(slow.success);
          assert.deepEqual(fast, slow.data);
          accepted++;
        }
      }),
      { numRuns: NUM_RUNS * 10 },
    );
    // The generator reaches the fast path, not only the fallback.
    assert.ok(accepted > 100, `only ${accepted} bodies took the fast path`);
  });
});
