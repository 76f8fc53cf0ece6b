'use client';
// The WeChat layout over the chat client, one component tree for every width: from 768 px the
// desktop's icon rail | list | content; below it the phone's full-screen list or page with a
// bottom tab bar. A banner shows while the connection is down. Views: chats, contacts, me.
import { useRouter } from 'next/navigation';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ChatProvider, useChatClient, useChatState } from '@/lib/chat/react';
import { clearSession, type Session } from '@/lib/session';
import { Announcer } from './Announcer';
import { ChatPane } from './ChatPane';
import { ConnectionBanner } from './ConnectionBanner';
import { ContactsView } from './ContactsView';
import { ConversationList } from './ConversationList';
import { MeView } from './MeView';
import { NavRail, type View } from './NavRail';
import { Notifier } from './Notifier';
import { useVisualViewport } from './useVisualViewport';

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
  /** A contacts page (new friends, add contact, a profile card…) is open over the list. */
  const [contactsSheet, setContactsSheet] = useState(false);
  /** Opening Contacts on its "New group chat" pane (from the chat list's button). */
  const [contactsStart, setContactsStart] = useState<{ pane?: 'group'; n: number }>({ n: 0 });
  const incoming = useChatState((s) => s.requests.incoming);
  const status = useChatState((s) => s.connection.status);
  const pendingRequests = useMemo(
    () => incoming.filter((r) => r.status === 'pending').length,
    [incoming],
  );

  /** A message search hit: its conversation, at that message (ChatPane pages history to it).
   *  Any other way of opening a chat drops it, so coming back does not jump again. */
  const [jump, setJump] = useState<{ conversationId: string; seq: number; nonce: number } | null>(
    null,
  );
  /** Each jump's own number: the same hit clicked again jumps again. */
  const jumps = useRef(0);

  const setActive = useCallback(
    (cid: string | null) => {
      setJump(null);
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

  const back = useCallback(() => setActive(null), [setActive]);

  const openAt = useCallback(
    (cid: string, seq: number) => {
      setView('chats');
      setActive(cid);
      setJump({ conversationId: cid, seq, nonce: ++jumps.current });
    },
    [setActive],
  );

  const openChat = useCallback(
    (cid: string) => {
      setView('chats');
      setActive(cid);
    },
    [setActive],
  );

  // On a phone the panes stack: an open conversation or contacts page covers the list, and the
  // tab bar steps aside (as in WeChat) until the back arrow returns to the list.
  const inner = (view === 'chats' && active !== null) || (view === 'contacts' && contactsSheet);
  const viewport = useVisualViewport();

  return (
    <div
      data-testid="chat-app"
      data-connection={status}
      data-inner={inner ? 'true' : 'false'}
      style={viewport}
      className="flex h-dvh w-full overflow-hidden bg-wx-panel md:p-4 lg:p-8"
    >
      <div className="mx-auto flex h-full w-full max-w-[1180px] flex-col-reverse overflow-hidden bg-wx-bg md:flex-row md:rounded-md md:shadow-[0_2px_16px_rgba(0,0,0,0.08)]">
        <NavRail view={view} onView={go} contactsBadge={pendingRequests} phoneHidden={inner} />
        <div className="flex min-h-0 min-w-0 flex-1 flex-col">
          <ConnectionBanner />
          <Announcer />
          <Notifier onOpen={openChat} />
          <div className="flex min-h-0 flex-1">
            {view === 'chats' ? (
              <>
                <ConversationList
                  active={active}
                  onOpen={setActive}
                  onOpenAt={openAt}
                  onNewGroup={newGroup}
                  phoneHidden={active !== null}
                />
                <ChatPane
                  conversationId={active}
                  onBack={back}
                  jump={jump && jump.conversationId === active ? jump : null}
                />
              </>
            ) : null}
            {view === 'contacts' ? (
              <ContactsView
                key={contactsStart.n}
                onOpenChat={openChat}
                onSheet={setContactsSheet}
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
