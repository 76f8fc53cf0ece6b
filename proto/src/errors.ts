/**
 * The one error registry of the wire contract (PROTOCOL.md §6). TCP responses carry these numbers
 * in their `error` field and GateServer's HTTP bodies reuse them, so every package maps its
 * failures onto this table instead of inventing codes.
 */

export const ErrorCode = {
  OK: 0,
  BAD_REQUEST: 1001,
  INTERNAL: 1002,
  CODE_EXPIRED: 1003,
  CODE_INVALID: 1004,
  USER_EXISTS: 1005,
  NOT_FOUND: 1007,
  BAD_CREDENTIALS: 1009,
  TOKEN_INVALID: 1010,
  NOT_LOGGED_IN: 1011,
  FORBIDDEN: 1012,
  RATE_LIMITED: 1013,
  FRAME_TOO_LARGE: 1014,
  UNKNOWN_TYPE: 1015,
  CONFLICT: 1016,
  UNAVAILABLE: 1017,
} as const;

export type ErrorCodeKey = keyof typeof ErrorCode;
export type ErrorCodeValue = (typeof ErrorCode)[ErrorCodeKey];
/** Every code except `OK`: what a failed response or an `ERROR` push may carry. */
export type FailureCode = Exclude<ErrorCodeValue, 0>;

/** Reverse map, code → name (`1001 → 'BAD_REQUEST'`), for logs and test messages. */
export const ErrorCodeName: Record<number, string> = Object.freeze(
  Object.fromEntries(Object.entries(ErrorCode).map(([name, code]) => [code, name])),
);

/** Default human text per code, worded after the "meaning" column of PROTOCOL.md §6. */
export const ErrorText: Record<ErrorCodeValue, string> = Object.freeze({
  [ErrorCode.OK]: 'ok',
  [ErrorCode.BAD_REQUEST]: 'malformed JSON, missing or wrongly typed field',
  [ErrorCode.INTERNAL]: 'a dependency failed; retry later',
  [ErrorCode.CODE_EXPIRED]: 'verification code expired or never sent',
  [ErrorCode.CODE_INVALID]: 'wrong verification code',
  [ErrorCode.USER_EXISTS]: 'username or email already registered',
  [ErrorCode.NOT_FOUND]: 'no such user, request, conversation or group',
  [ErrorCode.BAD_CREDENTIALS]: 'wrong account or password',
  [ErrorCode.TOKEN_INVALID]: 'token unknown, expired or revoked',
  [ErrorCode.NOT_LOGGED_IN]: 'request before a successful LOGIN',
  [ErrorCode.FORBIDDEN]: 'not a friend or not a member',
  [ErrorCode.RATE_LIMITED]: 'too many attempts; retry later',
  [ErrorCode.FRAME_TOO_LARGE]: 'frame body over the limit',
  [ErrorCode.UNKNOWN_TYPE]: 'message type not known to this server',
  [ErrorCode.CONFLICT]: 'conflict: already friends or request already pending',
  [ErrorCode.UNAVAILABLE]: 'no ChatServer available',
});

const KNOWN_CODES: ReadonlySet<number> = new Set(Object.values(ErrorCode));

/** True for a number listed in PROTOCOL.md §6 (narrows it to the code union). */
export function isErrorCode(value: unknown): value is ErrorCodeValue {
  return typeof value === 'number' && KNOWN_CODES.has(value);
}

/** The wire shape of a failure: a response's `{error, message}` plus any extra fields. */
export type ErrorBody = { error: ErrorCodeValue; message: string } & Record<string, unknown>;

/**
 * The single error class of the contract: it carries the §6 code, so a handler can throw it and
 * the connection layer turns it into the request's response (or an `ERROR` push) unchanged.
 * `extra` holds wire-safe details, e.g. `{ retryAfterMs }` for RATE_LIMITED (§6) or
 * `{ field }` for BAD_REQUEST.
 */
export class ParleyError extends Error {
  readonly code: ErrorCodeValue;
  readonly extra?: Record<string, unknown>;

  constructor(code: ErrorCodeValue, message?: string, extra?: Record<string, unknown>) {
    super(message ?? ErrorText[code] ?? `error ${String(code)}`);
    this.name = 'ParleyError';
    this.code = code;
    if (extra !== undefined) this.extra = extra;
  }

  /**
   * The body for a failed response or an `ERROR` push (PROTOCOL.md §2: every response carries
   * `error` and `message`). `extra` goes first so it can never overwrite the code or the text.
   */
  toBody(): ErrorBody {
    return { ...this.extra, error: this.code, message: this.message };
  }
}

export function isParleyError(e: unknown): e is ParleyError {
  return e instanceof ParleyError;
}
