'use client';
import { useState } from 'react';
import { displayName, listTime } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import type { FriendRequest } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { errorText } from './errorText';
import { PaneHeader } from './PaneHeader';
import { InlineError } from '@/components/Alert';

const STATUS_TEXT: Record<FriendRequest['status'], string> = {
  pending: 'Waiting',
  accepted: 'Added',
  rejected: 'Declined',
};

function Row({
  r,
  incoming,
  onOpenChat,
}: {
  r: FriendRequest;
  incoming: boolean;
  onOpenChat: (conversationId: string) => void;
}) {
  const client = useChatClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = displayName(r.user);

  async function reply(accept: boolean): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const cid = await client.replyFriend(r.requestId, accept);
      if (accept && cid) onOpenChat(cid);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li aria-label={name} className="flex items-center gap-3 border-b border-wx-sep py-3">
      <Avatar name={name} avatar={r.user.avatar} seed={r.user.uid} size={40} />
      <div className="min-w-0 flex-1">
        <p className="truncate text-sm text-wx-text">
          {name} <span className="text-xs text-wx-muted">@{r.user.username}</span>
        </p>
        <p className="truncate text-xs text-wx-muted" title={r.greeting}>
          {r.greeting || (incoming ? 'wants to be your friend' : 'request sent')}
        </p>
        <InlineError error={error} />
      </div>
      <span className="shrink-0 text-[11px] text-wx-faint">{listTime(r.at)}</span>
      {incoming && r.status === 'pending' ? (
        <div className="flex shrink-0 gap-2">
          <button
            type="button"
            disabled={busy}
            onClick={() => void reply(true)}
            className="h-7 rounded bg-wx-accent px-3 text-xs text-wx-on-fill hover:bg-wx-accent-hover disabled:opacity-60"
          >
            Accept
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void reply(false)}
            className="h-7 rounded border border-wx-line bg-wx-card px-3 text-xs text-wx-text hover:bg-wx-card-hover disabled:opacity-60"
          >
            Reject
          </button>
        </div>
      ) : (
        <span className="w-16 shrink-0 text-right text-xs text-wx-muted">
          {STATUS_TEXT[r.status]}
        </span>
      )}
    </li>
  );
}

/** Friend requests: incoming ones to accept or reject, and the ones this user sent. */
export function NewFriends({
  onOpenChat,
  onBack,
}: {
  onOpenChat: (conversationId: string) => void;
  /** Back to the contacts list (phone layout). */
  onBack?: () => void;
}) {
  const { incoming, outgoing } = useChatState((s) => s.requests);
  return (
    <section aria-label="New friends" className="flex min-h-0 flex-1 flex-col">
      <PaneHeader
        title={<h2 className="truncate text-base text-wx-text">New friends</h2>}
        onBack={onBack}
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 md:px-8 py-4">
        <h3 className="mb-1 text-xs text-wx-muted">Requests to you</h3>
        {incoming.length === 0 ? (
          <p className="py-4 text-sm text-wx-faint">No friend requests.</p>
        ) : (
          <ul aria-label="Incoming requests">
            {incoming.map((r) => (
              <Row key={r.requestId} r={r} incoming onOpenChat={onOpenChat} />
            ))}
          </ul>
        )}
        {outgoing.length > 0 ? (
          <>
            <h3 className="mt-6 mb-1 text-xs text-wx-muted">Sent by you</h3>
            <ul aria-label="Sent requests">
              {outgoing.map((r) => (
                <Row key={r.requestId} r={r} incoming={false} onOpenChat={onOpenChat} />
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </section>
  );
}
