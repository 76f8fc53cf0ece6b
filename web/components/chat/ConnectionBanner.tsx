'use client';
import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { kickNotice } from '@/lib/chat/kicked';
import type { KickedPush } from '@/lib/chat/types';
import { clearSession } from '@/lib/session';

/** Seconds until `at`, re-rendered every second while counting. */
function useCountdown(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === null) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The browser's network state (navigator.onLine and its events); true until known. */
function useOnline(): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

/** After this many failed attempts, offer a fresh login (which assigns a ChatServer anew). */
const STUCK_ATTEMPTS = 5;

const BAR = 'flex shrink-0 items-center justify-center gap-3 px-4 py-1.5 text-[13px]';

function BarButton({ onClick, children }: { onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      className="rounded border border-current px-2 py-0.5 hover:bg-wx-card"
      onClick={onClick}
    >
      {children}
    </button>
  );
}

/** KICKED (PROTOCOL.md §9.2): what ended the session, in the user's words, and what to do. */
function KickedBar({ kick, onRelogin }: { kick: KickedPush | null; onRelogin: () => void }) {
  const notice = kickNotice(kick ?? { reason: '', at: Date.now() });
  // "Not you?": changing the password is what locks out whoever has it, and the reset itself
  // revokes every token of the account and logs every device out (README, contract additions).
  // A full page load, so the main screen's "no session → /login" cannot overtake it.
  const everywhere = () => {
    clearSession();
    window.location.assign('/reset');
  };
  return (
    <div role="alert" className={`${BAR} flex-wrap bg-wx-alert-bg text-wx-alert`}>
      <span data-testid="kicked-notice">{notice.text}</span>
      <BarButton onClick={onRelogin}>Log in again</BarButton>
      {notice.notYou ? (
        <BarButton onClick={everywhere}>Not you? Log out everywhere</BarButton>
      ) : null}
    </div>
  );
}

/** A strip above the content whenever the connection is not up (PROTOCOL.md §4 rules). */
export function ConnectionBanner() {
  const client = useChatClient();
  const router = useRouter();
  const conn = useChatState((s) => s.connection);
  const secs = useCountdown(conn.status === 'reconnecting' ? conn.retryAt : null);
  const networkUp = useOnline();

  if (conn.status === 'online') return null;
  const relogin = () => {
    clearSession();
    router.replace('/login');
  };

  if (conn.status === 'kicked') return <KickedBar kick={conn.kick} onRelogin={relogin} />;
  if (conn.status === 'refused' || conn.status === 'expired') {
    return (
      <div role="alert" className={`${BAR} bg-wx-alert-bg text-wx-alert`}>
        <span>
          {conn.status === 'expired'
            ? 'Your session has expired.'
            : 'The chat service refused the connection.'}
        </span>
        {conn.status === 'refused' ? (
          <BarButton onClick={() => client.reconnectNow()}>Try again</BarButton>
        ) : null}
      </div>
    );
  }
  if (!networkUp) {
    // Also what the installed app shows when it opens without a network (public/sw.js).
    return (
      <div role="status" aria-label="Connection" className={`${BAR} bg-wx-warn-bg text-wx-warn`}>
        <span>You are offline. Messages will arrive when the network is back.</span>
      </div>
    );
  }
  const text =
    conn.status === 'connecting'
      ? 'Connecting…'
      : secs !== null && secs > 0
        ? `Disconnected. Reconnecting in ${String(secs)} s…`
        : 'Reconnecting…';
  return (
    <div role="status" aria-label="Connection" className={`${BAR} bg-wx-warn-bg text-wx-warn`}>
      <span>{text}</span>
      {conn.status === 'reconnecting' && conn.attempt >= STUCK_ATTEMPTS ? (
        // The assigned ChatServer may be gone for good: the bridge only dials the server named
        // at login (PROTOCOL.md §8), and a new login is what picks another one.
        <BarButton onClick={relogin}>Log in again</BarButton>
      ) : null}
      {conn.status === 'reconnecting' && secs !== null && secs > 0 ? (
        <BarButton onClick={() => client.reconnectNow()}>Reconnect now</BarButton>
      ) : null}
    </div>
  );
}
