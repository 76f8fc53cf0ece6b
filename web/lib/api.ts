// Browser-side calls to the web app's own /api routes, which proxy to GateServer (PROTOCOL.md §7).
// Every call resolves (never throws) to either the success body or a Failure the UI can show.
import { ErrorCode, type Failure } from './errors';

export interface ChatAssignment {
  server: string;
  host: string;
  port: number;
}

export interface UserCard {
  uid: string;
  username: string;
  nick?: string;
  avatar?: string;
  bio?: string;
}

/** POST /auth/login → 200. Stored as is in localStorage (see lib/session.ts). */
export interface LoginResponse {
  error: 0;
  uid: string;
  token: string;
  expiresAt: number | string;
  chat: ChatAssignment;
  user?: UserCard;
}

export interface RegisterResponse {
  error: 0;
  uid: string;
  username: string;
}

export interface OkResponse {
  error: 0;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  at: number | string;
}

export interface MailboxResponse {
  error: 0;
  mails: Mail[];
}

export type ApiResult<T> = { ok: true; status: number; data: T } | ({ ok: false } & Failure);

export type CodePurpose = 'register' | 'reset';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function request<T>(path: string, init: RequestInit): Promise<ApiResult<T>> {
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
    return { ok: true, status: res.status, data: body as T };
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

function postAuth<T>(action: string, body: unknown, token?: string): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  return request<T>(`/api/auth/${action}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

export const api = {
  sendCode: (email: string, purpose: CodePurpose) =>
    postAuth<OkResponse>('code', { email, purpose }),
  register: (b: { email: string; code: string; username: string; password: string }) =>
    postAuth<RegisterResponse>('register', b),
  login: (account: string, password: string) =>
    postAuth<LoginResponse>('login', { account, password }),
  reset: (b: { email: string; code: string; password: string }) => postAuth<OkResponse>('reset', b),
  logout: (token: string) => postAuth<OkResponse>('logout', {}, token),
  /** A fresh ChatServer for this session (its assigned one went away). */
  assign: (token: string) => postAuth<{ error: 0; chat: ChatAssignment }>('assign', {}, token),
  mailbox: () => request<MailboxResponse>('/api/dev/mailbox', { method: 'GET' }),
};
