'use client';
// The WeChat desktop layout over the chat client: icon rail | list | content, with a banner while
// the connection is down. Views: chats, contacts, me (profile and settings).
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { ChatProvider, useChatClient, useChatState } from '@/lib/chat/react';
import { clearSession, type Session } from '@/lib/session';
import { ChatPane } from './ChatPane';
import { ConnectionBanner } from './ConnectionBanner';
import { ContactsView } from './ContactsView';
import { ConversationList } from './ConversationList';
import { MeView } from './MeView';
import { NavRail, type View } from './NavRail';

export function ChatApp({ session }: { session: Session }) {
  const router = useRouter();
  const onExpired = useCallback(() => {
    // TOKEN_INVALID (§6 1010): the session is dead; log in again.
    clearSession();
    router.replace('/login');
  }, [router]);
  const info = useMemo(
    () => ({
      uid: session.uid,
      token: session.token,
      server: session.chat.server,
      user: session.user,
    }),
    [session],
  );
  return (
    <ChatProvider session={info} onExpired={onExpired}>
      <Shell session={session} />
    </ChatProvider>
  );
}

function Shell({ session }: { session: Session }) {
  const client = useChatClient();
  const [view, setView] = useState<View>('chats');
  const [active, setActiveState] = useState<string | null>(null);
  /** Opening Contacts on its "New group chat" pane (from the chat list's button). */
  const [contactsStart, setContactsStart] = useState<{ pane?: 'group'; n: number }>({ n: 0 });
  const incoming = useChatState((s) => s.requests.incoming);
  const status = useChatState((s) => s.connection.status);
  const pendingRequests = useMemo(
    () => incoming.filter((r) => r.status === 'pending').length,
    [incoming],
  );

  const setActive = useCallback(
    (cid: string | null) => {
      setActiveState(cid);
      client.setActive(cid);
    },
    [client],
  );

  const go = useCallback(
    (v: View) => {
      setView(v);
      // The nav opens Contacts plainly (not on the pane the chat list's button asked for).
      setContactsStart((s) => (s.pane ? { n: s.n + 1 } : s));
      // Leaving the chats view closes the open chat, so coming back shows the list with its
      // unread badges instead of silently reading (READ) whatever was open before.
      if (v !== 'chats') setActive(null);
    },
    [setActive],
  );

  const newGroup = useCallback(() => {
    setActive(null);
    setView('contacts');
    setContactsStart((s) => ({ pane: 'group', n: s.n + 1 }));
  }, [setActive]);

  const openChat = useCallback(
    (cid: string) => {
      setView('chats');
      setActive(cid);
    },
    [setActive],
  );

  return (
    <div
      data-testid="chat-app"
      data-connection={status}
      className="flex h-dvh bg-wx-panel sm:p-4 lg:p-8"
    >
      <div className="mx-auto flex h-full w-full max-w-[1180px] overflow-hidden bg-wx-bg shadow-[0_2px_16px_rgba(0,0,0,0.08)] sm:rounded-md">
        <NavRail view={view} onView={go} contactsBadge={pendingRequests} />
        <div className="flex min-w-0 flex-1 flex-col">
          <ConnectionBanner />
          <div className="flex min-h-0 flex-1">
            {view === 'chats' ? (
              <>
                <ConversationList active={active} onOpen={setActive} onNewGroup={newGroup} />
                <ChatPane conversationId={active} />
              </>
            ) : null}
            {view === 'contacts' ? (
              <ContactsView
                key={contactsStart.n}
                onOpenChat={openChat}
                {...(contactsStart.pane ? { start: contactsStart.pane } : {})}
              />
            ) : null}
            {view === 'me' ? <MeView session={session} /> : null}
          </div>
        </div>
      </div>
    </div>
  );
}
