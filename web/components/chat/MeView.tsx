'use client';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { api } from '@/lib/api';
import { displayName } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { clearSession, type Session } from '@/lib/session';
import { Avatar } from '../Avatar';
import { Button } from '../Button';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2.5 text-sm">
      <dt className="shrink-0 text-wx-muted">{term}</dt>
      <dd className="min-w-0 truncate text-right text-wx-text">{children}</dd>
    </div>
  );
}

function formatExpiry(expiresAt: number | string): string {
  const d = new Date(expiresAt);
  return Number.isNaN(d.getTime()) ? String(expiresAt) : d.toLocaleString();
}

/** Me: own card (nick, bio, avatar), the session's ChatServer, profile editing, log out. */
export function MeView({ session }: { session: Session }) {
  const client = useChatClient();
  const router = useRouter();
  const me = useChatState((s) => s.me);
  const server = useChatState((s) => s.connection.server);
  const [leaving, setLeaving] = useState(false);
  const [editing, setEditing] = useState(false);
  const name = displayName(me);

  async function logout(): Promise<void> {
    setLeaving(true);
    client.stop();
    // Revoke the token at the gate; whatever it answers, this browser forgets the session.
    await api.logout(session.token);
    clearSession();
    router.replace('/login');
  }

  return (
    <section
      aria-label="Profile"
      className="flex min-w-0 flex-1 items-center justify-center overflow-auto p-6"
    >
      <div className="w-full max-w-[400px] rounded-lg bg-white p-6 shadow-[0_1px_3px_rgba(0,0,0,0.06)]">
        <div className="flex items-center gap-4">
          <Avatar name={name} seed={me.uid} size={64} />
          <div className="min-w-0">
            <h1 className="truncate text-lg font-medium text-wx-text">{name}</h1>
            <p className="truncate text-sm text-wx-muted">
              @{me.username || session.user?.username}
            </p>
            <p className="mt-1 text-sm whitespace-pre-wrap text-wx-text [overflow-wrap:anywhere]">
              {me.bio || <span className="text-[#b2b2b2]">No status yet</span>}
            </p>
          </div>
        </div>
        <dl className="mt-5 divide-y divide-[#f0f0f0] border-y border-[#f0f0f0]">
          <Row term="Username">{me.username || session.user?.username || '—'}</Row>
          <Row term="Nickname">{me.nick || '—'}</Row>
          <Row term="UID">
            <span className="font-mono">{session.uid}</span>
          </Row>
          <Row term="ChatServer">{server ?? session.chat.server}</Row>
          <Row term="Address">
            <span className="font-mono">
              {session.chat.host}:{session.chat.port}
            </span>
          </Row>
          <Row term="Session expires">{formatExpiry(session.expiresAt)}</Row>
        </dl>
        {editing ? (
          <p
            role="status"
            className="mt-4 rounded-md bg-wx-green-light px-3 py-2 text-sm text-[#067a3e]"
          >
            Editing your nickname, status and avatar is coming soon.
          </p>
        ) : null}
        <Button variant="secondary" className="mt-5" onClick={() => setEditing(true)}>
          Edit profile
        </Button>
        <Button variant="danger" className="mt-3" disabled={leaving} onClick={() => void logout()}>
          {leaving ? 'Logging out…' : 'Log out'}
        </Button>
      </div>
    </section>
  );
}
