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
import { deviceId, deviceNameFor } from './device';
import { api } from '../api';
import { parseSession, saveSession, SESSION_KEY } from '../session';
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
/** Failed dials in a row before asking GateServer for another ChatServer: the assigned one may
 *  have gone away for good (the bridge refuses names that are no longer registered). */
const REASSIGN_AFTER_MISSES = 2;

/** The bridge target for each dial: the session's ChatServer, or a fresh one from GateServer
 *  after repeated failures, remembered in the stored session for the next page load. */
function dialer(session: ChatSessionInfo) {
  let server = session.server;
  let misses = 0;
  return {
    connected: () => void (misses = 0),
    url: async (move?: boolean): Promise<string> => {
      // A draining server (PROTOCOL.md §9.5) is left at once for a fresh assignment.
      if (move || misses++ >= REASSIGN_AFTER_MISSES) {
        misses = 0;
        const r = await api.assign(session.token);
        if (r.ok) {
          server = r.data.chat.server;
          const stored = parseSession(localStorage.getItem(SESSION_KEY));
          if (stored && stored.token === session.token)
            saveSession({ ...stored, chat: r.data.chat });
        }
      }
      return bridgeUrl(window.location, await bridgePort(), server);
    },
  };
}

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
  const [dial] = useState(() => dialer(session));
  const [client] = useState(
    () =>
      new ChatClient({
        uid: session.uid,
        token: session.token,
        me: initialMe(session),
        // §9.2: this browser profile is one device; another profile of the same person is another.
        device: {
          deviceId: deviceId(localStorage),
          deviceName: deviceNameFor(navigator.userAgent),
        },
        url: dial.url,
        onExpired,
        onError: (context, err) => console.warn(`[chat] ${context}:`, err),
      }),
  );

  useEffect(
    () =>
      client.store.subscribe(() => {
        if (client.store.getState().connection.status === 'online') dial.connected();
      }),
    [client, dial],
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
