// A TCP proxy the chaos checker puts in front of a service it must not disturb for others (the
// machine's shared MariaDB) or on a link it slows (the ChatServers' peer link; this kernel has no
// netem). `cut(ms)` drops every connection and refuses new ones for that long — to the services
// behind it, the database is gone. `delay` holds each chunk for a random time, in order per
// direction, as a slow network would.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';

export interface Delay {
  /** Mean one-way delay, ms. */
  meanMs: number;
  /** Uniform jitter either side of the mean, ms. */
  jitterMs: number;
}

export interface Proxy {
  port: number;
  /** Connections accepted so far. */
  readonly accepted: number;
  cut(ms: number): Promise<void>;
  setDelay(d: Delay | null): void;
  close(): Promise<void>;
}

/** Chunks of one direction leave in arrival order, each no sooner than its own delay. */
function delayedPipe(from: Socket, to: Socket, delay: () => Delay | null): void {
  let lastRelease = 0;
  from.on('data', (chunk: Buffer) => {
    const d = delay();
    if (!d) {
      to.write(chunk);
      return;
    }
    const wait = d.meanMs + (Math.random() * 2 - 1) * d.jitterMs;
    const at = Math.max(Date.now() + wait, lastRelease);
    lastRelease = at;
    setTimeout(() => to.destroyed || to.write(chunk), at - Date.now());
  });
  from.on('end', () => {
    const d = delay();
    setTimeout(() => to.end(), d ? Math.max(0, lastRelease - Date.now()) : 0);
  });
}

export function startProxy(opts: {
  /** Where to listen (an address on the test bridge in namespace mode). */
  host: string;
  port?: number;
  target: { host: string; port: number };
}): Promise<Proxy> {
  const open = new Set<Socket>();
  let cutUntil = 0;
  let delay: Delay | null = null;
  let accepted = 0;
  const server = createServer((client) => {
    if (Date.now() < cutUntil) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(opts.target.port, opts.target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    open.add(client);
    open.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', done).on('close', done);
    upstream.on('error', done).on('close', done);
    delayedPipe(client, upstream, () => delay);
    delayedPipe(upstream, client, () => delay);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        get accepted() {
          return accepted;
        },
        async cut(ms) {
          cutUntil = Date.now() + ms;
          for (const s of open) s.destroy();
          open.clear();
          await new Promise((r) => setTimeout(r, ms));
        },
        setDelay(d) {
          delay = d;
        },
        close: () =>
          new Promise<void>((res) => {
            for (const s of open) s.destroy();
            server.close(() => res());
          }),
      });
    });
  });
}
