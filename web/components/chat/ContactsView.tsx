'use client';
import { useMemo, useState } from 'react';
import { displayName, indexLetter } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import type { Friend } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { AddUserIcon, PersonIcon } from '../icons';
import { SearchBox } from './ConversationList';
import { AddContact } from './AddContact';
import { FriendCard } from './FriendCard';
import { NewFriends } from './NewFriends';

type Selection = { kind: 'new' } | { kind: 'add' } | { kind: 'friend'; uid: string } | null;

/** Contacts: "New friends", adding by search, and friends A–Z with a profile card. */
export function ContactsView({ onOpenChat }: { onOpenChat: (conversationId: string) => void }) {
  const friends = useChatState((s) => s.friends);
  const incoming = useChatState((s) => s.requests.incoming);
  const [query, setQuery] = useState('');
  const [sel, setSel] = useState<Selection>(null);
  const pending = incoming.filter((r) => r.status === 'pending').length;

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
      active ? 'bg-[#c9c9c9]' : 'hover:bg-[#dedede]'
    }`;
  const selected = sel?.kind === 'friend' ? friends[sel.uid] : undefined;

  return (
    <>
      <aside
        aria-label="Contacts"
        className="flex w-[250px] shrink-0 flex-col border-r border-[#d6d6d6] bg-wx-list"
      >
        <div className="flex items-center gap-2 px-3 pt-5 pb-3">
          <SearchBox label="Search contacts" value={query} onChange={setQuery} />
          <button
            type="button"
            aria-label="Add contact"
            title="Add contact"
            onClick={() => setSel({ kind: 'add' })}
            className="flex h-7 w-7 shrink-0 items-center justify-center rounded bg-[#e2e2e2] text-[#555] hover:bg-[#d6d6d6] [&_svg]:h-[18px] [&_svg]:w-[18px]"
          >
            <AddUserIcon />
          </button>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <button
            type="button"
            onClick={() => setSel({ kind: 'new' })}
            aria-current={sel?.kind === 'new' ? 'true' : undefined}
            className={item(sel?.kind === 'new')}
          >
            <span className="flex h-9 w-9 items-center justify-center rounded-[4px] bg-[#fa9d3b] text-white">
              <AddUserIcon />
            </span>
            <span className="flex-1">New friends</span>
            {pending > 0 ? (
              <span
                aria-label={`${String(pending)} new friend requests`}
                className="min-w-[18px] rounded-full bg-wx-danger px-1 text-center text-[11px] leading-[18px] text-white"
              >
                {pending}
              </span>
            ) : null}
          </button>
          {groups.length === 0 ? (
            <p className="px-4 py-6 text-center text-xs text-[#b2b2b2]">
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
                          <Avatar name={name} seed={f.uid} size={36} />
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
      <div className="flex min-w-0 flex-1 flex-col">
        {sel?.kind === 'new' ? <NewFriends onOpenChat={onOpenChat} /> : null}
        {sel?.kind === 'add' ? <AddContact onOpenChat={onOpenChat} /> : null}
        {selected ? <FriendCard friend={selected} onOpenChat={onOpenChat} /> : null}
        {!sel || (sel.kind === 'friend' && !selected) ? (
          <div className="flex flex-1 flex-col items-center justify-center gap-2 text-[#c4c4c4]">
            <PersonIcon />
            <p className="text-sm">Select a contact</p>
          </div>
        ) : null}
      </div>
    </>
  );
}
