// Issue 5 over real TCP: group chats (PROTOCOL.md §3 2001-2007, Parley's 2009/2011) across three
// ChatServers. Run by groups.test.ts (embedded: memory stores + SQLite + in-process peer hub) and
// groups.integration.test.ts (cluster: Redis + MariaDB + gRPC peer streams).
//
// `recordPeers` is the fake here: it wraps each ChatServer's real peer transport and records every
// envelope list the server hands it (per peer, per call) before passing it on. To record more
// (e.g. what arrives), wrap `start`'s onBatch the same way.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MsgType, validateBody } from '@parley/proto';
import type { ChatClient, Envelope, PeerTransport } from '@parley/chat';
import { startSystem, type Mode, type TestSystem } from './system';
import {
  befriend,
  collect,
  goOffline,
  online,
  person,
  sendText,
  silent,
  type Person,
  withSystem,
} from './people';

interface Sent {
  /** Index of the sending ChatServer in sys.chats. */
  from: number;
  /** Name of the receiving ChatServer. */
  to: string;
  envelopes: Envelope[];
}

export function recordPeers(sent: Sent[]) {
  return (transport: PeerTransport, index: number): PeerTransport => ({
    start: (name, onBatch) => transport.start(name, onBatch),
    send(peer, envelopes) {
      sent.push({ from: index, to: peer.name, envelopes: envelopes.map((e) => ({ ...e })) });
      transport.send(peer, envelopes);
    },
    close: () => transport.close(),
  });
}

interface WireGroup {
  groupId: string;
  conversationId: string;
  name: string;
  members: { uid: string }[];
  memberCount?: number;
  ownerUid?: string;
}

type Member = [ChatClient, Person];

const uidsOf = (g: WireGroup) => g.members.map((m) => m.uid);
/** uids in numeric order (the order members who joined together are listed in). */
const sorted = (xs: string[]) => [...xs].sort((x, y) => Number(x) - Number(y));

export function groupSuite(mode: Mode): void {
  describe(`groups (${mode} mode)`, () => {
    let sys: TestSystem;
    const sent: Sent[] = [];
    const { on } = withSystem(
      { mode, chatServers: 3, wrapPeers: recordPeers(sent) },
      (s) => (sys = s),
    );
    /** A user logged in on ChatServer `server`. */
    const member = async (server = 0, name = 'g'): Promise<Member> => {
      const p = await person(sys, name);
      return [await on(sys, p, server), p];
    };
    /** `owner` befriends each of `others` (all online). */
    const friends = async (owner: Member, ...others: Member[]) => {
      for (const o of others) await befriend(owner[0], owner[1], o[0], o[1]);
    };
    const create = async (c: ChatClient, name: string, members: Person[]) => {
      const r = await c.request(MsgType.GROUP_CREATE, {
        name,
        memberUids: members.map((m) => m.uid),
      });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      return r.body['group'] as WireGroup;
    };
    const send = async (c: ChatClient, conversationId: string, text: string) =>
      (await sendText(c, conversationId, text)).seq;
    const notified = async (c: ChatClient, event: string) => {
      const n = await c.next(MsgType.GROUP_NOTIFY);
      assert.equal(n.body['event'], event, JSON.stringify(n.body));
      return n.body as {
        groupId: string;
        group: WireGroup;
        uids?: string[];
        by?: string;
        eventId?: string;
        afterSeq?: number;
      };
    };
    const offline = (c: ChatClient, p: Person) => goOffline(sys, c, p);

    it('creates a group of friends: the creator owns it, the others get "created"', async () => {
      const a = await member(0, 'owner');
      const b = await member(1);
      const c = await member(2);
      await friends(a, b, c);
      const g = await create(a[0], ' Team 群 ', [b[1], c[1], b[1], a[1]]);
      assert.match(g.groupId, /^g[0-9a-f]{16}$/);
      assert.equal(g.conversationId, `g_${g.groupId}`);
      assert.equal(g.name, 'Team 群');
      assert.deepEqual(uidsOf(g), [a[1].uid, ...sorted([b[1].uid, c[1].uid])]);
      assert.equal(g.memberCount, 3);
      assert.equal(g.ownerUid, a[1].uid);
      for (const x of [b, c]) {
        const n = await notified(x[0], 'created');
        assert.equal(n.groupId, g.groupId);
        assert.deepEqual(n.group, g);
        assert.equal(n.by, a[1].uid);
      }
      await silent(a[0], MsgType.GROUP_NOTIFY);
      const list = await b[0].request(MsgType.GROUP_MEMBERS, { groupId: g.groupId });
      assert.equal(list.body['error'], 0);
      assert.deepEqual(
        (list.body['members'] as { uid: string; role: string }[]).map((m) => [m.uid, m.role]),
        [[a[1].uid, 'owner'], ...sorted([b[1].uid, c[1].uid]).map((u) => [u, 'member'])],
      );
      const rows = await sys.db.prisma.conversation.findUnique({ where: { id: g.conversationId } });
      assert.equal(rows?.kind, 'group');
      assert.equal(rows?.groupId, g.groupId);
      // Strangers see nothing of it; unknown groups are NOT_FOUND.
      const d = await member(0);
      assert.equal(
        (await d[0].request(MsgType.GROUP_MEMBERS, { groupId: g.groupId })).body['error'],
        ErrorCode.FORBIDDEN,
      );
      assert.equal(
        (await d[0].request(MsgType.GROUP_MEMBERS, { groupId: 'gnope' })).body['error'],
        ErrorCode.NOT_FOUND,
      );
      assert.equal(
        (await a[0].request(MsgType.GROUP_CREATE, { name: '   ', memberUids: [] })).body['error'],
        ErrorCode.BAD_REQUEST,
      );
    });

    it('refuses non-friends (1012) and unknown users (1007), creating nothing', async () => {
      const a = await member(0);
      const b = await member(1);
      const stranger = await member(2);
      await friends(a, b);
      for (const [uids, code] of [
        [[b[1].uid, stranger[1].uid], ErrorCode.FORBIDDEN],
        [[b[1].uid, '99999999'], ErrorCode.NOT_FOUND],
        [['not-a-uid'], ErrorCode.NOT_FOUND],
      ] as const) {
        const r = await a[0].request(MsgType.GROUP_CREATE, { name: 'x', memberUids: uids });
        assert.equal(r.body['error'], code, JSON.stringify(r.body));
      }
      assert.equal(await sys.db.prisma.group.count({ where: { ownerId: Number(a[1].uid) } }), 0);
      await silent(b[0], MsgType.GROUP_NOTIFY);
      await silent(stranger[0], MsgType.GROUP_NOTIFY);
    });

    it('refuses more than maxGroupMembers on create and on invite (1016 CONFLICT)', async () => {
      const small = await startSystem({ mode, chatServers: 1, share: sys, maxGroupMembers: 3 });
      try {
        const ps = [await person(sys), await person(sys), await person(sys), await person(sys)];
        const cs = await Promise.all(ps.map((p) => online(small, p)));
        const [a, b, c, d] = ps.map((p, i) => [cs[i]!, p] as Member);
        await friends(a!, b!, c!, d!);
        const over = await a![0].request(MsgType.GROUP_CREATE, {
          name: 'big',
          memberUids: [b![1].uid, c![1].uid, d![1].uid],
        });
        assert.equal(over.body['error'], ErrorCode.CONFLICT);
        const g = await create(a![0], 'three', [b![1], c![1], c![1]]);
        assert.equal(g.memberCount, 3);
        const invite = await a![0].request(MsgType.GROUP_INVITE, {
          groupId: g.groupId,
          uids: [d![1].uid],
        });
        assert.equal(invite.body['error'], ErrorCode.CONFLICT);
        for (const c of cs) c.socket.destroy();
      } finally {
        await small.close();
      }
    });

    it('fans a message out to every online member with one envelope per peer server; an offline member catches up once', async () => {
      const a = await member(0, 'sender');
      const b = await member(0);
      const c = await member(1);
      const d = await member(1);
      const e = await member(2);
      const f = await member(1, 'offline');
      await friends(a, b, c, d, e, f);
      const g = await create(
        a[0],
        'fan-out',
        [b, c, d, e, f].map((m) => m[1]),
      );
      const conv = g.conversationId;
      await offline(f[0], f[1]);
      const start = sent.length;
      const seqs: number[] = [];
      for (let i = 0; i < 5; i++) seqs.push(await send(a[0], conv, `from a ${i}`));
      seqs.push(await send(c[0], conv, 'from c'));
      assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);
      for (const x of [b, c, d, e]) {
        const got = await collect(x[0], x === c ? 5 : 6);
        assert.deepEqual(
          got.map((m) => m.seq),
          x === c ? [1, 2, 3, 4, 5] : [1, 2, 3, 4, 5, 6],
        );
      }
      assert.deepEqual((await collect(a[0], 1))[0]?.seq, 6);
      await silent(a[0], MsgType.MSG_NOTIFY, 100);

      // What each ChatServer handed its peer transport for each message.
      const name = (i: number) => sys.chats[i]!.server.name;
      const forwarded = (seq: number) =>
        sent
          .slice(start)
          .flatMap((s) =>
            s.envelopes
              .filter((env) => env.conversationId === conv && env.seq === seq)
              .map((env) => ({ from: s.from, to: s.to, toUids: sorted(env.toUids) })),
          )
          .sort((x, y) => x.to.localeCompare(y.to));
      const expect = (from: number, ...to: [number, Person[]][]) =>
        to
          .map(([i, ps]) => ({ from, to: name(i), toUids: sorted(ps.map((p) => p.uid)) }))
          .sort((x, y) => x.to.localeCompare(y.to));
      for (const seq of [1, 2, 3, 4, 5])
        assert.deepEqual(forwarded(seq), expect(0, [1, [c[1], d[1]]], [2, [e[1]]]), `seq ${seq}`);
      assert.deepEqual(forwarded(6), expect(1, [0, [a[1], b[1]]], [2, [e[1]]]));

      // The offline member: everything, oldest first, exactly once, at login.
      const back = await on(sys, f[1], 2);
      assert.deepEqual(
        (await collect(back, 6)).map((m) => m.seq),
        [1, 2, 3, 4, 5, 6],
      );
      await silent(back, MsgType.MSG_NOTIFY);
    });

    it('invites: members only, friends only; "joined" to every member; the invitee can send at once', async () => {
      const a = await member(0, 'inviter');
      const b = await member(1);
      const c = await member(1, 'invitee');
      const outsider = await member(2);
      await friends(a, b, c);
      const g = await create(a[0], 'invites', [b[1]]);
      await notified(b[0], 'created');
      // Both servers cache the member list [a, b] before the invite.
      await send(a[0], g.conversationId, 'before 1');
      await send(b[0], g.conversationId, 'before 2');
      await collect(b[0], 1);
      await collect(a[0], 1);

      const nope = await outsider[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [c[1].uid],
      });
      assert.equal(nope.body['error'], ErrorCode.FORBIDDEN, 'only members invite');
      const notTheirFriend = await b[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [c[1].uid],
      });
      assert.equal(notTheirFriend.body['error'], ErrorCode.FORBIDDEN, 'only friends are invited');
      const unknown = await a[0].request(MsgType.GROUP_INVITE, {
        groupId: 'gmissing',
        uids: [c[1].uid],
      });
      assert.equal(unknown.body['error'], ErrorCode.NOT_FOUND);

      const r = await a[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [c[1].uid, b[1].uid],
      });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.deepEqual(uidsOf(r.body['group'] as WireGroup), [a[1].uid, b[1].uid, c[1].uid]);
      for (const x of [a, b, c]) {
        const n = await notified(x[0], 'joined');
        assert.deepEqual(n.uids, [c[1].uid]);
        assert.equal(n.group.memberCount, 3);
      }
      // Inviting members again changes nothing and tells nobody.
      const again = await a[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [c[1].uid],
      });
      assert.equal(again.body['error'], 0);
      await silent(b[0], MsgType.GROUP_NOTIFY, 200);

      // The invitee was not pushed the history before it joined, and can send right away.
      await silent(c[0], MsgType.MSG_NOTIFY, 200);
      assert.equal(await send(c[0], g.conversationId, 'hello all'), 3);
      assert.deepEqual(
        (await collect(a[0], 1)).map((m) => m.text),
        ['hello all'],
      );
      assert.deepEqual(
        (await collect(b[0], 1)).map((m) => m.text),
        ['hello all'],
      );
      assert.equal(await send(a[0], g.conversationId, 'welcome'), 4);
      assert.deepEqual(
        (await collect(c[0], 1)).map((m) => m.seq),
        [4],
      );
      // Nothing older is unread for it, and its next login pushes nothing old.
      const convs = (await c[0].request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
        unread: number;
      }[];
      assert.equal(convs.find((x) => x.conversationId === g.conversationId)?.unread, 1);
      await c[0].close();
      const back = await on(sys, c[1], 0);
      assert.deepEqual(
        (await collect(back, 1)).map((m) => m.seq),
        [4],
      );
      await silent(back, MsgType.MSG_NOTIFY);
    });

    it('never refuses a member that a stale member cache does not list yet', async () => {
      const a = await member(0);
      const b = await member(1);
      const late = await member(1);
      await friends(a, b);
      const g = await create(a[0], 'stale', [b[1]]);
      await notified(b[0], 'created');
      await new Promise((r) => setTimeout(r, 200)); // the creation's invalidations have landed
      await send(b[0], g.conversationId, 'cache it'); // server 1 caches [a, b]
      // A join this server hears nothing about (written straight to the database).
      await sys.db.prisma.member.create({
        data: { conversationId: g.conversationId, userId: Number(late[1].uid), ackSeq: 1 },
      });
      assert.equal(await send(late[0], g.conversationId, 'let me in'), 2);
    });

    it('leaves: "left" to the rest and the leaver, who then gets 1012; ownership passes on', async () => {
      const a = await member(0, 'leaver');
      const b = await member(1, 'heir');
      const c = await member(2);
      const d = await member(0);
      await friends(a, b, c, d);
      const g = await create(a[0], 'leaving', [b[1], c[1]]);
      await notified(b[0], 'created');
      await notified(c[0], 'created');
      const inv = await a[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [d[1].uid],
      });
      assert.equal(inv.body['error'], 0);
      for (const x of [a, b, c, d]) await notified(x[0], 'joined');
      await send(b[0], g.conversationId, 'before');
      for (const x of [a, c, d]) await collect(x[0], 1);

      const left = await a[0].request(MsgType.GROUP_LEAVE, { groupId: g.groupId });
      assert.equal(left.body['error'], 0, JSON.stringify(left.body));
      for (const x of [a, b, c, d]) {
        const n = await notified(x[0], 'left');
        assert.deepEqual(n.uids, [a[1].uid]);
        assert.equal(n.group.memberCount, 3);
        assert.ok(!uidsOf(n.group).includes(a[1].uid));
        // The longest-standing member (created with the group; the lower uid of b and c) owns it.
        assert.equal(n.group.ownerUid, b[1].uid);
      }
      const roles = await b[0].request(MsgType.GROUP_MEMBERS, { groupId: g.groupId });
      assert.deepEqual(
        (roles.body['members'] as { uid: string; role: string }[]).map((m) => [m.uid, m.role]),
        [
          [b[1].uid, 'owner'],
          [c[1].uid, 'member'],
          [d[1].uid, 'member'],
        ],
      );

      // The leaver is a stranger now.
      for (const [type, extra] of [
        [
          MsgType.SEND_MSG,
          { conversationId: g.conversationId, clientMsgId: 'x', kind: 'text', text: 'x' },
        ],
        [MsgType.HISTORY, { conversationId: g.conversationId }],
        [MsgType.READ, { conversationId: g.conversationId, seq: 1 }],
        [MsgType.GROUP_LEAVE, { groupId: g.groupId }],
        [MsgType.GROUP_MEMBERS, { groupId: g.groupId }],
        [MsgType.GROUP_RENAME, { groupId: g.groupId, name: 'mine' }],
        [MsgType.GROUP_INVITE, { groupId: g.groupId, uids: [d[1].uid] }],
      ] as const) {
        const r = await a[0].request(type, extra);
        assert.equal(r.body['error'], ErrorCode.FORBIDDEN, `type ${type}`);
      }
      assert.equal(await send(c[0], g.conversationId, 'after'), 2);
      for (const x of [b, d]) assert.equal((await collect(x[0], 1))[0]?.text, 'after');
      await silent(a[0], MsgType.MSG_NOTIFY);
      const listed = (await a[0].request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
      }[];
      assert.ok(!listed.some((x) => x.conversationId === g.conversationId));

      // Back in while still connected: what was said meanwhile is not pushed, what follows is.
      await send(c[0], g.conversationId, 'meanwhile');
      for (const x of [b, d]) await collect(x[0], 1);
      const rejoin = await b[0].request(MsgType.GROUP_INVITE, {
        groupId: g.groupId,
        uids: [a[1].uid],
      });
      assert.equal(rejoin.body['error'], 0, JSON.stringify(rejoin.body));
      await notified(a[0], 'joined');
      assert.equal(await send(c[0], g.conversationId, 'welcome back'), 4);
      assert.deepEqual(
        (await collect(a[0], 1)).map((m) => m.seq),
        [4],
      );
      await silent(a[0], MsgType.MSG_NOTIFY);

      // The last one out leaves an empty group behind.
      for (const x of [a, b, c, d]) {
        const r = await x[0].request(MsgType.GROUP_LEAVE, { groupId: g.groupId });
        assert.equal(r.body['error'], 0);
      }
      assert.equal(
        await sys.db.prisma.member.count({ where: { conversationId: g.conversationId } }),
        0,
      );
      assert.ok(await sys.db.prisma.group.findUnique({ where: { id: g.groupId } }));
    });

    it('renames: the owner only; "renamed" to every member', async () => {
      const a = await member(0);
      const b = await member(1);
      await friends(a, b);
      const g = await create(a[0], 'old name', [b[1]]);
      await notified(b[0], 'created');
      const refused = await b[0].request(MsgType.GROUP_RENAME, {
        groupId: g.groupId,
        name: 'mine',
      });
      assert.equal(refused.body['error'], ErrorCode.FORBIDDEN);
      const blank = await a[0].request(MsgType.GROUP_RENAME, { groupId: g.groupId, name: ' ' });
      assert.equal(blank.body['error'], ErrorCode.BAD_REQUEST);
      const r = await a[0].request(MsgType.GROUP_RENAME, { groupId: g.groupId, name: 'new name' });
      assert.equal(r.body['error'], 0);
      assert.equal((r.body['group'] as WireGroup).name, 'new name');
      for (const x of [a, b]) {
        const n = await notified(x[0], 'renamed');
        assert.equal(n.group.name, 'new name');
        assert.equal(n.by, a[1].uid);
      }
      const convs = (await b[0].request(MsgType.CONVERSATIONS)).body['conversations'] as {
        group?: WireGroup;
      }[];
      assert.equal(convs.find((x) => x.group?.groupId === g.groupId)?.group?.name, 'new name');
    });

    it('stores every event line: GROUP_EVENTS lists them in order, for members only', async () => {
      const a = await member(0, 'ea');
      const b = await member(1, 'eb');
      const c = await member(2, 'ec');
      const [d] = await member(0, 'ed');
      await friends(a, b, c);
      const g = await create(a[0], 'events', [b[1]]);
      const created = await notified(b[0], 'created');
      await send(b[0], g.conversationId, 'one');
      await send(a[0], g.conversationId, 'two');
      await a[0].request(MsgType.GROUP_INVITE, { groupId: g.groupId, uids: [c[1].uid] });
      const joined = await notified(b[0], 'joined');
      await notified(a[0], 'joined');
      await a[0].request(MsgType.GROUP_RENAME, { groupId: g.groupId, name: 'renamed' });
      await notified(b[0], 'renamed');
      await notified(a[0], 'renamed');
      await send(c[0], g.conversationId, 'three');
      await b[0].request(MsgType.GROUP_LEAVE, { groupId: g.groupId });
      const left = await notified(a[0], 'left');

      const r = await c[0].request(MsgType.GROUP_EVENTS, { groupId: g.groupId });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.GROUP_EVENTS_RSP, r.body).ok);
      const events = r.body['events'] as Record<string, unknown>[];
      const A = a[1].uid;
      const B = b[1].uid;
      assert.deepEqual(
        events.map(({ event, by, uids, name, afterSeq }) => ({ event, by, uids, name, afterSeq })),
        [
          { event: 'created', by: A, uids: [B], name: 'events', afterSeq: 0 },
          { event: 'joined', by: A, uids: [c[1].uid], name: 'events', afterSeq: 2 },
          { event: 'renamed', by: A, uids: undefined, name: 'renamed', afterSeq: 2 },
          { event: 'left', by: B, uids: [B], name: 'renamed', afterSeq: 3 },
        ],
      );
      // The pushes named the same stored events.
      assert.deepEqual(
        [created, joined, left].map((n) => n.eventId),
        [events[0]!['eventId'], events[1]!['eventId'], events[3]!['eventId']],
      );
      assert.equal(joined.afterSeq, 2);
      // Cards for everyone named, the member who left too.
      const users = (r.body['users'] as { uid: string; username: string }[]).map((u) => u.uid);
      assert.deepEqual(sorted(users), sorted([A, B, c[1].uid]));

      const newest = await a[0].request(MsgType.GROUP_EVENTS, { groupId: g.groupId, limit: 2 });
      assert.deepEqual(
        (newest.body['events'] as { event: string }[]).map((e) => e.event),
        ['renamed', 'left'],
      );
      // Whoever is not a member now, never was, or names no group gets nothing.
      for (const [who, groupId, code] of [
        [b[0], g.groupId, ErrorCode.FORBIDDEN],
        [d, g.groupId, ErrorCode.FORBIDDEN],
        [a[0], 'gnosuchgroup', ErrorCode.NOT_FOUND],
      ] as const) {
        const x = await who.request(MsgType.GROUP_EVENTS, { groupId });
        assert.equal(x.body['error'], code, JSON.stringify(x.body));
        assert.equal(x.body['events'], undefined);
      }
      const bad = await a[0].request(MsgType.GROUP_EVENTS, { groupId: g.groupId, limit: 0 });
      assert.equal(bad.body['error'], ErrorCode.BAD_REQUEST);
    });

    it('lists the group in CONVERSATIONS with unread counts equal to what was missed', async () => {
      const a = await member(0);
      let b = await member(1);
      const c = await member(2);
      await friends(a, b, c);
      const g = await create(a[0], 'summary', [b[1], c[1]]);
      await offline(b[0], b[1]);
      for (let i = 1; i <= 3; i++) await send(a[0], g.conversationId, `a${i}`);
      for (let i = 1; i <= 2; i++) await send(c[0], g.conversationId, `c${i}`);
      b = [await on(sys, b[1], 0), b[1]];
      assert.deepEqual(
        (await collect(b[0], 5)).map((m) => m.seq),
        [1, 2, 3, 4, 5],
      );
      const summary = async (x: ChatClient) =>
        (
          (await x.request(MsgType.CONVERSATIONS)).body['conversations'] as Record<
            string,
            unknown
          >[]
        ).find((s) => s['conversationId'] === g.conversationId)!;
      const sb = await summary(b[0]);
      assert.equal(sb['kind'], 'group');
      assert.equal(sb['peer'], undefined);
      assert.equal(sb['lastSeq'], 5);
      assert.equal(sb['readSeq'], 0);
      assert.equal(sb['unread'], 5);
      assert.equal((sb['lastMessage'] as { text: string }).text, 'c2');
      const sg = sb['group'] as WireGroup;
      assert.equal(sg.groupId, g.groupId);
      assert.equal(sg.name, 'summary');
      assert.deepEqual(uidsOf(sg), uidsOf(g));
      assert.equal(sg.memberCount, 3);
      // a sent 1-3 (read by sending), c sent 4-5; c sent last, so nothing is unread for c.
      assert.equal((await summary(a[0]))['unread'], 2);
      assert.equal((await summary(c[0]))['unread'], 0);
      assert.equal(
        (await b[0].request(MsgType.READ, { conversationId: g.conversationId, seq: 4 })).body[
          'error'
        ],
        0,
      );
      for (const x of [a, c]) {
        const rn = await x[0].next(MsgType.READ_NOTIFY);
        assert.deepEqual(rn.body, { conversationId: g.conversationId, uid: b[1].uid, seq: 4 });
      }
      assert.equal((await summary(b[0]))['unread'], 1);
    });

    it("GROUP_MEMBERS carries each member's read cursor, for read marks after a reload", async () => {
      const a = await member(0, 'reader');
      const b = await member(1);
      const c = await member(2);
      await friends(a, b, c);
      const g = await create(a[0], 'Readers', [b[1], c[1]]);
      for (const x of [b, c]) await notified(x[0], 'created');
      for (const t of ['one', 'two', 'three']) await send(a[0], g.conversationId, t);
      const read = await b[0].request(MsgType.READ, { conversationId: g.conversationId, seq: 2 });
      assert.equal(read.body['error'], 0);
      // READ is written in coalesced batches: poll until it is stored.
      let cursors: Record<string, number | undefined> = {};
      for (let i = 0; i < 50; i++) {
        const list = await c[0].request(MsgType.GROUP_MEMBERS, { groupId: g.groupId });
        assert.equal(list.body['error'], 0);
        cursors = Object.fromEntries(
          (list.body['members'] as { uid: string; readSeq?: number }[]).map((m) => [
            m.uid,
            m.readSeq,
          ]),
        );
        if (cursors[b[1].uid] === 2) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      // The sender has read up to its own last message; B to where it said; C nothing yet.
      assert.deepEqual(cursors, { [a[1].uid]: 3, [b[1].uid]: 2, [c[1].uid]: 0 });
    });

    it('sends at most 50 member cards with a group; GROUP_MEMBERS lists all of them', async () => {
      const a = await member(0);
      const others = await Promise.all(Array.from({ length: 59 }, () => person(sys, 'crowd')));
      const me = Number(a[1].uid);
      await sys.db.prisma.friendship.createMany({
        data: others.flatMap((o) => [
          { userId: me, friendId: Number(o.uid), conversationId: `d_${me}_${o.uid}` },
          { userId: Number(o.uid), friendId: me, conversationId: `d_${me}_${o.uid}` },
        ]),
      });
      const g = await create(a[0], 'crowd', others);
      assert.equal(g.members.length, 50);
      assert.equal(g.members[0]?.uid, a[1].uid);
      assert.equal(g.memberCount, 60);
      const all = await a[0].request(MsgType.GROUP_MEMBERS, { groupId: g.groupId });
      const members = all.body['members'] as { uid: string }[];
      assert.equal(members.length, 60);
      assert.deepEqual(
        sorted(members.map((m) => m.uid)),
        sorted([a[1].uid, ...others.map((o) => o.uid)]),
      );
      const convs = (await a[0].request(MsgType.CONVERSATIONS)).body['conversations'] as {
        conversationId: string;
        group?: WireGroup;
      }[];
      const listed = convs.find((x) => x.conversationId === g.conversationId)?.group;
      assert.equal(listed?.members.length, 50);
      assert.equal(listed?.members[0]?.uid, a[1].uid);
      assert.equal(listed?.memberCount, 60);
    });
  });
}
