// Outbound delivery: pushes to users wherever they are connected — every device of every
// recipient (PROTOCOL.md §9.2). Devices connected here get the frame directly; the rest are
// looked up in the route table (one getMany per tick) and their envelopes go to each server that
// holds one of the recipient's devices, as one batch per peer (issue 3 §5).
import type { BodyInput, PushType } from '@parley/proto';
import type { Logger, RouteStore } from '@parley/core';
import type { Connection } from '../connection';
import type { Envelope, PeerTransport } from '../peers/types';
import type { OnlineUsers } from './online';

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
    private readonly online: OnlineUsers,
    private readonly pendingLogins: Map<string, Connection>,
    private readonly routes: RouteStore,
    private readonly peers: PeerTransport,
    private readonly directory: PeerDirectory,
    private readonly log: Logger,
  ) {}

  /** Push a frame body to every device of these users, wherever they are; `exceptSession` (the
   *  device whose request caused the push) gets none. The body is typed by the push's schema in
   *  proto, so a push outside the contract does not compile. */
  push<T extends PushType>(
    toUids: string[],
    type: T,
    body: BodyInput<T>,
    exceptSession?: string,
  ): void {
    if (toUids.length)
      this.enqueue({
        toUids,
        type,
        body: JSON.stringify(body),
        ...(exceptSession ? { exceptSession } : {}),
      });
  }

  enqueue(env: Envelope): void {
    // Devices connected here get it now; every recipient's other devices may be anywhere, so all
    // of them go to this tick's route lookup (§9.2).
    let delivered: Set<string> | undefined;
    for (const uid of env.toUids) {
      for (const conn of this.online.devices(uid)) {
        this.local(conn, env);
        (delivered ??= new Set()).add(conn.session!.sessionId);
      }
    }
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

  /** Send a control envelope (KICKED, its body the push) for one session of uid to the server
   *  holding it. */
  control(server: string, uid: string, sessionId: string, type: number, body: unknown): void {
    const bytes = new TextEncoder().encode(JSON.stringify(body));
    void this.directory.lookup(server).then((peer) => {
      if (peer) this.peers.send(peer, [{ toUids: [uid], type, body: bytes, sessionId }]);
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
      for (const uid of e.toUids) for (const conn of this.online.devices(uid)) this.local(conn, e);
    }
  }

  private local(conn: Connection, e: Envelope): void {
    const session = conn.session?.sessionId;
    if (e.sessionId !== undefined) {
      // Control envelope: act only on the session it names (a newer one must not be hit).
      if (session === e.sessionId) conn.remoteControl(e);
      return;
    }
    if (session !== undefined && session === e.exceptSession) return;
    if (e.conversationId !== undefined && e.seq !== undefined)
      conn.inbox?.offer(e.conversationId, e.seq, e.body);
    else conn.sendBody(e.type, e.body);
  }

  private async flush(batch: Envelope[]): Promise<void> {
    try {
      const all = new Set<string>();
      for (const e of batch) for (const uid of e.toUids) all.add(uid);
      const uids = [...all];
      // uid → the other ChatServers holding one of its devices.
      const where = new Map<string, Set<string>>();
      if (uids.length) {
        const routes = await this.routes.getMany(uids);
        routes.forEach((devices, i) => {
          for (const r of devices) {
            if (r.server === this.me) continue;
            const uid = uids[i]!;
            let servers = where.get(uid);
            if (!servers) where.set(uid, (servers = new Set()));
            servers.add(r.server);
          }
        });
      }
      const perPeer = new Map<string, Envelope[]>();
      for (const e of batch) {
        const byServer = new Map<string, string[]>();
        for (const uid of e.toUids) {
          // Devices that connected here since the envelope was queued (it skipped them then).
          for (const conn of this.online.devices(uid))
            if (!e.delivered?.has(conn.session!.sessionId)) this.local(conn, e);
          for (const server of where.get(uid) ?? []) {
            const list = byServer.get(server);
            if (list) list.push(uid);
            else byServer.set(server, [uid]);
          }
        }
        const { delivered: _local, ...wire } = e;
        for (const [server, toUids] of byServer) {
          const list = perPeer.get(server) ?? [];
          list.push({ ...wire, toUids });
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
