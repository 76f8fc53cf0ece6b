'use client';
import type { ReactNode } from 'react';
import { displayName } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import { totalUnread } from '@/lib/chat/store';
import { Avatar } from '../Avatar';
import { ChatIcon, ContactsIcon, SettingsIcon } from '../icons';

export type View = 'chats' | 'contacts' | 'me';

function Badge({ n, label }: { n: number; label: string }) {
  if (n <= 0) return null;
  return (
    <span
      aria-label={label}
      className="absolute -top-1 -right-1 min-w-[18px] rounded-full bg-wx-danger px-1 text-center text-[11px] leading-[18px] text-white"
    >
      {n > 99 ? '99+' : n}
    </span>
  );
}

function RailButton({
  label,
  active,
  onClick,
  children,
}: {
  label: string;
  active: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
      className={`relative flex h-10 w-10 items-center justify-center rounded-md transition-colors ${
        active ? 'text-wx-green' : 'text-wx-rail-icon hover:text-wx-rail-hover'
      }`}
    >
      {children}
    </button>
  );
}

/** The dark rail: own avatar (→ profile), chats, contacts, settings. */
export function NavRail({
  view,
  onView,
  contactsBadge,
}: {
  view: View;
  onView: (v: View) => void;
  contactsBadge: number;
}) {
  const me = useChatState((s) => s.me);
  const unread = useChatState(totalUnread);
  const name = displayName(me);
  return (
    <nav
      aria-label="Main"
      className="flex w-[60px] shrink-0 flex-col items-center gap-4 bg-wx-rail py-5"
    >
      <button
        type="button"
        aria-label="My profile"
        title={name}
        onClick={() => onView('me')}
        className="mb-2 rounded-[4px] focus-visible:outline-2 focus-visible:outline-wx-green"
      >
        <Avatar name={name} avatar={me.avatar} seed={me.uid} size={36} />
      </button>
      <RailButton label="Chats" active={view === 'chats'} onClick={() => onView('chats')}>
        <ChatIcon />
        <Badge n={unread} label={`${String(unread)} unread messages`} />
      </RailButton>
      <RailButton label="Contacts" active={view === 'contacts'} onClick={() => onView('contacts')}>
        <ContactsIcon />
        <Badge n={contactsBadge} label={`${String(contactsBadge)} new friend requests`} />
      </RailButton>
      <div className="mt-auto">
        <RailButton label="Settings" active={view === 'me'} onClick={() => onView('me')}>
          <SettingsIcon />
        </RailButton>
      </div>
    </nav>
  );
}
