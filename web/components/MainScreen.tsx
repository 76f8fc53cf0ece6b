'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo } from 'react';
import { parseSession, useStoredSession } from '@/lib/session';
import { ChatApp } from './chat/ChatApp';

/** `/`: the chat app for a logged-in user; without a session, off to /login. */
export function MainScreen() {
  const router = useRouter();
  const raw = useStoredSession();
  // undefined: not known yet (server render); null: no valid session.
  const session = useMemo(() => (raw === undefined ? undefined : parseSession(raw)), [raw]);

  useEffect(() => {
    if (session === null) router.replace('/login');
  }, [session, router]);

  if (!session) return <div className="h-dvh bg-wx-panel" aria-busy="true" />;
  return <ChatApp key={session.token} session={session} />;
}
