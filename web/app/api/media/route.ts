// POST /api/media → GateServer POST /media (PROTOCOL.md §7): the body is streamed through as it
// arrives, never held whole; the gate checks the bearer token, sniffs the type from the bytes and
// enforces each kind's size limit (413 with {error, message}). Its status and body come back as
// they are.
import { mediaHeaders, relayBody, streamFromGate } from '@/lib/gate';

export const dynamic = 'force-dynamic';

/** Content-Length is forwarded so the gate can refuse an oversized upload before reading it. */
const FORWARD = ['authorization', 'content-type', 'content-length', 'x-file-name'] as const;

export async function POST(req: Request): Promise<Response> {
  const relay = req.body ? relayBody(req.body) : null;
  const res = await streamFromGate('/media', {
    method: 'POST',
    headers: mediaHeaders(req, FORWARD),
    body: relay?.stream ?? null,
    signal: req.signal,
    bufferErrors: true,
  });
  // Answered early (an error): what the browser still sends is read and dropped before the
  // answer goes out (gate.ts relayBody). After a success the body was read whole: a no-op.
  await relay?.abandon();
  return res;
}
