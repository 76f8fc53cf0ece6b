import { createServer, type AddressInfo, type Server } from 'node:net';

function bind(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(null));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

/**
 * Blocks of consecutive ports that were free a moment ago, for child processes whose ports must
 * be chosen before they start (a ChatServer i listens on CHAT_PORT_BASE + i). All are held until
 * every block is chosen, so no two blocks overlap; another process may still take one after they
 * are released, so callers retry on EADDRINUSE.
 */
export async function freePortBlocks(sizes: number[]): Promise<number[]> {
  const held: Server[] = [];
  const firsts: number[] = [];
  try {
    for (const n of sizes) {
      for (let attempt = 0; ; attempt++) {
        if (attempt > 50) throw new Error(`no block of ${n} free ports`);
        const first = await bind(0);
        if (!first) continue;
        const base = (first.address() as AddressInfo).port;
        const block = [first];
        for (let i = 1; i < n; i++) {
          const s = base + i <= 65_535 ? await bind(base + i) : null;
          if (!s) break;
          block.push(s);
        }
        if (block.length === n) {
          held.push(...block);
          firsts.push(base);
          break;
        }
        await Promise.all(block.map((s) => new Promise((r) => s.close(r))));
      }
    }
    return firsts;
  } finally {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  }
}
