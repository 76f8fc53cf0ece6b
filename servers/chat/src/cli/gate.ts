// `POST /auth/login` on GateServer (PROTOCOL.md §7): account + password → uid, token and the
// ChatServer this client is assigned to. Failures keep the gate's own code and text.
import { ErrorCode, isErrorCode, type ErrorCodeValue } from '@parley/proto';

export interface GateLogin {
  uid: string;
  token: string;
  expiresAt: number;
  /** The ChatServer to LOGIN on; its LOGIN response carries the user's card. */
  chat: { server: string; host: string; port: number };
}

/** A failed login, with the §6 code the gate answered (or UNAVAILABLE if it could not be asked). */
export class GateError extends Error {
  override readonly name = 'GateError';
  constructor(
    readonly code: ErrorCodeValue,
    message: string,
  ) {
    super(message);
  }
}

/** Bounds the whole exchange, so a gate that accepts and never answers cannot hang the CLI. */
const GATE_TIMEOUT_MS = 10_000;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export async function gateLogin(
  gate: string,
  account: string,
  password: string,
): Promise<GateLogin> {
  let res: Response;
  try {
    res = await fetch(`${gate}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account, password }),
      signal: AbortSignal.timeout(GATE_TIMEOUT_MS),
    });
  } catch (err) {
    const why =
      err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new GateError(ErrorCode.UNAVAILABLE, `cannot reach GateServer at ${gate}: ${why}`);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new GateError(ErrorCode.INTERNAL, `GateServer answered HTTP ${res.status} without JSON`);
  }
  if (!isRecord(body)) throw new GateError(ErrorCode.INTERNAL, 'GateServer sent a non-object');
  if (body['error'] !== ErrorCode.OK) {
    const code = isErrorCode(body['error']) ? body['error'] : ErrorCode.INTERNAL;
    const text = typeof body['message'] === 'string' ? body['message'] : `HTTP ${res.status}`;
    throw new GateError(code === ErrorCode.OK ? ErrorCode.INTERNAL : code, text);
  }
  return parseLogin(body);
}

/** `POST /auth/assign` (README "Contract additions"): a live, non-draining ChatServer for this
 *  token, after the one the client was on went away or asked it to move (PROTOCOL.md §9.5). */
export async function gateAssign(gate: string, token: string): Promise<GateLogin['chat']> {
  let res: Response;
  try {
    res = await fetch(`${gate}/auth/assign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
      signal: AbortSignal.timeout(GATE_TIMEOUT_MS),
    });
  } catch (err) {
    throw new GateError(
      ErrorCode.UNAVAILABLE,
      `cannot reach GateServer at ${gate}: ${String(err)}`,
    );
  }
  const body: unknown = await res.json().catch(() => null);
  if (!isRecord(body)) throw new GateError(ErrorCode.INTERNAL, `GateServer answered ${res.status}`);
  if (body['error'] !== ErrorCode.OK) {
    const code = isErrorCode(body['error']) ? body['error'] : ErrorCode.INTERNAL;
    const text = typeof body['message'] === 'string' ? body['message'] : `HTTP ${res.status}`;
    throw new GateError(code === ErrorCode.OK ? ErrorCode.INTERNAL : code, text);
  }
  const chat = body['chat'];
  if (
    !isRecord(chat) ||
    typeof chat['server'] !== 'string' ||
    typeof chat['host'] !== 'string' ||
    typeof chat['port'] !== 'number'
  )
    throw new GateError(ErrorCode.INTERNAL, 'GateServer assign response lacks chat');
  return { server: chat['server'], host: chat['host'], port: chat['port'] };
}

function parseLogin(body: Record<string, unknown>): GateLogin {
  const { uid, token, expiresAt, chat } = body;
  if (
    typeof uid !== 'string' ||
    typeof token !== 'string' ||
    !isRecord(chat) ||
    typeof chat['server'] !== 'string' ||
    typeof chat['host'] !== 'string' ||
    typeof chat['port'] !== 'number'
  )
    throw new GateError(ErrorCode.INTERNAL, 'GateServer login response lacks uid, token or chat');
  return {
    uid,
    token,
    expiresAt: typeof expiresAt === 'number' ? expiresAt : 0,
    chat: { server: chat['server'], host: chat['host'], port: chat['port'] },
  };
}
