// Issue 4 over real TCP: PROFILE_UPDATE (Parley's 2013/2014) and PROFILE_NOTIFY (2015) across two
// ChatServers. Run by profile.test.ts (embedded: memory stores + SQLite + in-process peer hub);
// a cluster run only needs a `profile.integration.test.ts` calling `profileSuite('cluster')`.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, Limits, MsgType, type UserCard } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { type Mode, type TestSystem } from './system';
import { befriend, person, silent, withSystem } from './people';

const XSS = '<img src=x onerror=alert(1)>';

export function profileSuite(mode: Mode): void {
  describe(`profile (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    it('updates nick, bio and avatar; friends are told; search and friend list agree', async () => {
      const a = await person(sys, 'ann');
      const b = await person(sys, 'bob');
      const stranger = await person(sys, 'stranger');
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      const cs = await on(sys, stranger, 0);
      await befriend(ca, a, cb, b);

      const r = await ca.request(MsgType.PROFILE_UPDATE, {
        nick: '  Annie  ',
        bio: 'likes tea 🍵',
        avatar: '🐱',
      });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      const want: UserCard = {
        uid: a.uid,
        username: a.username,
        nick: 'Annie',
        bio: 'likes tea 🍵',
        avatar: '🐱',
      };
      assert.deepEqual(r.body['user'], want);

      const note = await cb.next(MsgType.PROFILE_NOTIFY);
      assert.deepEqual(note.body['user'], want);
      await silent(cs, MsgType.PROFILE_NOTIFY);
      await silent(ca, MsgType.PROFILE_NOTIFY);

      const found = await cs.request(MsgType.SEARCH_USER, { query: a.username });
      assert.deepEqual(
        (found.body['users'] as UserCard[]).find((u) => u.uid === a.uid),
        want,
      );
      const list = await cb.request(MsgType.FRIEND_LIST);
      const entry = (list.body['friends'] as (UserCard & { online: boolean })[]).find(
        (f) => f.uid === a.uid,
      );
      assert.equal(entry?.nick, 'Annie');
      assert.equal(entry?.bio, 'likes tea 🍵');
      assert.equal(entry?.avatar, '🐱');

      // One field at a time leaves the others alone; '' clears the avatar.
      const only = await ca.request(MsgType.PROFILE_UPDATE, { avatar: '' });
      assert.deepEqual(only.body['user'], { ...want, avatar: '' });
      assert.deepEqual((await cb.next(MsgType.PROFILE_NOTIFY)).body['user'], {
        ...want,
        avatar: '',
      });
    });

    it('refuses bad input with BAD_REQUEST and keeps the stored card', async () => {
      const a = await person(sys, 'carol');
      const ca = await on(sys, a);
      const bad: Record<string, unknown>[] = [
        {},
        { nick: '' },
        { nick: '   ' },
        { nick: 'n'.repeat(Limits.NICK_MAX + 1) },
        { bio: 'b'.repeat(Limits.BIO_MAX + 1) },
        { avatar: 'a'.repeat(Limits.AVATAR_MAX + 1) },
        { nick: 42 },
        { bio: ['x'] },
        { avatar: { url: 'x' } },
        { nick: null },
      ];
      for (const body of bad) {
        const r = await ca.request(MsgType.PROFILE_UPDATE, body);
        assert.equal(r.type, MsgType.PROFILE_UPDATE_RSP);
        assert.equal(r.body['error'], ErrorCode.BAD_REQUEST, JSON.stringify(body));
      }
      // Still connected, and nothing changed.
      const me = await ca.request(MsgType.SEARCH_USER, { query: a.uid });
      const card = (me.body['users'] as UserCard[])[0];
      assert.deepEqual(card, {
        uid: a.uid,
        username: a.username,
        nick: 'carol',
        avatar: '',
        bio: '',
      });
      // At the limits is fine.
      const max = {
        nick: 'n'.repeat(Limits.NICK_MAX),
        bio: 'b'.repeat(Limits.BIO_MAX),
        avatar: 'a'.repeat(Limits.AVATAR_MAX),
      };
      const ok = await ca.request(MsgType.PROFILE_UPDATE, max);
      assert.equal(ok.body['error'], 0, JSON.stringify(ok.body));
      assert.deepEqual(ok.body['user'], { uid: a.uid, username: a.username, ...max });
    });

    it('stores and returns markup in a nick verbatim (escaping is the client’s job)', async () => {
      const a = await person(sys, 'mallory');
      const b = await person(sys, 'victim');
      const ca = await on(sys, a, 0);
      const cb = await on(sys, b, 1);
      await befriend(ca, a, cb, b);
      const bio = '<script>alert(1)</script> & "quotes"';
      const r = await ca.request(MsgType.PROFILE_UPDATE, { nick: XSS, bio });
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.equal((r.body['user'] as UserCard).nick, XSS);
      const note = await cb.next(MsgType.PROFILE_NOTIFY);
      assert.equal((note.body['user'] as UserCard).nick, XSS);
      assert.equal((note.body['user'] as UserCard).bio, bio);
      const list = await cb.request(MsgType.FRIEND_LIST);
      const entry = (list.body['friends'] as UserCard[]).find((f) => f.uid === a.uid);
      assert.equal(entry?.nick, XSS);
      const row = await sys.db.prisma.user.findUnique({ where: { id: Number(a.uid) } });
      assert.equal(row?.nick, XSS);
      assert.equal(row?.bio, bio);
    });

    it('needs a login first (§4)', async () => {
      const c = await ChatClient.connect('127.0.0.1', sys.chats[0]!.port);
      const r = await c.request(MsgType.PROFILE_UPDATE, { nick: 'x' });
      assert.equal(r.body['error'], ErrorCode.NOT_LOGGED_IN);
      await c.closed; // a frame before LOGIN closes the connection
    });
  });
}
