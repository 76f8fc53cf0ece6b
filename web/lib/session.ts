// The browser session: the login response JSON under `parley.session` in localStorage. The token
// in it is what the browser will present to a ChatServer over the WebSocket bridge.
import { useSyncExternalStore } from 'react';
import type { LoginResponse } from './api';

export const SESSION_KEY = 'parley.session';

export type Session = LoginResponse;

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function expiryMs(expiresAt: number | string): number {
  return typeof expiresAt === 'number' ? expiresAt : Date.parse(expiresAt);
}

/** Parse and sanity-check a stored session; an expired or malformed one counts as none. */
export function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const s = v as Partial<Session>;
  if (typeof s.token !== 'string' || typeof s.uid !== 'string') return null;
  if (typeof s.chat !== 'object' || s.chat === null || typeof s.chat.server !== 'string')
    return null;
  if (s.expiresAt !== undefined) {
    const exp = expiryMs(s.expiresAt);
    if (Number.isFinite(exp) && exp <= Date.now()) return null;
  }
  return s as Session;
}

export function saveSession(s: Session): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(s));
  notify();
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
  notify();
}

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  // Other tabs logging in or out.
  const onStorage = (e: StorageEvent): void => {
    if (e.key === SESSION_KEY || e.key === null) cb();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(cb);
    window.removeEventListener('storage', onStorage);
  };
}

/**
 * The raw stored session string: `undefined` while rendering on the server (unknown yet), `null`
 * when there is none. The string is a stable snapshot, so React re-renders only on change.
 */
export function useStoredSession(): string | null | undefined {
  return useSyncExternalStore(
    subscribe,
    () => localStorage.getItem(SESSION_KEY),
    () => undefined,
  );
}
