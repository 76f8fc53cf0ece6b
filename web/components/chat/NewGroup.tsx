'use client';
// "New group chat": a name and friends to start with (GROUP_CREATE, §3 2001); the creator owns
// the group and lands in its chat.
import { Limits } from '@parley/proto';
import { useId, useState, type FormEvent } from 'react';
import { groupProblem } from '@/lib/chat/groups';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { errorText } from './errorText';
import { PaneHeader } from './PaneHeader';
import { FriendPicker } from './FriendPicker';
import { InlineError } from '@/components/Alert';

export function NewGroup({
  onOpenChat,
  onBack,
}: {
  onOpenChat: (conversationId: string) => void;
  /** Back to the contacts list (phone layout). */
  onBack?: () => void;
}) {
  const client = useChatClient();
  const friends = useChatState((s) => s.friends);
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  async function create(e: FormEvent): Promise<void> {
    e.preventDefault();
    const uids = [...picked];
    const problem = groupProblem(name, uids);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      onOpenChat(await client.createGroup(name, uids));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <section aria-label="New group chat" className="flex min-h-0 flex-1 flex-col">
      <PaneHeader
        title={<h2 className="truncate text-base text-wx-text">New group chat</h2>}
        onBack={onBack}
      />
      <form
        onSubmit={(e) => void create(e)}
        className="flex min-h-0 w-full max-w-[480px] flex-1 flex-col gap-3 px-4 py-5 md:px-8"
      >
        <div>
          <label htmlFor={id} className="mb-1 block text-xs text-wx-muted">
            Group name
          </label>
          <input
            id={id}
            value={name}
            maxLength={Limits.GROUP_NAME_MAX}
            placeholder="e.g. Weekend hiking"
            onChange={(e) => setName(e.target.value)}
            className="h-9 w-full rounded border border-wx-line bg-wx-card px-3 text-sm outline-none focus:border-wx-green"
          />
        </div>
        <p className="text-xs text-wx-muted">Members ({picked.size} selected)</p>
        <FriendPicker
          friends={friends}
          picked={picked}
          onChange={setPicked}
          label="Friends to add"
        />
        <InlineError error={error} size="sm" />
        <button
          type="submit"
          disabled={busy || picked.size === 0 || !name.trim()}
          className="h-9 self-start rounded bg-wx-accent px-6 text-sm text-wx-on-fill hover:bg-wx-accent-hover disabled:opacity-60"
        >
          {busy ? 'Creating…' : 'Create group'}
        </button>
      </form>
    </section>
  );
}
