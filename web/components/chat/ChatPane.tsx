'use client';
import { useMemo } from 'react';
import { conversationName } from '@/lib/chat/format';
import { useChatClient, useChatState } from '@/lib/chat/react';
import { Composer } from './Composer';
import { MessageList } from './MessageList';

/** The right pane of the chats view: header (name, presence, typing), messages, composer. */
export function ChatPane({ conversationId }: { conversationId: string | null }) {
  const conv = useChatState((s) => (conversationId ? s.conversations[conversationId] : undefined));
  const friends = useChatState((s) => s.friends);
  const presence = useChatState((s) => s.presence);
  const typingMap = useChatState((s) => (conversationId ? s.typing[conversationId] : undefined));
  const client = useChatClient();

  const typing = useMemo(() => Object.keys(typingMap ?? {}).length > 0, [typingMap]);

  if (!conversationId || !conv) {
    return (
      <section aria-label="Chat" className="flex min-w-0 flex-1 items-center justify-center">
        <p className="text-sm text-[#b2b2b2]">Select a chat to start messaging</p>
      </section>
    );
  }
  const name = conversationName(conv, friends);
  const peerUid = conv.peer?.uid;
  const online = peerUid ? (presence[peerUid] ?? friends[peerUid]?.online ?? false) : false;
  const state = typing ? 'typing…' : conv.kind === 'group' ? '' : online ? 'Online' : 'Offline';

  return (
    <section aria-label="Chat" className="flex min-w-0 flex-1 flex-col">
      <header className="flex h-[60px] shrink-0 items-center justify-between gap-4 border-b border-[#e7e7e7] px-6">
        <div className="min-w-0">
          <h2 className="truncate text-base text-wx-text">{name}</h2>
          {state ? (
            <p
              aria-label="Contact status"
              aria-live="polite"
              className={`text-xs ${typing || online ? 'text-wx-green' : 'text-wx-muted'}`}
            >
              {state}
            </p>
          ) : null}
        </div>
      </header>
      <MessageList key={conversationId} conversationId={conversationId} />
      <Composer
        key={`composer-${conversationId}`}
        onSend={(text) => client.sendText(conversationId, text)}
        onTyping={() => client.typing(conversationId)}
      />
    </section>
  );
}
