// Store outages as a connection sees them (issue 11 item 6): a HEARTBEAT is answered while the
// requests queued before it on the same connection wait on MariaDB (here: a row lock held by
// another transaction), so a client never takes a slow database for a dead server.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsgType } from '@parley/proto';
import { befriend, person, withSystem } from './helpers/people';
import type { TestSystem } from './helpers/system';

describe('store outages (cluster)', () => {
  let sys: TestSystem;
  const { on } = withSystem({ mode: 'cluster', chatServers: 1 }, (s) => (sys = s));

  it('answers HEARTBEAT while an ACK of the same connection waits on a locked row', async () => {
    const a = await person(sys, 'a');
    const b = await person(sys, 'b');
    const ca = await on(sys, a, 0);
    const cb = await on(sys, b, 0);
    const conv = await befriend(ca, a, cb, b);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = sys.db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRawUnsafe(
          'SELECT ackSeq FROM members WHERE conversationId = ? AND userId = ? FOR UPDATE',
          conv,
          Number(b.uid),
        );
        locked();
        await released;
      },
      { timeout: 30_000, maxWait: 5_000 },
    );
    await isLocked;
    let ackAnswered = false;
    const ack = cb.request(MsgType.ACK, { conversationId: conv, seq: 0 }, 20_000).then((r) => {
      ackAnswered = true;
      return r;
    });
    const hb = await cb.request(MsgType.HEARTBEAT, {}, 5_000);
    assert.equal(hb.body['error'], 0);
    assert.equal(ackAnswered, false, 'the ACK was still waiting on the lock');
    release();
    await holder;
    assert.equal((await ack).body['error'], 0);
  });
});
