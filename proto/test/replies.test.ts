/** Response and push bodies (PROTOCOL.md §3, server → client): one valid example per type. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ErrorCode,
  MsgType,
  MsgTypeName,
  REQUEST_TYPES,
  parseBody,
  validateBody,
} from '../src/index';
import { fails, json } from './helpers/parse';
import { utf8, vectors } from './helpers/vectors';

const card = (uid: string) => ({ uid, username: `user${uid}`, nick: 'Nick', avatar: '', bio: '' });
const message = {
  msgId: 'm1',
  conversationId: 'c1',
  seq: 1,
  from: 'u1',
  kind: 'text',
  text: 'hi',
  sentAt: 1_700_000_000_000,
  clientMsgId: 'k1',
};
const group = {
  groupId: 'g1',
  conversationId: 'c9',
  name: 'Team',
  members: [card('u1'), card('u2')],
};
const friendRequest = {
  requestId: 'r1',
  user: card('u2'),
  greeting: 'hi',
  at: 1,
  status: 'pending',
};

/** One valid success body per response type, and one body per push type. */
const replies: [number, Record<string, unknown>][] = [
  [1, { error: 1015, message: 'unknown type', refType: 4242 }],
  [1006, { error: 0, user: card('u1'), server: 'chat-1', heartbeatMs: 20_000 }],
  [1008, { error: 0, users: [card('u2')] }],
  [1010, { error: 0, requestId: 'r1' }],
  [1011, { requestId: 'r1', from: card('u1'), greeting: 'hi', at: 1 }],
  [1014, { error: 0, friend: card('u1'), conversationId: 'c1' }],
  [1015, { requestId: 'r1', accepted: true, by: card('u2'), conversationId: 'c1' }],
  [1018, { error: 0, message }],
  [
    1019,
    {
      message: {
        ...message,
        kind: 'image',
        text: undefined,
        media: { mediaId: 'md', url: '/media/md', name: 'a.png', mime: 'image/png', size: 10 },
      },
    },
  ],
  [
    1021,
    { reason: 'replaced', at: 2, by: { deviceId: 'phone-123', deviceName: 'Pixel', ip: '::1' } },
  ],
  [1024, { error: 0, serverTime: 3 }],
  [
    1026,
    {
      error: 0,
      conversations: [
        {
          conversationId: 'c1',
          kind: 'direct',
          peer: card('u2'),
          lastMessage: message,
          lastSeq: 1,
          readSeq: 0,
          unread: 1,
          peerReadSeq: 1,
        },
        { conversationId: 'c9', kind: 'group', group, lastSeq: 0, readSeq: 0, unread: 0 },
      ],
    },
  ],
  [
    1030,
    {
      error: 0,
      messages: [
        message,
        {
          msgId: 'm2',
          conversationId: 'c1',
          seq: 2,
          from: 'u1',
          kind: 'recalled',
          sentAt: 5,
          clientMsgId: 'k2',
        },
      ],
      hasMore: false,
    },
  ],
  [
    1032,
    { error: 0, friends: [{ ...card('u2'), remark: '', online: true, conversationId: 'c1' }] },
  ],
  [1034, { error: 0, incoming: [friendRequest], outgoing: [] }],
  [1036, { error: 0 }],
  [1037, { conversationId: 'c1', uid: 'u2', seq: 1 }],
  [1040, { conversationId: 'c1', uid: 'u2' }],
  [1041, { uid: 'u2', online: false }],
  [1044, { error: 0 }],
  [1046, { error: 0 }],
  [1047, { conversationId: 'c1', msgId: 'm1', by: 'u1' }],
  [2002, { error: 0, group }],
  [2004, { error: 0, group }],
  [2006, { error: 0 }],
  [2007, { groupId: 'g1', event: 'joined', group, uids: ['u3'] }],
  [2007, { groupId: 'g1', event: 'renamed', group, by: 'u1', eventId: '7', afterSeq: 3, at: 1 }],
  [2010, { error: 0, group: { ...group, name: 'Team 2', memberCount: 2, ownerUid: 'u1' } }],
  [
    2012,
    {
      error: 0,
      group,
      members: [
        { ...card('u1'), role: 'owner', joinedAt: 1 },
        { ...card('u2'), role: 'member', joinedAt: 2 },
      ],
    },
  ],
  [2014, { error: 0, user: { ...card('u1'), nick: '<img src=x onerror=alert(1)>', bio: 'b' } }],
  [2015, { user: { ...card('u1'), avatar: '🐱' } }],
  [
    2017,
    {
      error: 0,
      events: [
        { eventId: '1', event: 'created', by: 'u1', uids: ['u2'], name: 'T', afterSeq: 0, at: 1 },
        { eventId: '2', event: 'renamed', by: 'u1', name: 'Team', afterSeq: 4, at: 2 },
      ],
      users: [card('u1'), card('u2')],
    },
  ],
  [
    2023,
    {
      error: 0,
      hits: [{ conversationId: 'c1', message: { ...message, text: '去北京' } }],
      hasMore: true,
    },
  ],
  [
    2019,
    {
      error: 0,
      devices: [
        {
          deviceId: 'default',
          deviceName: '',
          online: false,
          since: 1,
          lastSeen: 2,
          current: false,
        },
        {
          deviceId: 'laptop-1',
          deviceName: 'parley CLI',
          online: true,
          server: 'chat-1',
          since: 1,
          lastSeen: 3,
          current: true,
        },
      ],
    },
  ],
  [2021, { error: 0, deviceId: 'laptop-1' }],
  [2024, { reason: 'draining', reconnectInMs: 1000 }],
  [2031, { error: 0, conversationId: 'c1', muted: true }],
];

describe('response and push schemas', () => {
  it('cover every non-request type', () => {
    const covered = new Set([...REQUEST_TYPES, ...replies.map(([t]) => t)]);
    assert.deepEqual(
      [...covered].sort((a, b) => a - b),
      Object.values(MsgType).sort((a, b) => a - b),
    );
  });

  for (const [type, body] of replies) {
    const name = MsgTypeName[type] ?? String(type);
    it(`${name}: accepts a valid body, as bytes and as a value`, () => {
      const r = parseBody(type, json({ ...body, reqId: 9 }));
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.ok(validateBody(type, JSON.parse(JSON.stringify(body))).ok);
    });

    if (body.error === 0) {
      it(`${name}: accepts a failure with error and message only`, () => {
        assert.ok(validateBody(type, { error: 1012, message: 'not a member', reqId: 1 }).ok);
        fails(validateBody(type, { error: 1012 }), 1001);
        fails(validateBody(type, { error: 9999, message: 'no such code' }), 1001);
      });
    }
  }

  it('SERVER_NOTICE: rejects a missing or negative reconnectInMs', () => {
    for (const bad of [
      { reason: 'draining' },
      { reason: 'x', reconnectInMs: -1 },
      { reconnectInMs: 1 },
    ])
      fails(parseBody(MsgType.SERVER_NOTICE, json(bad)), ErrorCode.BAD_REQUEST);
  });

  it('Message replyTo (§9.4): the quote as it is now, recalled included; a bad one is refused', () => {
    const quote = { msgId: 'c1:1', seq: 1, from: 'u2', kind: 'text', preview: 'hi' };
    for (const replyTo of [quote, { ...quote, kind: 'recalled', preview: '' }])
      assert.ok(validateBody(1019, { message: { ...message, seq: 2, replyTo } }).ok);
    for (const replyTo of [{ ...quote, seq: 0 }, { ...quote, preview: undefined }, 'c1:1'])
      assert.equal(validateBody(1019, { message: { ...message, replyTo } }).ok, false);
  });

  it('LOGIN_RSP limits (Parley addition): optional, and a recall window of at least 1 ms', () => {
    const login = { error: 0, user: card('u1'), server: 'chat-1', heartbeatMs: 20_000 };
    assert.ok(validateBody(1006, { ...login, limits: { recallWindowMs: 120_000 } }).ok);
    assert.ok(validateBody(1006, login).ok, 'a server that sends no limits');
    for (const limits of [{ recallWindowMs: 0 }, { recallWindowMs: 1.5 }, {}, 120_000])
      assert.match(fails(validateBody(1006, { ...login, limits }), 1001), /^limits\b/);
  });

  it('rejects a success that lacks its fields', () => {
    assert.match(fails(validateBody(1006, { error: 0, server: 'chat-1' }), 1001), /^user\b/);
    assert.match(fails(validateBody(1018, { error: 0, message: 'sent' }), 1001), /^message\b/);
    assert.match(fails(validateBody(1018, { error: 9999, message: 'x' }), 1001), /^error\b/);
  });

  it('accepts the error push vector and rejects error 0 there', () => {
    const v = vectors.frames.find((f) => f.type === MsgType.ERROR);
    assert.ok(v);
    assert.ok(validateBody(1, v.body).ok);
    fails(validateBody(1, { error: 0, message: 'ok' }), 1001);
  });

  it('parseBody rejects unknown types and bad bytes', () => {
    fails(parseBody(4242, json({})), 1015);
    fails(parseBody(1019, utf8('{')), 1001);
  });
});
