'use client';
import { useId, useState, type FormEvent } from 'react';
import { displayName } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import type { UserCard } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { errorText } from './errorText';
import { PaneHeader } from './PaneHeader';
import { InlineError } from '@/components/Alert';

/** Greetings are bounded by the server (proto Limits.GREETING_MAX). */
const GREETING_MAX = 100;
const REMARK_MAX = 100;

function Result({
  user,
  onOpenChat,
}: {
  user: UserCard;
  onOpenChat: (conversationId: string) => void;
}) {
  const client = useChatClient();
  const me = useChatState((s) => s.me);
  const friend = useChatState((s) => s.friends[user.uid]);
  const [open, setOpen] = useState(false);
  const [greeting, setGreeting] = useState(() =>
    `Hi, I'm ${displayName(me)}`.slice(0, GREETING_MAX),
  );
  const [remark, setRemark] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [error, setError] = useState<string | null>(null);
  const name = displayName(user);
  const id = useId();

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setState('sending');
    setError(null);
    try {
      await client.addFriend(user.uid, greeting.trim(), remark.trim() || undefined);
      setState('sent');
      setOpen(false);
    } catch (err) {
      setError(errorText(err));
      setState('idle');
    }
  }

  let action;
  if (user.uid === me.uid) action = <span className="text-xs text-wx-muted">That&apos;s you</span>;
  else if (friend)
    action = (
      <button
        type="button"
        onClick={() => onOpenChat(friend.conversationId)}
        className="h-7 rounded border border-wx-line bg-wx-card px-3 text-xs text-wx-text hover:bg-wx-card-hover"
      >
        Send message
      </button>
    );
  else if (state === 'sent')
    action = (
      <span role="status" className="text-xs text-wx-green">
        Request sent
      </span>
    );
  else
    action = (
      <button
        type="button"
        onClick={() => setOpen((v) => !v)}
        aria-expanded={open}
        className="h-7 rounded bg-wx-accent px-3 text-xs text-wx-on-fill hover:bg-wx-accent-hover"
      >
        Add
      </button>
    );

  return (
    <li aria-label={name} className="border-b border-wx-sep py-3">
      <div className="flex items-center gap-3">
        <Avatar name={name} avatar={user.avatar} seed={user.uid} size={40} />
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm text-wx-text">{name}</p>
          <p className="truncate text-xs text-wx-muted">
            @{user.username} · uid {user.uid}
          </p>
        </div>
        {action}
      </div>
      {open ? (
        <form onSubmit={(e) => void submit(e)} className="mt-3 ml-[52px] space-y-2">
          <div>
            <label htmlFor={`${id}-greeting`} className="mb-1 block text-xs text-wx-muted">
              Greeting
            </label>
            <input
              id={`${id}-greeting`}
              value={greeting}
              maxLength={GREETING_MAX}
              onChange={(e) => setGreeting(e.target.value)}
              className="h-8 w-full rounded border border-wx-line bg-wx-card px-2 text-sm outline-none focus:border-wx-green"
            />
          </div>
          <div>
            <label htmlFor={`${id}-remark`} className="mb-1 block text-xs text-wx-muted">
              Remark (optional)
            </label>
            <input
              id={`${id}-remark`}
              value={remark}
              maxLength={REMARK_MAX}
              onChange={(e) => setRemark(e.target.value)}
              className="h-8 w-full rounded border border-wx-line bg-wx-card px-2 text-sm outline-none focus:border-wx-green"
            />
          </div>
          <InlineError error={error} />
          <button
            type="submit"
            disabled={state === 'sending'}
            className="h-8 rounded bg-wx-accent px-4 text-sm text-wx-on-fill hover:bg-wx-accent-hover disabled:opacity-60"
          >
            {state === 'sending' ? 'Sending…' : 'Send request'}
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** Find people (SEARCH_USER: uid, username or email, exact or prefix) and send a request. */
export function AddContact({
  onOpenChat,
  onBack,
}: {
  onOpenChat: (conversationId: string) => void;
  /** Back to the contacts list (phone layout). */
  onBack?: () => void;
}) {
  const client = useChatClient();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<UserCard[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  async function search(e: FormEvent): Promise<void> {
    e.preventDefault();
    const q = query.trim();
    if (!q) return;
    setBusy(true);
    setError(null);
    try {
      setResults(await client.searchUsers(q));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Add contact" className="flex min-h-0 flex-1 flex-col">
      <PaneHeader
        title={<h2 className="truncate text-base text-wx-text">Add contact</h2>}
        onBack={onBack}
      />
      <div className="min-h-0 flex-1 overflow-y-auto px-4 md:px-8 py-5">
        <form onSubmit={(e) => void search(e)} className="flex gap-2">
          <label htmlFor={id} className="sr-only">
            Find user
          </label>
          <input
            id={id}
            type="search"
            value={query}
            maxLength={64}
            placeholder="Username, email or uid"
            onChange={(e) => setQuery(e.target.value)}
            className="h-9 min-w-0 flex-1 rounded border border-wx-line bg-wx-card px-3 text-sm outline-none focus:border-wx-green"
          />
          <button
            type="submit"
            disabled={busy || !query.trim()}
            className="h-9 rounded bg-wx-accent px-4 text-sm text-wx-on-fill hover:bg-wx-accent-hover disabled:opacity-60"
          >
            {busy ? 'Searching…' : 'Search'}
          </button>
        </form>
        <InlineError error={error} size="sm" className="mt-3" />
        {results !== null && results.length === 0 ? (
          <p role="status" className="mt-6 text-center text-sm text-wx-muted">
            No user found.
          </p>
        ) : null}
        {results && results.length > 0 ? (
          <ul aria-label="Search results" className="mt-4">
            {results.map((u) => (
              <Result key={u.uid} user={u} onOpenChat={onOpenChat} />
            ))}
          </ul>
        ) : null}
      </div>
    </section>
  );
}
