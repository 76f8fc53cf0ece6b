// The faults the chaos checker injects (issue 11 items 3–5, 7), each a step that returns once the
// cluster has what it needs to recover (the replacement process is ready, the store is back).
import type { ChaosCluster } from './cluster';

export const FAULTS = ['kill', 'rolling', 'redis', 'db', 'partition', 'latency'] as const;
export type Fault = (typeof FAULTS)[number];
/** Faults that need each service on its own host (network namespaces, hosts.ts). */
export const HOST_FAULTS: readonly Fault[] = ['partition', 'latency'];

export const REDIS_DOWN_MS = 5_000;
export const DB_DOWN_MS = 10_000;
export const PARTITION_MS = 10_000;
export const LATENCY = { meanMs: 50, jitterMs: 20 };
export const LATENCY_FOR_MS = 15_000;

export type Log = (line: string) => void;

let kills = 0;

export async function inject(f: Fault, c: ChaosCluster, log: Log): Promise<void> {
  switch (f) {
    case 'kill': {
      const chat = c.chats[kills++ % c.chats.length]!;
      const pid = c.pid(chat);
      log(`kill -9 ${chat} (pid ${pid})`);
      c.signal(chat, 'SIGKILL');
      await c.waitReady(chat, pid);
      log(`${chat} is back (pid ${c.pid(chat)})`);
      return;
    }
    case 'rolling':
      for (const chat of c.chats) {
        const pid = c.pid(chat);
        log(`SIGTERM ${chat} (pid ${pid}): drain, exit, restarted by its supervisor`);
        c.signal(chat, 'SIGTERM');
        await c.waitReady(chat, pid);
        log(`${chat} is back (pid ${c.pid(chat)})`);
      }
      return;
    case 'redis':
      log(`Redis killed, started again empty after ${REDIS_DOWN_MS / 1000} s`);
      await c.redis.restartEmpty(REDIS_DOWN_MS);
      log('Redis is back (empty)');
      return;
    case 'db':
      log(`MariaDB cut for ${DB_DOWN_MS / 1000} s (every connection dropped, new ones refused)`);
      await c.db.cut(DB_DOWN_MS);
      log('MariaDB reachable again');
      return;
    case 'partition': {
      if (!c.partition) throw new Error('partition needs --hosts');
      const [a, b] = c.chats as [string, string];
      log(`partition ${a} | ${b} for ${PARTITION_MS / 1000} s (iptables DROP in ${a}'s namespace)`);
      await c.partition(a, b, PARTITION_MS);
      log('partition healed (checked: no connection during it, connections before and after)');
      return;
    }
    case 'latency':
      if (!c.latency) throw new Error('latency needs --hosts');
      log(
        `peer link delayed ${LATENCY.meanMs} ± ${LATENCY.jitterMs} ms for ${LATENCY_FOR_MS / 1000} s`,
      );
      c.latency(LATENCY);
      await new Promise((r) => setTimeout(r, LATENCY_FOR_MS));
      c.latency(null);
      log('peer link delay off');
      return;
  }
}
