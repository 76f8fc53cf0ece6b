// Where the browser finds the bridge: the same host name as the page, the port from
// GET /api/config (learnt at run time), path /ws?server=<ChatServer name> (PROTOCOL.md §8).

let cached: Promise<number> | null = null;

async function fetchBridgePort(): Promise<number> {
  const res = await fetch('/api/config', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /api/config answered ${String(res.status)}`);
  const body = (await res.json()) as { bridgePort?: unknown };
  const port = body.bridgePort;
  if (typeof port !== 'number' || !Number.isInteger(port)) throw new Error('no bridgePort');
  return port;
}

/** The bridge port, fetched once per page (a failed fetch is retried on the next call). */
export function bridgePort(): Promise<number> {
  cached ??= fetchBridgePort().catch((err: unknown) => {
    cached = null;
    throw err;
  });
  return cached;
}

export function bridgeUrl(
  loc: { protocol: string; hostname: string },
  port: number,
  server: string,
): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  // IPv6 literals come without brackets from URL.hostname in some browsers.
  const host =
    loc.hostname.includes(':') && !loc.hostname.startsWith('[')
      ? `[${loc.hostname}]`
      : loc.hostname;
  return `${scheme}://${host}:${String(port)}/ws?server=${encodeURIComponent(server)}`;
}
