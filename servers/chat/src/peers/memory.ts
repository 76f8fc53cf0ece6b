// In-process peer transport: ChatServers in one process (embedded mode, tests) hand batches to
// each other through a shared hub, asynchronously, like a network would.
import type { Envelope, PeerHandler, PeerTransport } from './types';

export class PeerHub {
  readonly servers = new Map<string, PeerHandler>();

  transport(): PeerTransport {
    const servers = this.servers;
    let me = '';
    const outbox = new Map<string, Envelope[]>();
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      for (const [to, envs] of outbox) servers.get(to)?.(me, envs);
      outbox.clear();
    };
    return {
      start(name, onBatch) {
        me = name;
        servers.set(name, onBatch);
        return Promise.resolve('');
      },
      send(peer, envelopes) {
        const q = outbox.get(peer.name);
        if (q) q.push(...envelopes);
        else outbox.set(peer.name, [...envelopes]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
      close() {
        servers.delete(me);
        return Promise.resolve();
      },
    };
  }
}
