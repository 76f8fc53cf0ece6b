'use client';
import { useEffect, useMemo, useState } from 'react';
import { displayName, indexLetter } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import type { Friend } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { AddUserIcon, GroupIcon, PersonIcon } from '../icons';
import { SearchBox, ToolButton } from './ConversationList';
import { AddContact } from './AddContact';
import { FriendCard } from './FriendCard';
import { GroupAvatar } from './GroupAvatar';
import { NewFriends } from './NewFriends';
import { NewGroup } from './NewGroup';

type Selection =
  { kind: 'new' } | { kind: 'add' } | { kind: 'group' } | { kind: 'friend'; uid: string } | null;

/** Contacts: "New friends", adding by search, a new group chat, the group chats, and friends
 *  A–Z with a profile card. `start` opens one of the panes at once. */
export function ContactsView({
  onOpenChat,
  onSheet,
  start,
}: {
  onOpenChat: (conversationId: string) => void;
  /** A page opened over the list (phone layout), or closed again. */
  onSheet?: (open: boolean) => void;
  start?: 'group';
}) {
  const friends = useChatState((s) => s.friends);
  const incoming = useChatState((s) => s.requests.incoming);
  const conversations = useChatState((s) => s.conversations);
  const [query, setQuery] = useState('');
  const [sel, setSel] = useState<Selection>(start === 'group' ? { kind: 'group' } : null);
  const pending = incoming.filter((r) => r.status === 'pending').length;
  const groupChats = useMemo(() => {
    const q = query.trim().toLowerCase();
    return Object.values(conversations)
      .flatMap((c) => (c.kind === 'group' && c.group ? [c.group] : []))
      .filter((g) => !q || g.name.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }, [conversations, query]);

  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = Object.values(friends)
      .map((f) => ({ f, name: displayName(f, f.remark) }))
      .filter(
        ({ f, name }) =>
          !q || name.toLowerCase().includes(q) || f.username.toLowerCase().includes(q),
      )
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
    const by = new Map<string, { f: Friend; name: string }[]>();
    for (const x of list) {
      const k = indexLetter(x.name);
      by.set(k, [...(by.get(k) ?? []), x]);
    }
    // A–Z, then "#" for names that do not start with a Latin letter.
    return [...by.entries()].sort(([a], [b]) =>
      a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b),
    );
  }, [friends, query]);

  const item = (active: boolean) =>
    `flex w-full items-center gap-2.5 px-3 py-2.5 text-left text-sm text-wx-text transition-colors ${
      active ? 'bg-wx-selected' : 'hover:bg-wx-hover'
    }`;
  const selected = sel?.kind === 'friend' ? friends[sel.uid] : undefined;
  const open = sel !== null && (sel.kind !== 'friend' || selected !== undefined);
  useEffect(() => {
    onSheet?.(open);
  }, [onSheet, open]);
  useEffect(() => () => onSheet?.(false), [onSheet]);
  const back = () => setSel(null);

  return (
    <>
      <aside
        aria-label="Contacts"
        className={`${open ? 'hidden md:flex' : 'flex'} w-full min-w-0 flex-col bg-wx-list md:w-[250px] md:shrink-0 md:border-r md:border-wx-line-strong`}
      >
        <h1 className="flex h-12 shrink-0 items-center justify-center text-[17px] font-medium text-wx-text md:hidden">
          Contacts
        </h1>
        <div className="flex items-center gap-2 px-3 pt-1 pb-3 md:pt-5">
          <SearchBox label="Search contacts" value={query} onChange={setQuery} />
          <ToolButton label="Add contact" onClick={() => setSel({ kind: 'add' })}>
            <AddUserIcon />
          </ToolButton>
          <ToolButton label="New group chat" onClick={() => setSel({ kind: 'group' })}>
            <GroupIcon />
          </ToolButton>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <button
            type="button"
            onClick={() => setSel({ kind: 'new' })}
            aria-current={sel?.kind === 'new' ? 'true' : undefined}
            className={item(sel?.kind === 'new')}
          >
            <span className="flex h-9 w-9 items-center justify-center rounded-[4px] bg-[#fa9d3b] text-wx-on-fill">
              <AddUserIcon />
            </span>
            <span className="flex-1">New friends</span>
            {pending > 0 ? (
              <span
                aria-label={`${String(pending)} new friend requests`}
                className="min-w-[18px] rounded-full bg-wx-danger-fill px-1 text-center text-[11px] leading-[18px] text-wx-on-fill"
              >
                {pending}
              </span>
            ) : null}
          </button>
          {groupChats.length > 0 ? (
            <div>
              <h3 className="px-3 pt-3 pb-1 text-xs text-wx-muted">Group chats</h3>
              <ul aria-label="Group chats">
                {groupChats.map((g) => (
                  <li key={g.groupId} aria-label={g.name}>
                    <button
                      type="button"
                      onClick={() => onOpenChat(g.conversationId)}
                      className={item(false)}
                    >
                      <GroupAvatar members={g.members} size={36} />
                      <span className="min-w-0 flex-1 truncate">{g.name}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {groups.length === 0 ? (
            <p className="px-4 py-6 text-center text-xs text-wx-faint">
              {query ? 'No matching contacts' : 'No friends yet. Use + to add one.'}
            </p>
          ) : (
            <ul aria-label="Friends">
              {groups.map(([letter, members]) => (
                <li key={letter} aria-label={`Letter ${letter}`}>
                  <h3 className="px-3 pt-3 pb-1 text-xs text-wx-muted">{letter}</h3>
                  <ul>
                    {members.map(({ f, name }) => (
                      <li key={f.uid} aria-label={name}>
                        <button
                          type="button"
                          onClick={() => setSel({ kind: 'friend', uid: f.uid })}
                          aria-current={
                            sel?.kind === 'friend' && sel.uid === f.uid ? 'true' : undefined
                          }
                          className={item(sel?.kind === 'friend' && sel.uid === f.uid)}
                        >
                          <Avatar name={name} avatar={f.avatar} seed={f.uid} size={36} />
                          <span className="min-w-0 flex-1 truncate">{name}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
        </div>
      </aside>
      <div className={`${open ? 'flex' : 'hidden md:flex'} min-w-0 flex-1 flex-col`}>
        {sel?.kind === 'new' ? <NewFriends onOpenChat={onOpenChat} onBack={back} /> : null}
        {sel?.kind === 'add' ? <AddContact onOpenChat={onOpenChat} onBack={back} /> : null}
        {sel?.kind === 'group' ? <NewGroup onOpenChat={onOpenChat} onBack={back} /> : null}
        {selected ? <FriendCard friend={selected} onOpenChat={onOpenChat} onBack={back} /> : null}
        {!open ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-2 text-wx-faint">
            <PersonIcon />
            <p className="text-sm">Select a contact</p>
          </div>
        ) : null}
      </div>
    </>
  );
}
