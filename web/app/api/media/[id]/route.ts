// GET /api/media/<id> → GateServer GET /media/<id> (PROTOCOL.md §7), the query passed through
// (`?thumb=1`, a signed URL's parameters). The answer is streamed back with its status, type,
// Content-Disposition and nosniff; access is the gate's decision (uploader and members only).
import { ErrorCode } from '@/lib/errors';
import { isMediaId, jsonError, mediaHeaders, streamFromGate } from '@/lib/gate';

export const dynamic = 'force-dynamic';

const FORWARD = ['authorization', 'if-none-match'] as const;

export async function GET(
  req: Request,
  ctx: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await ctx.params;
  if (!isMediaId(id)) return jsonError(404, ErrorCode.NOT_FOUND, 'no such media');
  const { search } = new URL(req.url);
  return streamFromGate(`/media/${id}${search}`, {
    method: 'GET',
    headers: mediaHeaders(req, FORWARD),
    signal: req.signal,
  });
}
