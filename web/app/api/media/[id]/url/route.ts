// POST /api/media/<id>/url → GateServer POST /media/<id>/url (README, contract additions): signed,
// short-lived URLs for one media, after the gate's own access check. The browser uses them where a
// bearer header cannot go, such as a download link that the browser streams straight to disk.
import { ErrorCode } from '@/lib/errors';
import { jsonError, mediaHeaders, streamFromGate } from '@/lib/gate';

export const dynamic = 'force-dynamic';

const FORWARD = ['authorization'] as const;
/** Media ids are URL-safe tokens (the gate's are 22 base64url characters). */
const MEDIA_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function POST(
  req: Request,
  ctx: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await ctx.params;
  if (!MEDIA_ID.test(id)) return jsonError(404, ErrorCode.NOT_FOUND, 'no such media');
  return streamFromGate(`/media/${id}/url`, {
    method: 'POST',
    headers: mediaHeaders(req, FORWARD),
    signal: req.signal,
  });
}
