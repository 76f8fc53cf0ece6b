// The ChatServer ↔ ChatServer link between threads of one process (issue 9 item 1): MessagePort
// (servers/launcher/src/threads/port-peers.ts) against the gRPC peer transport cluster mode uses
// (servers/chat/src/peers/grpc.ts) on 127.0.0.1. Both ends in one thread, so the figures are the
// sum of both sides' work: what the choice costs, not what two threads would overlap.
//   npx tsx bench/peer-link.ts [batches] [envelopes per batch]
import { MessageChannel } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '@parley/core';
import { grpcPeerTransport, type Envelope, type PeerTransport } from '@parley/chat';
import { portPeerTransport } from '../servers/launcher/src/threads/port-peers';

const BATCHES = Number(process.argv[2] ?? 2_000);
const PER_BATCH = Number(process.argv[3] ?? 20);
/** A MSG_NOTIFY body of a 100-character text, as the bench sends. */
const BODY = JSON.stringify({
  message: {
    conversationId: 'd_1000_1001',
    seq: 1,
    from: '1000',
    kind: 'text',
    text: 'x'.repeat(100),
    clientMsgId: 'c-0123456789',
    sentAt: Date.now(),
  },
});

function batch(seq: number): Envelope[] {
  return Array.from({ length: PER_BATCH }, (_, i) => ({
    toUids: ['1001'],
    type: 2003,
    body: BODY,
    conversationId: 'd_1000_1001',
    seq: seq * PER_BATCH + i,
  }));
}

async function measure(name: string, a: PeerTransport, b: PeerTransport, addrB: () => string) {
  let waiting: (() => void) | null = null;
  let received = 0;
  await b.start('b', (_from, envs) => {
    received += envs.length;
    waiting?.();
  });
  await a.start('a', () => undefined);
  const peer = { name: 'b', peer: addrB() };
  // One batch at a time: the latency of a hop.
  const rtt: number[] = [];
  for (let i = 0; i < 200 + BATCHES / 4; i++) {
    const t = performance.now();
    await new Promise<void>((r) => {
      waiting = r;
      a.send(peer, batch(i));
    });
    if (i >= 200) rtt.push(performance.now() - t); // after a warm-up
  }
  waiting = null;
  rtt.sort((x, y) => x - y);
  // Back to back without waiting for each: what a busy second costs in CPU.
  received = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const all = new Promise<void>((r) => {
    waiting = () => received >= BATCHES * PER_BATCH && r();
  });
  // One batch per tick, as a busy ChatServer flushes (sends within one tick merge into one).
  for (let i = 0; i < BATCHES; i++) {
    a.send(peer, batch(i));
    await new Promise((r) => setImmediate(r));
  }
  await all;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const envs = BATCHES * PER_BATCH;
  console.log(
    `${name.padEnd(12)} one batch of ${PER_BATCH}: p50 ${rtt[rtt.length >> 1]!.toFixed(3)} ms, p99 ${rtt[Math.floor(rtt.length * 0.99)]!.toFixed(3)} ms | ` +
      `${envs} envelopes back to back: ${Math.round(envs / (ms / 1000))}/s, ${(((cpu.user + cpu.system) / envs) * 1).toFixed(2)} CPU-µs each`,
  );
  await a.close();
  await b.close();
}

// The transports' ports do not keep a process alive by themselves (a ChatServer's listener does).
const alive = setInterval(() => undefined, 1_000);
const { port1, port2 } = new MessageChannel();
await measure(
  'MessagePort',
  portPeerTransport({ b: port1 }),
  portPeerTransport({ a: port2 }),
  () => '',
);
const ga = grpcPeerTransport({ host: '127.0.0.1', port: 0, logger: silentLogger });
const gb = grpcPeerTransport({ host: '127.0.0.1', port: 0, logger: silentLogger });
let addr = '';
const startB = gb.start.bind(gb);
gb.start = async (n, h) => (addr = await startB(n, h));
await measure('gRPC', ga, gb, () => addr);
clearInterval(alive);
