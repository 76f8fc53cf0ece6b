import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  FrameDecoder,
  HEADER_BYTES,
  Limits,
  MsgType,
  MsgTypeName,
  REQUEST_TYPES,
  bodySchemas,
  describeType,
  encodeFrame,
  parseRequest,
  requestSchemas,
  responseTypeOf,
  roleOf,
} from '../src/index';
import { fails, json } from './helpers/parse';
import { fromHex, utf8, vectors } from './helpers/vectors';

/**
 * One valid body per request type, and the fields §3 requires. Each required field is removed
 * in turn and must be reported by name.
 */
const requests: { type: number; valid: Record<string, unknown>; required: string[] }[] = [
  {
    type: 1005,
    valid: {
      uid: '10001',
      token: 't',
      protocol: 1,
      device: 'web',
      deviceId: 'laptop-1_AB',
      deviceName: 'Chrome on Linux',
    },
    required: ['uid', 'token', 'protocol'],
  },
  { type: 1007, valid: { query: 'ali' }, required: ['query'] },
  { type: 1009, valid: { toUid: 'u2', greeting: 'hi', remark: 'Bob' }, required: ['toUid'] },
  { type: 1013, valid: { requestId: 'r1', accept: true }, required: ['requestId', 'accept'] },
  {
    type: 1017,
    valid: { conversationId: 'c1', clientMsgId: 'm1', kind: 'text', text: 'hi' },
    required: ['conversationId', 'clientMsgId', 'kind', 'text'],
  },
  { type: 1023, valid: {}, required: [] },
  { type: 1025, valid: {}, required: [] },
  {
    type: 1029,
    valid: { conversationId: 'c1', beforeSeq: 10, limit: 20 },
    required: ['conversationId'],
  },
  { type: 1031, valid: {}, required: [] },
  { type: 1033, valid: {}, required: [] },
  { type: 1035, valid: { conversationId: 'c1', seq: 3 }, required: ['conversationId', 'seq'] },
  { type: 1039, valid: { conversationId: 'c1' }, required: ['conversationId'] },
  { type: 1043, valid: { conversationId: 'c1', seq: 3 }, required: ['conversationId', 'seq'] },
  {
    type: 1045,
    valid: { conversationId: 'c1', msgId: 'm9' },
    required: ['conversationId', 'msgId'],
  },
  {
    type: 2001,
    valid: { name: 'Team', memberUids: ['u2', 'u3'] },
    required: ['name', 'memberUids'],
  },
  { type: 2003, valid: { groupId: 'g1', uids: ['u4'] }, required: ['groupId', 'uids'] },
  { type: 2005, valid: { groupId: 'g1' }, required: ['groupId'] },
  { type: 2009, valid: { groupId: 'g1', name: 'Team 2' }, required: ['groupId', 'name'] },
  { type: 2011, valid: { groupId: 'g1' }, required: ['groupId'] },
  { type: 2013, valid: { nick: 'Ann', bio: 'hi', avatar: '🐱' }, required: [] },
  { type: 2016, valid: { groupId: 'g1', limit: 20 }, required: ['groupId'] },
  { type: 2018, valid: {}, required: [] },
  { type: 2020, valid: { deviceId: 'phone-123' }, required: ['deviceId'] },
  {
    type: 2022,
    valid: { query: '北京', conversationId: 'c1', limit: 50, before: 'c1:9' },
    required: ['query'],
  },
  {
    type: 2030,
    valid: { conversationId: 'c1', muted: true },
    required: ['conversationId', 'muted'],
  },
];

describe('message-type table (PROTOCOL.md §3)', () => {
  it('has the numbers of §3 and a reverse map', () => {
    assert.equal(MsgType.LOGIN, 1005);
    assert.equal(MsgType.SEND_MSG, 1017);
    assert.equal(MsgType.GROUP_NOTIFY, 2007);
    assert.equal(MsgType.SERVER_NOTICE, 2024); // §9.5
    assert.equal(Object.keys(MsgType).length, 61); // 25 requests, 24 responses, 12 pushes
    for (const [name, type] of Object.entries(MsgType)) assert.equal(MsgTypeName[type], name);
    assert.equal(describeType(1017), 'SEND_MSG(1017)');
    assert.equal(describeType(4242), 'type 4242');
  });

  it('lists exactly the request types of §3', () => {
    assert.deepEqual(
      requests.map((r) => r.type),
      [...REQUEST_TYPES],
    );
    assert.deepEqual(
      Object.keys(requestSchemas)
        .map(Number)
        .sort((a, b) => a - b),
      [
        1005, 1007, 1009, 1013, 1017, 1023, 1025, 1029, 1031, 1033, 1035, 1039, 1043, 1045, 2001,
        2003, 2005, 2009, 2011, 2013, 2016, 2018, 2020, 2022, 2030,
      ],
    );
  });

  it('has a body schema for every type', () => {
    for (const type of Object.values(MsgType)) assert.ok(bodySchemas[type], `schema for ${type}`);
    assert.equal(Object.keys(bodySchemas).length, Object.keys(MsgType).length);
  });

  it('answers request N with N + 1, except TYPING (§2)', () => {
    for (const type of REQUEST_TYPES) {
      const rsp = responseTypeOf(type);
      if (type === MsgType.TYPING) {
        assert.equal(rsp, undefined);
        continue;
      }
      assert.equal(rsp, type + 1);
      assert.equal(roleOf(type + 1), 'response', `${type + 1} is a response`);
    }
    for (const type of [1, 1006, 1019, 1040, 2007, 4242])
      assert.equal(responseTypeOf(type), undefined);
    assert.equal(roleOf(1019), 'push');
    assert.equal(roleOf(1005), 'request');
    assert.equal(roleOf(3), undefined);
  });
});

describe('parseRequest', () => {
  for (const { type, valid, required } of requests) {
    const name = MsgTypeName[type] ?? String(type);

    it(`${name}: accepts a valid body`, () => {
      const r = parseRequest(type, json({ ...valid, reqId: 42 }));
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(r.value, { ...valid, reqId: 42 });
    });

    for (const field of required) {
      it(`${name}: rejects a body without ${field}`, () => {
        const body: Record<string, unknown> = { ...valid };
        delete body[field];
        const message = fails(parseRequest(type, json(body)), ErrorCode.BAD_REQUEST);
        assert.match(message, new RegExp(`^${field}\\b`));
      });
    }
  }

  it('rejects the not_json and invalid_utf8 vectors with BAD_REQUEST', () => {
    for (const hex of [vectors.not_json.hex, vectors.invalid_utf8.hex]) {
      const [frame, ...rest] = new FrameDecoder().push(fromHex(hex));
      assert.ok(frame);
      assert.equal(rest.length, 0);
      assert.equal(frame.type, MsgType.SEND_MSG);
      fails(parseRequest(frame.type, frame.body), 1001);
    }
  });

  it('accepts the request vectors', () => {
    for (const v of vectors.frames) {
      if (!REQUEST_TYPES.some((t) => t === v.type)) continue;
      const r = parseRequest(v.type, fromHex(v.hex).subarray(HEADER_BYTES));
      assert.ok(r.ok, v.name);
    }
  });

  it('rejects non-object JSON with BAD_REQUEST', () => {
    for (const text of ['[]', 'null', '42', '"hi"']) fails(parseRequest(1023, utf8(text)), 1001);
  });

  it('rejects unknown and non-request types with UNKNOWN_TYPE carrying refType', () => {
    for (const type of [0, 1, 1006, 1019, 4242, 65535]) {
      const r = parseRequest(type, json({}));
      fails(r, ErrorCode.UNKNOWN_TYPE);
      assert.ok(!r.ok);
      assert.deepEqual(r.error.toBody(), {
        error: 1015,
        message: `unknown message type ${type}`,
        refType: type,
      });
    }
  });

  it('names the field and reports it in extra', () => {
    const r = parseRequest(1035, json({ conversationId: 'c1', seq: 'three' }));
    const message = fails(r, 1001);
    assert.equal(message, 'seq: Invalid input: expected number, received string');
    assert.ok(!r.ok);
    assert.deepEqual(r.error.extra, { field: 'seq' });
  });

  it('names array elements by index', () => {
    const message = fails(parseRequest(2003, json({ groupId: 'g', uids: ['a', 7] })), 1001);
    assert.match(message, /^uids\.1\b/);
  });

  it('checks reqId is an integer (§2)', () => {
    assert.match(fails(parseRequest(1023, json({ reqId: 1.5 })), 1001), /^reqId\b/);
    assert.match(fails(parseRequest(1023, json({ reqId: '1' })), 1001), /^reqId\b/);
    const r = parseRequest(1023, json({ reqId: -3 }));
    assert.ok(r.ok);
    assert.equal(r.value.reqId, -3);
  });

  it('accepts and strips unknown fields', () => {
    const r = parseRequest(1039, json({ conversationId: 'c1', future: { x: 1 } }));
    assert.ok(r.ok);
    assert.deepEqual(r.value, { conversationId: 'c1' });
  });

  it('§9.2: deviceId is 8–64 of A-Za-z0-9_-, deviceName at most 64 characters', () => {
    const base = { uid: 'u', token: 't', protocol: 1 };
    for (const deviceId of ['short', 'x'.repeat(65), 'has space1', 'dot.dot.dot', 'ünïcödé-1', ''])
      assert.match(fails(parseRequest(1005, json({ ...base, deviceId })), 1001), /^deviceId\b/);
    for (const deviceId of ['abcdefgh', 'A_b-9'.repeat(12) + 'abcd'])
      assert.ok(parseRequest(1005, json({ ...base, deviceId })).ok, deviceId);
    assert.match(
      fails(parseRequest(1005, json({ ...base, deviceName: 'n'.repeat(65) })), 1001),
      /^deviceName\b/,
    );
    assert.match(fails(parseRequest(2020, json({ deviceId: 'tiny' })), 1001), /^deviceId\b/);
    assert.ok(parseRequest(2020, json({ deviceId: 'default' })).ok); // a v1 client's device
  });

  it('requires protocol 1 at login', () => {
    assert.match(
      fails(parseRequest(1005, json({ uid: 'u', token: 't', protocol: 2 })), 1001),
      /^protocol\b/,
    );
  });

  it('SEND_MSG: media kinds need mediaId, text needs non-empty text', () => {
    const base = { conversationId: 'c1', clientMsgId: 'm1' };
    for (const kind of ['image', 'file', 'voice']) {
      assert.match(fails(parseRequest(1017, json({ ...base, kind })), 1001), /^mediaId\b/);
      const r = parseRequest(1017, json({ ...base, kind, mediaId: 'md1', text: 'caption' }));
      assert.ok(r.ok);
      assert.deepEqual(r.value, { ...base, kind, mediaId: 'md1', text: 'caption' });
    }
    assert.match(
      fails(parseRequest(1017, json({ ...base, kind: 'text', text: '' })), 1001),
      /^text\b/,
    );
    assert.match(fails(parseRequest(1017, json({ ...base, kind: 'recalled' })), 1001), /^kind\b/);
  });

  it('SEND_MSG: replyTo (§9.4) is kept on text and media sends and must be an id', () => {
    const base = { conversationId: 'c1', clientMsgId: 'm1', replyTo: 'c1:3' };
    for (const body of [
      { ...base, kind: 'text', text: 'yes' },
      { ...base, kind: 'file', mediaId: 'md1' },
    ]) {
      const r = parseRequest(1017, json(body));
      assert.ok(r.ok);
      assert.deepEqual(r.value, body);
    }
    // The text fast path must not let a bad replyTo through (or drop a good one).
    for (const replyTo of [42, '', null, { msgId: 'c1:3' }, 'x'.repeat(Limits.ID_MAX + 1)])
      assert.match(
        fails(parseRequest(1017, json({ ...base, kind: 'text', text: 'yes', replyTo })), 1001),
        /^replyTo\b/,
      );
  });

  it('enforces the request limits', () => {
    const cases: [number, Record<string, unknown>, string][] = [
      [
        1017,
        {
          conversationId: 'c',
          clientMsgId: 'm',
          kind: 'text',
          text: 'x'.repeat(Limits.TEXT_MAX + 1),
        },
        'text',
      ],
      [
        1017,
        { conversationId: 'c', clientMsgId: 'm'.repeat(65), kind: 'text', text: 'x' },
        'clientMsgId',
      ],
      [1017, { conversationId: 'c', clientMsgId: '', kind: 'text', text: 'x' }, 'clientMsgId'],
      [1029, { conversationId: 'c', limit: 101 }, 'limit'],
      [1029, { conversationId: 'c', limit: 0 }, 'limit'],
      [1029, { conversationId: 'c', afterSeq: -1 }, 'afterSeq'],
      [1007, { query: '' }, 'query'],
      [1007, { query: 'q'.repeat(65) }, 'query'],
      [1009, { toUid: 'u', greeting: 'g'.repeat(201) }, 'greeting'],
      [1013, { requestId: 'r', accept: false, remark: 'r'.repeat(201) }, 'remark'],
      [2001, { name: '', memberUids: [] }, 'name'],
      [2001, { name: 'n'.repeat(65), memberUids: [] }, 'name'],
      [
        2001,
        { name: 'n', memberUids: Array.from({ length: 501 }, (_, i) => `u${i}`) },
        'memberUids',
      ],
      [2003, { groupId: 'g', uids: [] }, 'uids'],
      [2009, { groupId: 'g', name: '' }, 'name'],
      [1035, { conversationId: 'x'.repeat(Limits.ID_MAX + 1), seq: 1 }, 'conversationId'],
    ];
    for (const [type, body, field] of cases) {
      assert.match(fails(parseRequest(type, json(body)), 1001), new RegExp(`^${field}\\b`), field);
    }
    const atLimit = parseRequest(
      1017,
      json({
        conversationId: 'c',
        clientMsgId: 'm'.repeat(64),
        kind: 'text',
        text: '字'.repeat(Limits.TEXT_MAX),
      }),
    );
    assert.ok(atLimit.ok);
    const uids = Array.from({ length: 500 }, (_, i) => `u${i}`);
    assert.ok(parseRequest(2001, json({ name: 'n'.repeat(64), memberUids: uids })).ok);
  });

  it('PROFILE_UPDATE: needs one field, trims the nick, bounds every field', () => {
    const PROFILE = MsgType.PROFILE_UPDATE;
    assert.match(fails(parseRequest(PROFILE, json({})), 1001), /at least one/);
    assert.match(fails(parseRequest(PROFILE, json({ reqId: 1 })), 1001), /at least one/);
    const cases: [Record<string, unknown>, string][] = [
      [{ nick: '' }, 'nick'],
      [{ nick: '   ' }, 'nick'],
      [{ nick: 'n'.repeat(Limits.NICK_MAX + 1) }, 'nick'],
      [{ nick: 7 }, 'nick'],
      [{ bio: 'b'.repeat(Limits.BIO_MAX + 1) }, 'bio'],
      [{ bio: null }, 'bio'],
      [{ avatar: 'a'.repeat(Limits.AVATAR_MAX + 1) }, 'avatar'],
      [{ avatar: ['🐱'] }, 'avatar'],
    ];
    for (const [body, field] of cases) {
      assert.match(fails(parseRequest(PROFILE, json(body)), 1001), new RegExp(`^${field}\\b`));
    }
    const r = parseRequest(PROFILE, json({ nick: `  ${'n'.repeat(Limits.NICK_MAX)}  ` }));
    assert.ok(r.ok);
    assert.equal(r.value.nick, 'n'.repeat(Limits.NICK_MAX));
    assert.ok(parseRequest(PROFILE, json({ avatar: '' })).ok);
    assert.ok(parseRequest(PROFILE, json({ bio: '' })).ok);
    assert.ok(Limits.AVATAR_MAX <= 191 && Limits.BIO_MAX <= 191 && Limits.NICK_MAX <= 191);
  });

  it('defaults HISTORY limit to 50 (§3)', () => {
    const r = parseRequest(MsgType.HISTORY, json({ conversationId: 'c1', afterSeq: 0 }));
    assert.ok(r.ok);
    assert.equal(r.value.limit, 50);
  });

  it('keeps a text at the limit inside the default frame limit', () => {
    // Worst case per UTF-16 unit is 3 UTF-8 bytes (BMP CJK); the Message envelope must still fit.
    const text = '字'.repeat(Limits.TEXT_MAX);
    const message = {
      msgId: 'm'.repeat(64),
      conversationId: 'c'.repeat(64),
      seq: 2 ** 40,
      from: 'u'.repeat(64),
      kind: 'text',
      text,
      sentAt: Date.now(),
      clientMsgId: 'x'.repeat(64),
    };
    assert.ok(encodeFrame(MsgType.MSG_NOTIFY, { message }).length - HEADER_BYTES <= 64 * 1024);
  });
});
