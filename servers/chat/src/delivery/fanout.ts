// Outbound delivery: pushes to users wherever they are connected. Local users get the frame
// directly; users on other ChatServers are looked up in the route table (one getMany per tick)
// and their envelopes go to that server as one batch per peer (issue 3 §5).
import type { Logger, RouteStore } from '@parley/core';
import type { Connection } from '../connection';
import type { Envelope, PeerTransport } from '../peers/types';

export interface PeerDirectory {
  /** The peer address of a live ChatServer, from the registry (cached). */
  lookup(name: string): Promise<{ name: string; peer?: string | undefined } | null>;
}

export class Fanout {
  private queue: Envelope[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly me: string,
    private readonly online: Map<string, Connection>,
    private readonly pendingLogins: Map<string, Connection>,
    private readonly routes: RouteStore,
    private readonly peers: PeerTransport,
    private readonly directory: PeerDirectory,
    private readonly log: Logger,
  ) {}

  /** Push a frame body to users, wherever they are. */
  push(toUids: string[], type: number, body: unknown): void {
    if (toUids.length) this.enqueue({ toUids, type, body: JSON.stringify(body) });
  }

  enqueue(env: Envelope): void {
    // Users connected here get it now; the rest wait for this tick's route lookup.
    let delivered: Set<string> | undefined;
    for (const uid of env.toUids) {
      const conn = this.online.get(uid);
      if (!conn) continue;
      this.local(conn, env);
      (delivered ??= new Set()).add(uid);
    }
    if (delivered?.size === env.toUids.length) return;
    this.queue.push(delivered ? { ...env, delivered } : env);
    if (!this.scheduled) {
      this.scheduled = true;
      // Flushes run one after another so a conversation's envelopes leave in commit order.
      setImmediate(() => {
        this.scheduled = false;
        const batch = this.queue;
        this.queue = [];
        this.running = this.running.then(() => this.flush(batch));
      });
    }
  }

  /** Resolves once every push queued so far has been handed to its peer (a stop waits for it). */
  async idle(): Promise<void> {
    while (this.scheduled) await new Promise((r) => setImmediate(r));
    await this.running;
  }

  /** Send a control envelope (KICKED) for one session of uid to the server holding it. */
  control(server: string, uid: string, sessionId: string, type: number): void {
    void this.directory.lookup(server).then((peer) => {
      if (peer)
        this.peers.send(peer, [{ toUids: [uid], type, body: new Uint8Array(0), sessionId }]);
    });
  }

  /** Send envelopes to every other ChatServer in `servers` (group cache invalidations, issue 5);
   *  an envelope with no recipients delivers nothing there. */
  broadcast(
    servers: readonly { name: string; peer?: string | undefined }[],
    envs: Envelope[],
  ): void {
    for (const s of servers) if (s.name !== this.me) this.peers.send(s, envs);
  }

  /** Deliver envelopes that arrived from a peer to the users connected here. */
  receive(envelopes: Envelope[]): void {
    for (const e of envelopes) {
      if (e.sessionId !== undefined) {
        const pending = this.pendingLogins.get(e.sessionId);
        if (pending) {
          pending.remoteControl(e);
          continue;
        }
      }
      for (const uid of e.toUids) {
        const conn = this.online.get(uid);
        if (conn) this.local(conn, e);
      }
    }
  }

  private local(conn: Connection, e: Envelope): void {
    if (e.sessionId !== undefined) {
      // Control envelope: act only on the session it names (a newer one must not be hit).
      if (conn.session?.sessionId === e.sessionId) conn.remoteControl(e);
      return;
    }
    if (e.conversationId !== undefined && e.seq !== undefined)
      conn.inbox?.offer(e.conversationId, e.seq, e.body);
    else conn.sendBody(e.type, e.body);
  }

  private async flush(batch: Envelope[]): Promise<void> {
    try {
      const remote = new Set<string>();
      for (const e of batch) for (const uid of e.toUids) if (!this.online.has(uid)) remote.add(uid);
      const uids = [...remote];
      const where = new Map<string, string>();
      if (uids.length) {
        const routes = await this.routes.getMany(uids);
        routes.forEach((r, i) => {
          if (r && r.server !== this.me) where.set(uids[i]!, r.server);
        });
      }
      const perPeer = new Map<string, Envelope[]>();
      for (const e of batch) {
        const byServer = new Map<string, string[]>();
        for (const uid of e.toUids) {
          const conn = this.online.get(uid);
          if (conn) {
            // Connected here since the envelope was queued (it skipped them then).
            if (!e.delivered?.has(uid)) this.local(conn, e);
            continue;
          }
          const server = where.get(uid);
          if (!server) continue; // offline: it is stored, and synced at the next login
          const list = byServer.get(server);
          if (list) list.push(uid);
          else byServer.set(server, [uid]);
        }
        for (const [server, toUids] of byServer) {
          const list = perPeer.get(server) ?? [];
          list.push({ ...e, toUids });
          perPeer.set(server, list);
        }
      }
      for (const [server, envs] of perPeer) {
        const peer = await this.directory.lookup(server);
        if (peer) this.peers.send(peer, envs);
      }
    } catch (err) {
      this.log.warn({ err }, 'fan-out failed; recipients catch up at their next login');
    }
  }
}
