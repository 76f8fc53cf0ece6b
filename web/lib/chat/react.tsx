'use client';
// React on top of the framework-free client: one ChatClient per session, its store read with
// useSyncExternalStore, and the browser signals (visibility, network, tab title) wired in.
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { ChatClient } from './client';
import { bridgePort, bridgeUrl } from './config';
import { totalUnread } from './store';
import type { ChatState, UserCard } from './types';

const ClientContext = createContext<ChatClient | null>(null);

export interface ChatSessionInfo {
  uid: string;
  token: string;
  server: string;
  user?: Partial<UserCard> | undefined;
}

const APP_TITLE = 'Parley';

function initialMe(s: ChatSessionInfo): UserCard {
  return {
    uid: s.uid,
    username: s.user?.username ?? '',
    nick: s.user?.nick ?? '',
    avatar: s.user?.avatar ?? '',
    bio: s.user?.bio ?? '',
  };
}

export function ChatProvider({
  session,
  onExpired,
  children,
}: {
  session: ChatSessionInfo;
  onExpired: () => void;
  children: ReactNode;
}) {
  // Created once per mount without side effects; started and stopped by the effect below (so
  // StrictMode's mount–unmount–mount leaves exactly one live connection).
  const [client] = useState(
    () =>
      new ChatClient({
        uid: session.uid,
        token: session.token,
        me: initialMe(session),
        url: async () => bridgeUrl(window.location, await bridgePort(), session.server),
        onExpired,
        onError: (context, err) => console.warn(`[chat] ${context}:`, err),
      }),
  );

  useEffect(() => {
    client.start();
    const onVisibility = () => client.setVisible(document.visibilityState === 'visible');
    const onOnline = () => client.networkChanged(true);
    const onOffline = () => client.networkChanged(false);
    onVisibility();
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      client.stop();
    };
  }, [client]);

  // Unread total in the tab title: "(3) Parley".
  const unread = useSyncExternalStore(
    client.store.subscribe,
    () => totalUnread(client.store.getState()),
    () => 0,
  );
  useEffect(() => {
    document.title = unread > 0 ? `(${String(unread)}) ${APP_TITLE}` : APP_TITLE;
  }, [unread]);
  useEffect(() => () => void (document.title = APP_TITLE), []);

  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}

export function useChatClient(): ChatClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('useChatClient outside <ChatProvider>');
  return c;
}

/** A slice of the chat state; `select` must return stable references (state parts, primitives). */
export function useChatState<T>(select: (s: ChatState) => T): T {
  const c = useChatClient();
  return useSyncExternalStore(
    c.store.subscribe,
    () => select(c.store.getState()),
    () => select(c.store.getState()),
  );
}
