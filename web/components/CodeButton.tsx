'use client';
import { useEffect, useState } from 'react';
import type { ApiResult } from '@/lib/api';
import { ErrorCode } from '@/lib/errors';

/** Wait after a code was sent before another may be requested. */
export const CODE_COOLDOWN_MS = 60_000; // 60 s
const TICK_MS = 250;

/**
 * "Send code" with a countdown. `onSend` validates and calls the API; it returns null when it did
 * not send (e.g. the email is not valid yet). After a success the button counts down 60 s; after
 * RATE_LIMITED it counts down the server's `retryAfterMs` instead (PROTOCOL.md §6).
 */
export function CodeButton({
  onSend,
  disabled = false,
}: {
  onSend: () => Promise<ApiResult<unknown> | null>;
  disabled?: boolean;
}) {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(0);
  const [sending, setSending] = useState(false);
  const [sentOnce, setSentOnce] = useState(false);

  useEffect(() => {
    if (until === 0) return;
    const t = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (n >= until) clearInterval(t);
    }, TICK_MS);
    return () => clearInterval(t);
  }, [until]);

  const remaining = Math.max(0, Math.ceil((until - now) / 1000));

  async function click(): Promise<void> {
    setSending(true);
    try {
      const r = await onSend();
      if (!r) return;
      let wait = 0;
      if (r.ok) {
        wait = CODE_COOLDOWN_MS;
        setSentOnce(true);
      } else if (r.error === ErrorCode.RATE_LIMITED) {
        wait = r.retryAfterMs ?? CODE_COOLDOWN_MS;
      }
      if (wait > 0) {
        const t = Date.now();
        setNow(t);
        setUntil(t + wait);
      }
    } finally {
      setSending(false);
    }
  }

  const label = sending
    ? 'Sending…'
    : remaining > 0
      ? `Resend in ${String(remaining)} s`
      : sentOnce
        ? 'Resend code'
        : 'Send code';

  return (
    <button
      type="button"
      onClick={() => void click()}
      disabled={disabled || sending || remaining > 0}
      className="h-11 w-[118px] shrink-0 rounded-md border border-wx-green px-2 text-sm whitespace-nowrap text-wx-green tabular-nums transition-colors hover:bg-wx-green-light disabled:cursor-not-allowed disabled:border-wx-line disabled:bg-wx-bg disabled:text-wx-muted"
    >
      {label}
    </button>
  );
}
