// POST /api/media/<id>/url → GateServer POST /media/<id>/url (README, contract additions): signed,
// short-lived URLs for one media, after the gate's own access check. The browser uses them where a
// bearer header cannot go, such as a download link that the browser streams straight to disk.
import { ErrorCode } from '@/lib/errors';
import { isMediaId, jsonError, mediaHeaders, streamFromGate } from '@/lib/gate';

export const dynamic = 'force-dynamic';

const FORWARD = ['authorization'] as const;

export async function POST(
  req: Request,
  ctx: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await ctx.params;
  if (!isMediaId(id)) return jsonError(404, ErrorCode.NOT_FOUND, 'no such media');
  return streamFromGate(`/media/${id}/url`, {
    method: 'POST',
    headers: mediaHeaders(req, FORWARD),
    signal: req.signal,
  });
}
