// The chaos checker's audit must not pass silently: a clean record audits to all zeros, and a
// record doctored with each kind of fault — a lost, duplicated or reordered message, a hole in
// the seqs, a receiver that missed a push or got one twice — is counted where it belongs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { audit, auditTable, clean, type RunRecord } from '../chaos/audit';

/** a and b in one direct conversation; a sends 1..4, b sends 5; b is pushed 1..4, a is pushed 5. */
function record(): RunRecord {
  const conv = 'd_1_2';
  const history = [1, 2, 3, 4, 5].map((seq) => ({
    seq,
    from: seq === 5 ? 'b' : 'a',
    clientMsgId: seq === 5 ? 'b-1' : `a-${seq}`,
  }));
  return {
    conversations: [{ conversationId: conv, members: ['a', 'b'] }],
    acked: history.map((m) => ({
      conversationId: conv,
      from: m.from,
      clientMsgId: m.clientMsgId,
      n: m.from === 'a' ? m.seq : 1,
      seq: m.seq,
    })),
    history: { [conv]: history },
    pushes: [
      ...[1, 2, 3, 4].map((seq) => ({ uid: 'b', conversationId: conv, seq, conn: 1 })),
      { uid: 'a', conversationId: conv, seq: 5, conn: 1 },
    ],
  };
}

describe('chaos audit', () => {
  it('counts nothing in a clean record, and a repeat on a new connection is no duplicate', () => {
    const r = record();
    r.pushes.push({ uid: 'b', conversationId: 'd_1_2', seq: 4, conn: 2 }); // re-login backlog
    const a = audit(r);
    assert.ok(clean(a), JSON.stringify(a));
    assert.equal(a.stored, 5);
    assert.equal(a.acked, 5);
    assert.match(auditTable(a), /\| lost +\| +0 \| +0 \|/);
  });

  it('catches an acknowledged send that is not stored (lost) and the hole it leaves', () => {
    const r = record();
    r.history['d_1_2'] = r.history['d_1_2']!.filter((m) => m.seq !== 3);
    const a = audit(r);
    assert.equal(a.history.lost, 1);
    assert.equal(a.history.gaps, 1);
    assert.ok(!clean(a));
  });

  it('catches an acknowledged send stored at another seq than its acknowledgement said', () => {
    const r = record();
    r.acked[1]!.seq = 9;
    assert.equal(audit(r).history.lost, 1);
  });

  it('catches a message stored twice', () => {
    const r = record();
    r.history['d_1_2']!.push({ seq: 6, from: 'a', clientMsgId: 'a-2' });
    const a = audit(r);
    assert.equal(a.history.duplicated, 1);
    assert.equal(a.live.lost, 1, 'b never got seq 6 either');
  });

  it("catches a sender's messages stored out of its sending order", () => {
    const r = record();
    r.acked[1]!.n = 3;
    r.acked[2]!.n = 2;
    assert.equal(audit(r).history.reordered, 1);
  });

  it('catches a push repeated on one connection', () => {
    const r = record();
    r.pushes.splice(2, 0, { uid: 'b', conversationId: 'd_1_2', seq: 2, conn: 1 });
    assert.equal(audit(r).live.duplicated, 1);
  });

  it('catches pushes out of order and the gap that opened before them', () => {
    const r = record();
    const [p1, p2, p3, p4] = r.pushes;
    r.pushes = [p1!, p3!, p2!, p4!, r.pushes[4]!];
    const a = audit(r);
    assert.equal(a.live.gaps, 1, 'seq 2 skipped');
    assert.equal(a.live.reordered, 1, 'seq 2 after 3');
    assert.equal(a.live.lost, 0);
  });

  it('catches a receiver that never got a stored message', () => {
    const r = record();
    r.pushes = r.pushes.filter((p) => !(p.uid === 'b' && p.seq === 4));
    const a = audit(r);
    assert.equal(a.live.lost, 1);
    assert.ok(a.findings.some((f) => f.includes('never got seq 4')));
  });
});
