// POST /api/auth/<action> → GateServer POST /auth/<action> (PROTOCOL.md §7), body and status as is.
import { BODY_LIMIT, clientIp, forwardToGate, jsonError, readBounded } from '@/lib/gate';
import { ErrorCode } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const ACTIONS: ReadonlySet<string> = new Set([
  'code',
  'register',
  'login',
  'reset',
  'logout',
  'assign',
]);

export async function POST(
  req: Request,
  ctx: { params: Promise<{ action: string }> },
): Promise<Response> {
  const { action } = await ctx.params;
  if (!ACTIONS.has(action)) return jsonError(404, ErrorCode.NOT_FOUND, 'no such auth action');

  const body = await readBounded(req, BODY_LIMIT);
  if (body === null) {
    return jsonError(413, ErrorCode.BAD_REQUEST, `body over ${String(BODY_LIMIT)} bytes`);
  }

  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = req.headers.get('authorization');
  if (auth) headers['Authorization'] = auth;
  const ip = clientIp(req);
  if (ip) headers['X-Forwarded-For'] = ip;

  return forwardToGate(`/auth/${action}`, { method: 'POST', headers, body });
}
