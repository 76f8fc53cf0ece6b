// Browser-side calls to the web app's own /api routes, which proxy to GateServer (PROTOCOL.md §7).
// Every call resolves (never throws) to either the success body or a Failure the UI can show.
import {
  AuthAssignResponse,
  AuthLoginResponse,
  AuthRegisterResponse,
  OkResponse,
  type CodePurpose,
} from '@parley/proto';
import { z } from 'zod';
import { ErrorCode, type Failure } from './errors';

// The bodies are proto's (the HTTP half of the contract, shared with GateServer): one definition.
export type { ChatAssignment, CodePurpose, UserCard } from '@parley/proto';
export type LoginResponse = z.infer<typeof AuthLoginResponse>;

const MailboxResponse = z.object({
  error: z.literal(0),
  mails: z.array(
    z.object({
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      at: z.union([z.number(), z.string()]),
    }),
  ),
});
/** A mail in the development outbox (GateServer's `GET /dev/mailbox`, not part of §7). */
export type Mail = z.infer<typeof MailboxResponse>['mails'][number];

export type ApiResult<T> = { ok: true; status: number; data: T } | ({ ok: false } & Failure);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every success body is checked against its schema: a body that does not match is a failure the
 *  UI can show, never a half-read object. Unknown fields are tolerated (zod strips them). */
async function request<T>(
  path: string,
  init: RequestInit,
  schema: z.ZodType<T>,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, cache: 'no-store' });
  } catch {
    return {
      ok: false,
      status: 0,
      error: ErrorCode.UNAVAILABLE,
      message: 'The web server cannot be reached. Check your connection.',
    };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON (e.g. an HTML error page): fall through to a generic failure below.
  }
  if (res.ok && isRecord(body) && body['error'] === ErrorCode.OK) {
    const parsed = schema.safeParse(body);
    if (parsed.success) return { ok: true, status: res.status, data: parsed.data };
    return {
      ok: false,
      status: res.status,
      error: ErrorCode.INTERNAL,
      message: 'The server sent an answer this page does not understand. Reload the page.',
    };
  }
  const rec = isRecord(body) ? body : {};
  const error =
    typeof rec['error'] === 'number'
      ? rec['error']
      : res.status >= 500
        ? ErrorCode.INTERNAL
        : ErrorCode.BAD_REQUEST;
  const message =
    typeof rec['message'] === 'string' ? rec['message'] : `HTTP ${String(res.status)}`;
  const retry = rec['retryAfterMs'];
  return {
    ok: false,
    status: res.status,
    error,
    message,
    ...(typeof retry === 'number' ? { retryAfterMs: retry } : {}),
  };
}

function postAuth<T>(
  action: string,
  body: unknown,
  schema: z.ZodType<T>,
  token?: string,
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  return request(
    `/api/auth/${action}`,
    { method: 'POST', headers, body: JSON.stringify(body) },
    schema,
  );
}

export const api = {
  sendCode: (email: string, purpose: CodePurpose) =>
    postAuth('code', { email, purpose }, OkResponse),
  register: (b: { email: string; code: string; username: string; password: string }) =>
    postAuth('register', b, AuthRegisterResponse),
  login: (account: string, password: string) =>
    postAuth('login', { account, password }, AuthLoginResponse),
  reset: (b: { email: string; code: string; password: string }) => postAuth('reset', b, OkResponse),
  logout: (token: string) => postAuth('logout', {}, OkResponse, token),
  /** A fresh ChatServer for this session (its assigned one went away). */
  assign: (token: string) => postAuth('assign', {}, AuthAssignResponse, token),
  mailbox: () => request('/api/dev/mailbox', { method: 'GET' }, MailboxResponse),
};
