// ChatClients on a FakeChat (and optionally a FakeGate's fetch), stopped by `stopClients` in
// afterEach. Extend the options as the client grows.
import { ChatClient } from '../../lib/chat/client';
import type { FakeChat } from './fake-chat';
import type { FakeGate } from './fake-gate';

const live: ChatClient[] = [];

export function startClient(fake: FakeChat, gate?: FakeGate): ChatClient {
  const c = new ChatClient({
    uid: fake.me.uid,
    token: 'good',
    me: { ...fake.me },
    url: () => Promise.resolve('ws://fake/ws?server=chat-1'),
    transport: fake.transport,
    backoff: { baseMs: 2, maxMs: 10, factor: 2 },
    ...(gate ? { fetch: gate.fetch } : {}),
  });
  live.push(c);
  c.start();
  return c;
}

export function stopClients(): void {
  for (const c of live.splice(0)) c.stop();
}

/** Logged in, synchronised and with the friend list: ready for a test to act. */
export const ready = (c: ChatClient) => (): boolean =>
  c.store.state.connection.status === 'online' &&
  !c.store.state.connection.syncing &&
  c.store.state.friendsLoaded;
