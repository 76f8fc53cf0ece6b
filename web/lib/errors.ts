// Friendly text for the protocol's numeric error codes (PROTOCOL.md §6). The server's own
// `message` is shown beside it, so the friendly line can stay short and general.

import { ErrorCode } from '@parley/proto';

export { ErrorCode };

const FRIENDLY: Readonly<Record<number, string>> = {
  [ErrorCode.BAD_REQUEST]: 'Please check the form: something is missing or not valid.',
  [ErrorCode.INTERNAL]: 'The server ran into a problem. Please try again in a moment.',
  [ErrorCode.CODE_EXPIRED]:
    'The verification code has expired or was never sent. Request a new one.',
  [ErrorCode.CODE_INVALID]: 'That verification code is not correct.',
  [ErrorCode.USER_EXISTS]: 'That username or email is already registered.',
  [ErrorCode.NOT_FOUND]: 'Not found.',
  [ErrorCode.BAD_CREDENTIALS]: 'Wrong account or password.',
  [ErrorCode.TOKEN_INVALID]: 'Your session has expired. Please log in again.',
  [ErrorCode.NOT_LOGGED_IN]: 'Please log in first.',
  [ErrorCode.FORBIDDEN]: 'You are not allowed to do that.',
  [ErrorCode.RATE_LIMITED]: 'Too many attempts. Please wait and try again.',
  [ErrorCode.FRAME_TOO_LARGE]: 'The request is too large.',
  [ErrorCode.UNKNOWN_TYPE]: 'The server does not understand this request.',
  [ErrorCode.CONFLICT]: 'That conflicts with something that already exists.',
  [ErrorCode.UNAVAILABLE]: 'The service is not available right now. Please try again shortly.',
};

/** What a failed call looks like to the UI (see lib/api.ts). */
export interface Failure {
  status: number;
  error: number;
  message: string;
  retryAfterMs?: number;
}

export interface FailureText {
  /** Friendly sentence for the code. */
  title: string;
  /** The server's own message, when it adds something. */
  detail?: string;
}

export function describeFailure(f: Failure): FailureText {
  let title = FRIENDLY[f.error] ?? `Something went wrong (error ${String(f.error)}).`;
  if (f.error === ErrorCode.RATE_LIMITED && f.retryAfterMs !== undefined) {
    title = `Too many attempts. Try again in ${formatWait(f.retryAfterMs)}.`;
  }
  const detail = f.message.trim();
  const same = detail.toLowerCase().replace(/\W+/g, '') === title.toLowerCase().replace(/\W+/g, '');
  return detail && !same ? { title, detail } : { title };
}

/** "45 s", "3 min", "2 h" — a wait rounded up, for rate-limit messages. */
export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 120) return `${String(s)} s`;
  const min = Math.ceil(s / 60);
  if (min < 120) return `${String(min)} min`;
  return `${String(Math.ceil(min / 60))} h`;
}
