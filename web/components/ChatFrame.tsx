'use client';
import { useRouter } from 'next/navigation';
import { useState, type ReactNode } from 'react';
import { api } from '@/lib/api';
import { clearSession, type Session } from '@/lib/session';
import { Avatar } from './Avatar';
import { Button } from './Button';
import { ChatIcon, ContactsIcon, MenuIcon, PlusIcon } from './icons';

function RailButton({
  label,
  active = false,
  children,
}: {
  label: string;
  active?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      className={`flex h-10 w-10 items-center justify-center rounded-md transition-colors ${
        active ? 'text-wx-green' : 'text-[#979797] hover:text-[#d6d6d6]'
      }`}
    >
      {children}
    </button>
  );
}

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

/**
 * The WeChat desktop layout: dark icon rail, conversation list, content pane. The chat itself
 * comes later; for now the content pane shows who is logged in and which ChatServer the
 * GateServer assigned (the login response, PROTOCOL.md §7).
 */
export function ChatFrame({ session }: { session: Session }) {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  const username = session.user?.username ?? `uid ${session.uid}`;
  const display = session.user?.nick?.trim() || username;
  const { chat } = session;

  async function logout(): Promise<void> {
    setLeaving(true);
    // Revoke the token at the gate; whatever it answers, this browser forgets the session.
    await api.logout(session.token);
    clearSession();
    router.replace('/login');
  }

  return (
    <div className="flex h-dvh bg-wx-panel sm:p-6 lg:p-10">
      <div className="mx-auto flex h-full w-full max-w-[1080px] overflow-hidden bg-wx-bg shadow-[0_2px_16px_rgba(0,0,0,0.08)] sm:rounded-md">
        <nav
          aria-label="Main"
          className="flex w-[60px] shrink-0 flex-col items-center gap-4 bg-wx-rail py-5"
        >
          <div className="mb-2" title={display}>
            <Avatar name={display} size={36} />
          </div>
          <RailButton label="Chats" active>
            <ChatIcon />
          </RailButton>
          <RailButton label="Contacts">
            <ContactsIcon />
          </RailButton>
          <div className="mt-auto">
            <RailButton label="More">
              <MenuIcon />
            </RailButton>
          </div>
        </nav>

        <aside
          aria-label="Conversations"
          className="hidden w-[250px] shrink-0 flex-col border-r border-[#d6d6d6] bg-wx-list md:flex"
        >
          <div className="flex items-center gap-2 px-3 pt-6 pb-3">
            <input
              type="search"
              aria-label="Search"
              placeholder="Search"
              disabled
              className="h-7 min-w-0 flex-1 rounded bg-[#e2e2e2] px-2 text-xs outline-none placeholder:text-[#a3a3a3]"
            />
            <button
              type="button"
              aria-label="Start a chat"
              disabled
              className="flex h-7 w-7 items-center justify-center rounded bg-[#e2e2e2] text-[#555]"
            >
              <PlusIcon />
            </button>
          </div>
          <div className="flex flex-1 flex-col items-center justify-center gap-1 px-6 text-center text-sm text-wx-muted">
            <p>No chats yet</p>
            <p className="text-xs text-[#b2b2b2]">Conversations will appear here.</p>
          </div>
        </aside>

        <section aria-label="Profile" className="flex min-w-0 flex-1 flex-col">
          <header className="flex h-[60px] shrink-0 items-center border-b border-[#e7e7e7] px-6 text-base text-wx-text">
            Parley
          </header>
          <div className="flex flex-1 items-center justify-center overflow-auto p-6">
            <div className="w-full max-w-[380px] rounded-lg bg-white p-6 shadow-[0_1px_3px_rgba(0,0,0,0.06)]">
              <div className="flex items-center gap-4">
                <Avatar name={display} size={56} />
                <div className="min-w-0">
                  <h1 className="truncate text-lg font-medium text-wx-text">{display}</h1>
                  <p className="truncate text-sm text-wx-muted">Welcome to Parley</p>
                </div>
              </div>
              <dl className="mt-5 divide-y divide-[#f0f0f0] border-y border-[#f0f0f0]">
                <Row term="Username">{username}</Row>
                <Row term="UID">
                  <span className="font-mono">{session.uid}</span>
                </Row>
                <Row term="ChatServer">{chat.server}</Row>
                <Row term="Address">
                  <span className="font-mono">
                    {chat.host}:{chat.port}
                  </span>
                </Row>
                <Row term="Session expires">{formatExpiry(session.expiresAt)}</Row>
              </dl>
              <Button
                variant="danger"
                className="mt-6"
                disabled={leaving}
                onClick={() => void logout()}
              >
                {leaving ? 'Logging out…' : 'Log out'}
              </Button>
            </div>
          </div>
        </section>
      </div>
    </div>
  );
}
