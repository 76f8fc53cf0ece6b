'use client';
import { displayName } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import type { Friend } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { Button } from '../Button';
import { BackButton } from './PaneHeader';

/** A friend's profile card with "Send message". */
export function FriendCard({
  friend,
  onOpenChat,
  onBack,
}: {
  friend: Friend;
  onOpenChat: (conversationId: string) => void;
  /** Back to the contacts list (phone layout, where the card is a full-screen page). */
  onBack?: () => void;
}) {
  const online = useChatState((s) => s.presence[friend.uid] ?? friend.online);
  const name = displayName(friend, friend.remark);
  return (
    <section aria-label="Profile card" className="flex min-h-0 flex-1 flex-col">
      {onBack ? (
        <header className="flex h-12 shrink-0 items-center px-4 md:hidden">
          <BackButton onBack={onBack} />
        </header>
      ) : null}
      <div className="flex flex-1 items-start justify-center overflow-auto px-5 pb-5 md:p-10">
        <div className="w-full max-w-[420px]">
          <div className="flex items-start gap-4 border-b border-wx-sep pb-6">
            <Avatar name={name} avatar={friend.avatar} seed={friend.uid} size={64} />
            <div className="min-w-0 flex-1">
              <h2 className="truncate text-xl text-wx-text">{name}</h2>
              {friend.remark && friend.nick ? (
                <p className="truncate text-sm text-wx-muted">Nickname: {friend.nick}</p>
              ) : null}
              <p className="truncate text-sm text-wx-muted">Username: {friend.username}</p>
              <p className={`text-xs ${online ? 'text-wx-green' : 'text-wx-muted'}`}>
                {online ? 'Online' : 'Offline'}
              </p>
            </div>
          </div>
          <dl className="divide-y divide-wx-sep border-b border-wx-sep text-sm">
            <div className="flex gap-4 py-3">
              <dt className="w-20 shrink-0 text-wx-muted">What&apos;s up</dt>
              <dd className="min-w-0 whitespace-pre-wrap text-wx-text [overflow-wrap:anywhere]">
                {friend.bio || '—'}
              </dd>
            </div>
            <div className="flex gap-4 py-3">
              <dt className="w-20 shrink-0 text-wx-muted">UID</dt>
              <dd className="font-mono text-wx-text">{friend.uid}</dd>
            </div>
          </dl>
          <Button
            className="mt-8"
            disabled={!friend.conversationId}
            onClick={() => onOpenChat(friend.conversationId)}
          >
            Send message
          </Button>
        </div>
      </div>
    </section>
  );
}
