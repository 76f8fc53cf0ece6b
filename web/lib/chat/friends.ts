// Friends (PROTOCOL.md §3 1007-1015, 1031-1034): search, requests both ways, the friend list, and
// the pushes that change them. The store keeps the result; presence starts from FRIEND_LIST's
// `online` and then follows PRESENCE_NOTIFY (see client.ts).
import { MsgType } from '@parley/proto';
import { list, toFriend, toFriendRequest, toUserCard } from './normalize';
import type { ChatStore } from './store';
import type { Rpc } from './sync';
import type { FriendRequest, UserCard } from './types';

export class Friends {
  readonly #store: ChatStore;
  readonly #rpc: Rpc;

  constructor(store: ChatStore, rpc: Rpc) {
    this.#store = store;
    this.#rpc = rpc;
  }

  async search(query: string): Promise<UserCard[]> {
    const rsp = await this.#rpc(MsgType.SEARCH_USER, { query });
    return list(rsp['users'], toUserCard);
  }

  async add(toUid: string, greeting: string, remark?: string): Promise<string> {
    const rsp = await this.#rpc(MsgType.FRIEND_ADD, {
      toUid,
      greeting,
      ...(remark ? { remark } : {}),
    });
    await this.refreshRequests().catch(() => undefined); // shows it under "Sent by you"
    return typeof rsp['requestId'] === 'string' ? rsp['requestId'] : '';
  }

  /** Accept or reject; on accept, the new direct conversation's id. */
  async reply(requestId: string, accept: boolean): Promise<string | null> {
    const rsp = await this.#rpc(MsgType.FRIEND_REPLY, { requestId, accept });
    this.#setStatus('incoming', requestId, accept ? 'accepted' : 'rejected');
    if (accept) await this.refreshList();
    return typeof rsp['conversationId'] === 'string' ? rsp['conversationId'] : null;
  }

  async refreshList(): Promise<void> {
    const rsp = await this.#rpc(MsgType.FRIEND_LIST, {});
    const friends = list(rsp['friends'], toFriend);
    this.#store.update((s) => {
      const presence = { ...s.presence };
      for (const f of friends) presence[f.uid] = f.online;
      return {
        ...s,
        friends: Object.fromEntries(friends.map((f) => [f.uid, f])),
        friendsLoaded: true,
        presence,
      };
    });
  }

  async refreshRequests(): Promise<void> {
    const rsp = await this.#rpc(MsgType.FRIEND_REQUESTS, {});
    this.#store.update((s) => ({
      ...s,
      requests: {
        incoming: list(rsp['incoming'], toFriendRequest),
        outgoing: list(rsp['outgoing'], toFriendRequest),
      },
    }));
  }

  /** FRIEND_REQUEST_NOTIFY: a new incoming request, newest first. */
  requested(body: Record<string, unknown>): void {
    const from = toUserCard(body['from']);
    const requestId = body['requestId'];
    if (!from || typeof requestId !== 'string') return;
    const r: FriendRequest = {
      requestId,
      user: from,
      greeting: typeof body['greeting'] === 'string' ? body['greeting'] : '',
      at: typeof body['at'] === 'number' ? body['at'] : Date.now(),
      status: 'pending',
    };
    this.#store.update((s) => ({
      ...s,
      requests: {
        ...s.requests,
        incoming: [r, ...s.requests.incoming.filter((x) => x.requestId !== requestId)],
      },
    }));
  }

  /** FRIEND_REPLY_NOTIFY: the other side answered a request this user sent; true if accepted. */
  replied(body: Record<string, unknown>): boolean {
    const requestId = body['requestId'];
    const accepted = body['accepted'] === true;
    if (typeof requestId === 'string')
      this.#setStatus('outgoing', requestId, accepted ? 'accepted' : 'rejected');
    return accepted;
  }

  #setStatus(side: 'incoming' | 'outgoing', requestId: string, status: FriendRequest['status']) {
    this.#store.update((s) => ({
      ...s,
      requests: {
        ...s.requests,
        [side]: s.requests[side].map((r) => (r.requestId === requestId ? { ...r, status } : r)),
      },
    }));
  }
}
