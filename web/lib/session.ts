// The browser session: the login response JSON under `parley.session` in localStorage. The token
// in it is what the browser will present to a ChatServer over the WebSocket bridge.
import { useSyncExternalStore } from 'react';
import { AuthLoginResponse } from '@parley/proto';
import type { LoginResponse } from './api';

export const SESSION_KEY = 'parley.session';

export type Session = LoginResponse;

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

/** Parse and check a stored session against the login response's schema (proto's, the same one
 *  GateServer answers with); an expired or malformed one counts as none. */
export function parseSession(raw: string | null): Session | null {
  if (!raw) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  const s = AuthLoginResponse.safeParse(v);
  if (!s.success || s.data.expiresAt <= Date.now()) return null;
  return s.data;
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
