// GET /api/config → `{ bridgePort }`: what the browser needs to dial the WebSocket bridge
// (PROTOCOL.md §8). Rendered per request, so the port comes from the running server's
// environment, never from the build.
import { BRIDGE_PORT } from '@/lib/env';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json(
    { error: 0, bridgePort: BRIDGE_PORT },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
