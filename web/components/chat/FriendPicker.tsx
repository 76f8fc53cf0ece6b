'use client';
// A checklist of friends with a search box: for a new group, and for inviting to one.
import { useId, useMemo, useState } from 'react';
import { displayName } from '@/lib/chat/format';
import type { Friend } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { SearchBox } from './ConversationList';

export function FriendPicker({
  friends,
  picked,
  onChange,
  label,
  exclude,
}: {
  friends: Readonly<Record<string, Friend>>;
  picked: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  label: string;
  /** Shown greyed out and not pickable (already members). */
  exclude?: ReadonlySet<string>;
}) {
  const [query, setQuery] = useState('');
  const id = useId();
  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    return Object.values(friends)
      .map((f) => ({ f, name: displayName(f, f.remark) }))
      .filter(
        ({ f, name }) =>
          !q || name.toLowerCase().includes(q) || f.username.toLowerCase().includes(q),
      )
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  }, [friends, query]);

  const toggle = (uid: string) => {
    const next = new Set(picked);
    if (next.has(uid)) next.delete(uid);
    else next.add(uid);
    onChange(next);
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex pb-2">
        <SearchBox label={`Search ${label.toLowerCase()}`} value={query} onChange={setQuery} />
      </div>
      {list.length === 0 ? (
        <p className="py-6 text-center text-xs text-wx-faint">
          {query ? 'No matching friends' : 'No friends yet. Add some under Contacts first.'}
        </p>
      ) : (
        <ul aria-label={label} className="min-h-0 flex-1 overflow-y-auto">
          {list.map(({ f, name }) => {
            const member = exclude?.has(f.uid) ?? false;
            return (
              <li key={f.uid}>
                <label
                  htmlFor={`${id}-${f.uid}`}
                  className={`flex items-center gap-3 rounded px-2 py-1.5 text-sm ${
                    member ? 'text-wx-faint' : 'cursor-pointer text-wx-text hover:bg-wx-card-hover'
                  }`}
                >
                  <input
                    id={`${id}-${f.uid}`}
                    type="checkbox"
                    checked={member || picked.has(f.uid)}
                    disabled={member}
                    onChange={() => toggle(f.uid)}
                    className="h-4 w-4 accent-wx-green"
                  />
                  <Avatar name={name} avatar={f.avatar} seed={f.uid} size={28} />
                  <span className="min-w-0 flex-1 truncate">{name}</span>
                  {member ? <span className="text-xs">Member</span> : null}
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
