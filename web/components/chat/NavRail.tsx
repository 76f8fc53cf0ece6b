'use client';
import type { ReactNode } from 'react';
import { displayName } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import { totalUnread } from '@/lib/chat/store';
import { Avatar } from '../Avatar';
import { ChatIcon, ContactsIcon, MeIcon, SettingsIcon } from '../icons';

export type View = 'chats' | 'contacts' | 'me';

function Badge({ n, label }: { n: number; label: string }) {
  if (n <= 0) return null;
  return (
    <span
      aria-label={label}
      className="absolute top-0 left-1/2 ml-1 min-w-[18px] rounded-full bg-wx-danger-fill px-1 text-center text-[11px] leading-[18px] text-wx-on-fill md:-top-1 md:right-[-4px] md:left-auto md:ml-0"
    >
      {n > 99 ? '99+' : n}
    </span>
  );
}

/** One destination: an icon in the desktop rail, an icon over its name in the phone tab bar. */
function RailButton({
  label,
  active,
  onClick,
  className = '',
  children,
}: {
  label: string;
  active: boolean;
  onClick: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-current={active ? 'page' : undefined}
      onClick={onClick}
      className={`relative flex h-full flex-1 flex-col items-center justify-center gap-0.5 rounded-md transition-colors focus-visible:outline-2 focus-visible:outline-wx-green md:h-10 md:w-10 md:flex-none ${
        active ? 'text-wx-green' : 'text-wx-text md:text-wx-rail-icon md:hover:text-wx-rail-hover'
      } ${className}`}
    >
      {children}
      <span aria-hidden="true" className="text-[11px] leading-none md:hidden">
        {label}
      </span>
    </button>
  );
}

/**
 * Where to go: the desktop's dark rail (own avatar → profile, chats, contacts, settings), and
 * below 768 px the phone's bottom tab bar (Chats, Contacts, Me) above the safe-area inset, hidden
 * while a page covers the list (`phoneHidden`). One element for both: the badges are the same.
 */
export function NavRail({
  view,
  onView,
  contactsBadge,
  phoneHidden = false,
}: {
  view: View;
  onView: (v: View) => void;
  contactsBadge: number;
  phoneHidden?: boolean;
}) {
  const me = useChatState((s) => s.me);
  const unread = useChatState(totalUnread);
  const name = displayName(me);
  return (
    <nav
      aria-label="Main"
      className={`${phoneHidden ? 'hidden md:flex' : 'flex'} h-[calc(56px+env(safe-area-inset-bottom))] w-full shrink-0 items-stretch border-t border-wx-line bg-wx-tabbar pb-[env(safe-area-inset-bottom)] md:h-auto md:w-[60px] md:flex-col md:items-center md:gap-4 md:border-t-0 md:bg-wx-rail md:py-5 md:pb-5`}
    >
      <button
        type="button"
        aria-label="My profile"
        title={name}
        onClick={() => onView('me')}
        className="mb-2 hidden rounded-[4px] focus-visible:outline-2 focus-visible:outline-wx-green md:block"
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
      <RailButton
        label="Me"
        active={view === 'me'}
        onClick={() => onView('me')}
        className="md:hidden"
      >
        <MeIcon />
      </RailButton>
      <div className="mt-auto hidden md:block">
        <RailButton label="Settings" active={view === 'me'} onClick={() => onView('me')}>
          <SettingsIcon />
        </RailButton>
      </div>
    </nav>
  );
}
