'use client';
import { useMemo, useState, type ReactNode } from 'react';
import { conversationName, displayName, listTime, previewText } from '@/lib/chat/format';
import { useChatState } from '@/lib/chat/react';
import { unreadOf } from '@/lib/chat/store';
import type { Conversation } from '@/lib/chat/types';
import { Avatar } from '../Avatar';
import { GroupIcon, SearchIcon } from '../icons';
import { GroupAvatar } from './GroupAvatar';
import { MessageSearch } from './MessageSearch';

interface Row {
  c: Conversation;
  name: string;
  preview: string;
  at: number;
  unread: number;
  muted: boolean;
  typing: boolean;
}

export function SearchBox({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <div className="relative min-w-0 flex-1">
      <span className="pointer-events-none absolute top-1/2 left-2 -translate-y-1/2 text-wx-faint">
        <SearchIcon />
      </span>
      <input
        type="search"
        aria-label={label}
        placeholder="Search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className="h-7 w-full rounded bg-wx-field pr-2 pl-7 text-xs text-wx-text outline-none placeholder:text-wx-faint focus:bg-wx-card"
      />
    </div>
  );
}

/** A square icon button beside a list's search box (add contact, new group chat). */
export function ToolButton({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      onClick={onClick}
      className="flex h-7 w-7 shrink-0 items-center justify-center rounded bg-wx-field text-wx-icon hover:bg-wx-hover [&_svg]:h-[18px] [&_svg]:w-[18px]"
    >
      {children}
    </button>
  );
}

/** The middle column of the chats view: search box and conversations, newest activity first.
 *  While the box holds a query, the chats whose name matches, then the messages that contain it
 *  (SEARCH_MSG, PROTOCOL.md §9.3). */
export function ConversationList({
  active,
  onOpen,
  onOpenAt,
  onNewGroup,
  phoneHidden = false,
}: {
  active: string | null;
  onOpen: (conversationId: string) => void;
  /** Open a conversation at one of its messages (a message search hit). */
  onOpenAt?: (conversationId: string, seq: number) => void;
  onNewGroup?: () => void;
  /** A conversation covers the list (phone layout only; beside it from 768 px). */
  phoneHidden?: boolean;
}) {
  const conversations = useChatState((s) => s.conversations);
  const friends = useChatState((s) => s.friends);
  const typing = useChatState((s) => s.typing);
  const me = useChatState((s) => s.me.uid);
  const [query, setQuery] = useState('');

  const rows = useMemo(() => {
    const all: Row[] = Object.values(conversations).map((c) => ({
      c,
      name: conversationName(c, friends),
      preview: previewText(
        c.lastMessage,
        me,
        (uid) =>
          displayName(
            friends[uid] ?? c.group?.members.find((m) => m.uid === uid) ?? { uid },
            friends[uid]?.remark,
          ),
        c.kind === 'group',
      ),
      at: c.lastMessage?.sentAt ?? 0,
      unread: unreadOf(c),
      muted: c.muted === true,
      typing: Object.keys(typing[c.conversationId] ?? {}).length > 0,
    }));
    const q = query.trim().toLowerCase();
    const shown = q
      ? all.filter(
          (r) =>
            r.name.toLowerCase().includes(q) ||
            (r.c.peer?.username.toLowerCase().includes(q) ?? false),
        )
      : all;
    return shown.sort((a, b) => b.at - a.at || a.name.localeCompare(b.name));
  }, [conversations, friends, typing, me, query]);

  return (
    <aside
      aria-label="Conversations"
      className={`${phoneHidden ? 'hidden md:flex' : 'flex'} w-full min-w-0 flex-col bg-wx-list md:w-[250px] md:shrink-0 md:border-r md:border-wx-line-strong`}
    >
      <h1 className="flex h-12 shrink-0 items-center justify-center text-[17px] font-medium text-wx-text md:hidden">
        Chats
      </h1>
      <div className="flex items-center gap-2 px-3 pt-1 pb-3 md:pt-5">
        <SearchBox label="Search conversations" value={query} onChange={setQuery} />
        {onNewGroup ? (
          <ToolButton label="Start group chat" onClick={onNewGroup}>
            <GroupIcon />
          </ToolButton>
        ) : null}
      </div>
      {rows.length === 0 && !query.trim() ? (
        <div className="flex flex-1 flex-col items-center justify-center gap-1 px-6 text-center text-sm text-wx-muted">
          <p>No chats yet</p>
          <p className="text-xs text-wx-faint">Add a friend under Contacts to start one.</p>
        </div>
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          {rows.length === 0 ? (
            <p className="px-3 py-3 text-center text-sm text-wx-muted">No matching chats</p>
          ) : null}
          <ul aria-label="Chats">
            {rows.map((r) => (
              <li key={r.c.conversationId} aria-label={r.name}>
                <button
                  type="button"
                  onClick={() => onOpen(r.c.conversationId)}
                  aria-current={active === r.c.conversationId ? 'true' : undefined}
                  className={`flex w-full items-center gap-2.5 px-3 py-3 text-left transition-colors ${
                    active === r.c.conversationId ? 'bg-wx-selected' : 'hover:bg-wx-hover'
                  }`}
                >
                  <span className="relative">
                    {r.c.kind === 'group' && r.c.group ? (
                      <GroupAvatar members={r.c.group.members} size={40} />
                    ) : (
                      <Avatar
                        name={r.name}
                        avatar={r.c.peer?.avatar}
                        seed={r.c.peer?.uid ?? r.c.conversationId}
                        size={40}
                      />
                    )}
                    {r.unread > 0 && r.muted ? (
                      <span
                        aria-label="Muted, unread messages"
                        data-testid="unread-dot"
                        className="absolute -top-1 -right-1 h-2.5 w-2.5 rounded-full bg-wx-danger-fill"
                      />
                    ) : r.unread > 0 ? (
                      <span
                        aria-label={`${String(r.unread)} unread`}
                        data-testid="unread-badge"
                        className="absolute -top-1.5 -right-1.5 min-w-[18px] rounded-full bg-wx-danger-fill px-1 text-center text-[11px] leading-[18px] text-wx-on-fill"
                      >
                        {r.unread > 99 ? '99+' : r.unread}
                      </span>
                    ) : null}
                  </span>
                  <span className="min-w-0 flex-1">
                    <span className="flex items-baseline justify-between gap-2">
                      <span className="truncate text-sm text-wx-text">{r.name}</span>
                      {r.at > 0 ? (
                        <time className="shrink-0 text-[11px] text-wx-faint">{listTime(r.at)}</time>
                      ) : null}
                    </span>
                    <span className="mt-0.5 block truncate text-xs text-wx-faint">
                      {r.typing ? (
                        <span className="text-wx-green">typing…</span>
                      ) : (
                        r.preview || '\u00a0'
                      )}
                    </span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {onOpenAt && query.trim() ? <MessageSearch query={query} onOpenAt={onOpenAt} /> : null}
        </div>
      )}
    </aside>
  );
}
