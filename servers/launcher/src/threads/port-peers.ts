// The ChatServer ↔ ChatServer link between threads of one process (issue 9 item 1): one
// MessageChannel per pair of ChatServer threads, so a forwarded batch goes straight from one
// thread to the other without touching the main thread. Same contract as the in-process hub
// (peers/memory.ts): batched per tick, and a peer that is gone loses what is sent to it (it is
// stored, and reaches the recipient at its next login, PROTOCOL.md §5).
import type { MessagePort } from 'node:worker_threads';
import type { Envelope, PeerHandler, PeerTransport } from '@parley/chat';

/** One batch on the wire. `delivered` is local bookkeeping and never crosses. */
interface PeerBatch {
  peerBatch: Omit<Envelope, 'delivered'>[];
}

function isBatch(v: unknown): v is PeerBatch {
  return typeof v === 'object' && v !== null && 'peerBatch' in v;
}

export interface PortPeers extends PeerTransport {
  /** A new ChatServer thread `name` is reachable over `port` (or an old one again). */
  add(name: string, port: MessagePort): void;
}

export function portPeerTransport(initial: Record<string, MessagePort>): PortPeers {
  const ports = new Map<string, MessagePort>();
  const outbox = new Map<string, Envelope[]>();
  let me = '';
  let onBatch: PeerHandler | null = null;
  let scheduled = false;
  let closed = false;

  const flush = () => {
    scheduled = false;
    for (const [to, envs] of outbox) {
      const port = ports.get(to);
      if (!port) continue; // that server is gone: what it would have got is stored (§5)
      const peerBatch = envs.map(({ delivered: _, ...wire }) => wire);
      port.postMessage({ peerBatch } satisfies PeerBatch);
    }
    outbox.clear();
  };

  const add = (name: string, port: MessagePort) => {
    ports.get(name)?.close();
    ports.set(name, port);
    port.on('message', (m: unknown) => {
      if (isBatch(m) && onBatch) onBatch(name, m.peerBatch);
    });
    port.on('close', () => {
      if (ports.get(name) === port) ports.delete(name);
    });
    // The TCP listener keeps the thread alive; a peer link alone must not.
    port.unref();
  };
  for (const [name, port] of Object.entries(initial)) add(name, port);

  return {
    add,
    start(name, handler) {
      me = name;
      onBatch = handler;
      return Promise.resolve('');
    },
    send(peer, envelopes) {
      if (closed || peer.name === me) return;
      const q = outbox.get(peer.name);
      if (q) q.push(...envelopes);
      else outbox.set(peer.name, [...envelopes]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    close() {
      closed = true;
      flush();
      for (const port of ports.values()) port.close();
      ports.clear();
      onBatch = null;
      return Promise.resolve();
    },
    streams: () => ports.size,
  };
}
