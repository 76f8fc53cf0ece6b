// CONV_MUTE (Parley addition, issue 12; 2030/2031) over real TCP: a member mutes a conversation
// for themself; CONVERSATIONS says so on every ChatServer and after a new login; the other
// member sees nothing of it; unmuting clears it; bad input gets its coded error.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, MsgType, validateBody } from '@parley/proto';
import type { ChatClient } from '@parley/chat';
import type { Mode, TestSystem } from './system';
import { befriend, friendsAcross, goOffline, person, withSystem } from './people';

export function muteSuite(mode: Mode): void {
  describe(`conversation mute (${mode} mode)`, () => {
    let sys: TestSystem;
    const { on } = withSystem({ mode, chatServers: 2 }, (s) => (sys = s));

    const mute = (c: ChatClient, conversationId: unknown, muted: unknown) =>
      c.request(MsgType.CONV_MUTE, { conversationId, muted });

    /** This user's CONVERSATIONS entry for `conversationId`, checked against the schema. */
    async function entry(c: ChatClient, conversationId: string) {
      const r = await c.request(MsgType.CONVERSATIONS);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.CONVERSATIONS_RSP, r.body).ok, 'CONVERSATIONS_RSP fits');
      const list = r.body['conversations'] as { conversationId: string; muted?: boolean }[];
      const e = list.find((x) => x.conversationId === conversationId);
      assert.ok(e, `${conversationId} is listed`);
      return e;
    }

    it('mutes for the member only, on every ChatServer and after logging in again; unmutes', async () => {
      const { a, ca, cb, conv } = await friendsAcross(sys, on);
      assert.equal((await entry(ca, conv)).muted, undefined);
      const r = await mute(ca, conv, true);
      assert.equal(r.body['error'], 0, JSON.stringify(r.body));
      assert.ok(validateBody(MsgType.CONV_MUTE_RSP, r.body).ok, 'CONV_MUTE_RSP fits');
      assert.deepEqual(
        { conversationId: r.body['conversationId'], muted: r.body['muted'] },
        { conversationId: conv, muted: true },
      );
      assert.equal((await entry(ca, conv)).muted, true);
      // The other member's view is unchanged.
      assert.equal((await entry(cb, conv)).muted, undefined);
      // Stored, not kept on the connection: a new login on the other ChatServer reads it.
      await goOffline(sys, ca, a);
      const again = await on(sys, a, 1);
      assert.equal((await entry(again, conv)).muted, true);
      // A repeat is harmless; unmuting clears it.
      assert.equal((await mute(again, conv, true)).body['error'], 0);
      assert.equal((await mute(again, conv, false)).body['error'], 0);
      assert.equal((await entry(again, conv)).muted, undefined);
    });

    it('answers a non-member, an unknown conversation and bad bodies with coded errors', async () => {
      const { ca, conv } = await friendsAcross(sys, on);
      const s1 = await person(sys, 's');
      const s2 = await person(sys, 's');
      const c1 = await on(sys, s1, 0);
      const c2 = await on(sys, s2, 1);
      const theirs = await befriend(c1, s1, c2, s2);
      const cases: [unknown, unknown, number][] = [
        [theirs, true, ErrorCode.FORBIDDEN],
        ['d_nobody_here', true, ErrorCode.NOT_FOUND],
        [conv, 'yes', ErrorCode.BAD_REQUEST],
        [conv, undefined, ErrorCode.BAD_REQUEST],
        ['', true, ErrorCode.BAD_REQUEST],
        [42, false, ErrorCode.BAD_REQUEST],
      ];
      for (const [conversationId, muted, code] of cases) {
        const r = await mute(ca, conversationId, muted);
        assert.equal(
          r.body['error'],
          code,
          `${String(conversationId)}/${String(muted)}: ${JSON.stringify(r.body)}`,
        );
      }
      // Nothing was changed by the refusals, and the connection still works.
      assert.equal((await entry(c1, theirs)).muted, undefined);
      assert.equal((await entry(ca, conv)).muted, undefined);
    });
  });
}
