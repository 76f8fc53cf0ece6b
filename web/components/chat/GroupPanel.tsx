'use client';
// A group's info panel beside its chat (a full-screen sheet on a phone, over the chat's edge
// between 768 and 1024 px): the name (the owner renames, GROUP_RENAME), every member
// with a role (GROUP_MEMBERS), inviting friends (GROUP_INVITE) and leaving (GROUP_LEAVE).
import { Limits } from '@parley/proto';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { displayName } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import type { GroupMember } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { CloseIcon, PlusIcon } from '../icons';
import { errorText } from './errorText';
import { FriendPicker } from './FriendPicker';
import { InlineError } from '@/components/Alert';

const ROLE_TEXT: Record<GroupMember['role'], string | null> = {
  owner: 'Owner',
  admin: 'Admin',
  member: null,
};

const SMALL_BUTTON =
  'h-8 rounded px-3 text-sm disabled:opacity-60 bg-wx-accent text-wx-on-fill hover:bg-wx-accent-hover';
const PLAIN_BUTTON =
  'h-8 rounded border border-wx-line bg-wx-card px-3 text-sm text-wx-text hover:bg-wx-card-hover';

function Rename({ groupId, name }: { groupId: string; name: string }) {
  const client = useChatClient();
  const [value, setValue] = useState(name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  useEffect(() => setValue(name), [name]);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    const next = value.trim();
    if (!next) return setError('The name must not be empty.');
    if (next === name) return;
    setBusy(true);
    setError(null);
    try {
      await client.renameGroup(groupId, next);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form aria-label="Rename group" onSubmit={(e) => void save(e)} className="space-y-1.5">
      <label htmlFor={id} className="block text-xs text-wx-muted">
        Group name
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          value={value}
          maxLength={Limits.GROUP_NAME_MAX}
          onChange={(e) => setValue(e.target.value)}
          className="h-8 min-w-0 flex-1 rounded border border-wx-line bg-wx-card px-2 text-sm outline-none focus:border-wx-green"
        />
        <button
          type="submit"
          disabled={busy || !value.trim() || value.trim() === name}
          className={SMALL_BUTTON}
        >
          {busy ? 'Saving…' : 'Rename'}
        </button>
      </div>
      <InlineError error={error} />
    </form>
  );
}

function Invite({
  groupId,
  members,
  onDone,
}: {
  groupId: string;
  members: ReadonlySet<string>;
  onDone: () => void;
}) {
  const client = useChatClient();
  const friends = useChatState((s) => s.friends);
  const [picked, setPicked] = useState<Set<string>>(() => new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function invite(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await client.inviteToGroup(groupId, [...picked]);
      onDone();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <div
      role="group"
      aria-label="Invite friends"
      className="flex max-h-[320px] min-h-0 flex-col gap-2 rounded border border-wx-line bg-wx-card p-2"
    >
      <FriendPicker
        friends={friends}
        picked={picked}
        onChange={setPicked}
        label="Friends to invite"
        exclude={members}
      />
      <InlineError error={error} />
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy || picked.size === 0}
          onClick={() => void invite()}
          className={SMALL_BUTTON}
        >
          {busy ? 'Inviting…' : `Invite${picked.size > 0 ? ` (${String(picked.size)})` : ''}`}
        </button>
        <button type="button" onClick={onDone} className={PLAIN_BUTTON}>
          Cancel
        </button>
      </div>
    </div>
  );
}

export function GroupPanel({
  conversationId,
  onClose,
}: {
  conversationId: string;
  onClose: () => void;
}) {
  const client = useChatClient();
  const group = useChatState((s) => s.conversations[conversationId]?.group);
  const groupId = group?.groupId;
  const full = useChatState((s) => (groupId ? s.groupMembers[groupId] : undefined));
  const me = useChatState((s) => s.me.uid);
  const friends = useChatState((s) => s.friends);
  const [inviting, setInviting] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!groupId) return;
    client.loadGroupMembers(groupId).catch((err: unknown) => setError(errorText(err)));
  }, [client, groupId]);

  const members: readonly GroupMember[] = useMemo(
    () =>
      full ??
      (group?.members ?? []).map((m) => ({
        ...m,
        role: m.uid === group?.ownerUid ? ('owner' as const) : ('member' as const),
        joinedAt: 0,
      })),
    [full, group],
  );
  const memberIds = useMemo(() => new Set(members.map((m) => m.uid)), [members]);

  if (!group || !groupId) return null;
  const owner = group.ownerUid ?? members.find((m) => m.role === 'owner')?.uid;
  const count = Math.max(group.memberCount ?? 0, members.length);

  async function leave(): Promise<void> {
    if (!groupId) return;
    setLeaving(true);
    setError(null);
    try {
      await client.leaveGroup(groupId);
      // The conversation is gone from the store; the chat pane empties itself.
    } catch (err) {
      setError(errorText(err));
      setLeaving(false);
    }
  }

  return (
    <aside
      aria-label="Group info"
      className="fixed inset-0 z-30 flex w-full flex-col bg-wx-list md:absolute md:inset-y-0 md:right-0 md:left-auto md:w-[280px] md:border-l md:border-wx-sep md:shadow-[-4px_0_16px_rgba(0,0,0,0.08)] lg:static lg:shrink-0 lg:shadow-none"
    >
      <header className="flex h-12 shrink-0 items-center justify-between border-b border-wx-sep px-4 md:h-[60px] md:border-b-0">
        <h3 className="text-sm text-wx-text">Chat info</h3>
        <button
          type="button"
          aria-label="Close group info"
          onClick={onClose}
          className="flex h-9 w-9 items-center justify-center rounded text-wx-icon hover:bg-wx-hover md:h-7 md:w-7 [&_svg]:h-4 [&_svg]:w-4"
        >
          <CloseIcon />
        </button>
      </header>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto px-4 pb-5">
        {owner === me ? (
          <Rename groupId={groupId} name={group.name} />
        ) : (
          <div>
            <p className="text-xs text-wx-muted">Group name</p>
            <p className="mt-1 text-sm break-words text-wx-text">{group.name}</p>
          </div>
        )}
        <div>
          <div className="mb-2 flex items-center justify-between">
            <p className="text-xs text-wx-muted">Members ({count})</p>
            {!inviting ? (
              <button
                type="button"
                onClick={() => setInviting(true)}
                className="flex items-center gap-1 text-xs text-wx-link hover:underline"
              >
                <PlusIcon /> Add members
              </button>
            ) : null}
          </div>
          {inviting ? (
            <Invite groupId={groupId} members={memberIds} onDone={() => setInviting(false)} />
          ) : null}
          <ul aria-label="Members" className="mt-2 space-y-0.5">
            {members.map((m) => {
              const name = displayName(m, friends[m.uid]?.remark);
              const role = ROLE_TEXT[m.role];
              return (
                <li
                  key={m.uid}
                  aria-label={name}
                  className="flex items-center gap-2.5 rounded px-1 py-1.5 text-sm"
                >
                  <Avatar name={name} avatar={m.avatar} seed={m.uid} size={32} />
                  <span className="min-w-0 flex-1 truncate text-wx-text">
                    {name}
                    {m.uid === me ? <span className="text-wx-muted"> (you)</span> : null}
                  </span>
                  {role ? (
                    <span
                      data-testid="member-role"
                      className="shrink-0 rounded-sm bg-wx-green-light px-1.5 text-[11px] text-wx-green"
                    >
                      {role}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </div>
        <InlineError error={error} />
        {confirmLeave ? (
          <div role="group" aria-label="Confirm leaving" className="space-y-2">
            <p className="text-sm text-wx-text">
              Leave this group chat? You will no longer get its messages.
            </p>
            <div className="flex gap-2">
              <button
                type="button"
                disabled={leaving}
                onClick={() => void leave()}
                className="h-8 rounded bg-wx-danger-fill px-3 text-sm text-wx-on-fill disabled:opacity-60"
              >
                {leaving ? 'Leaving…' : 'Leave'}
              </button>
              <button type="button" onClick={() => setConfirmLeave(false)} className={PLAIN_BUTTON}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            onClick={() => setConfirmLeave(true)}
            className="h-9 w-full rounded border border-wx-line bg-wx-card text-sm text-wx-danger hover:bg-wx-card-hover"
          >
            Leave group
          </button>
        )}
      </div>
    </aside>
  );
}
