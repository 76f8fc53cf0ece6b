// The chat client: a ChatConnection (transport, LOGIN, heartbeat, reconnect) plus what to do with
// it — synchronise after every (re)connect, apply pushes to the store, send with optimistic
// pending/failed states, ACK what arrived, READ what is viewed, typing and presence; groups,
// media (uploads over HTTP, downloads through `media`) and recall (issue 5).
// Framework-free: React reads `store` (see react.tsx).
import { DevicesResponse, ErrorCode, KickedPush, MsgType } from '@parley/proto';
import type { BackoffOptions } from './backoff';
import { ChatConnection } from './connection';
import { Friends } from './friends';
import { Groups } from './groups';
import { MediaCache, uploadMedia } from './media';
import { list, toConversation, toMessage } from './normalize';
import { ChatError, ClientError } from './requests';
import { ChatStore } from './store';
import { eachLimited, loadOlder, recheckRecent, reveal, syncThread, type SyncDeps } from './sync';
import { Outbox } from './outbox';
import { Profile, type ProfilePatch } from './profile';
import { Receipts, withPeerRead } from './receipts';
import { recallQuoteOf, recallQuotes } from './quotes';
import { searchMessages, type SearchPage } from './search';
import { recalledCopy } from './recall';
import { topSeq } from './thread';
import { createWebSocketTransport, type TransportFactory } from './transport';
import type { DeviceInfo, Group, GroupMember, QuoteInfo, UserCard } from './types';
import { Typing } from './typing';

/** A push for a conversation not in the list yet: refresh the list after this pause. */
const REFRESH_DELAY_MS = 200;
/** Recalls remembered for messages not seen yet. */
const EARLY_RECALLS_MAX = 256;
/** Allowance for the difference between this machine's clock and the server's `sentAt`. */
const CLOCK_SLACK_MS = 60_000; // 1 min

export interface ChatClientOptions {
  uid: string;
  token: string;
  me: UserCard;
  /** §9.2: this browser profile as a device (device.ts); without it, device "default". */
  device?: { deviceId: string; deviceName: string };
  /** The bridge URL to dial; `move` is true when the ChatServer asked its clients to move
   *  (SERVER_NOTICE, PROTOCOL.md §9.5): then ask GateServer for another one first. */
  url: (move?: boolean) => Promise<string>;
  transport?: TransportFactory;
  backoff?: BackoffOptions;
  /** TOKEN_INVALID (§6 1010): the session is dead, e.g. back to /login. */
  onExpired?: () => void;
  onError?: (context: string, err: unknown) => void;
  /** HTTP for media (default: the global fetch); tests pass a fake. */
  fetch?: (input: string, init?: RequestInit) => Promise<Response>;
}

export class ChatClient {
  readonly store: ChatStore;
  /** Downloads by mediaId as blob: URLs (GET /api/media/<id> with the bearer token). */
  readonly media: MediaCache;
  readonly #o: ChatClientOptions;
  readonly #conn: ChatConnection;
  readonly #typing: Typing;
  readonly #friends: Friends;
  readonly #groups: Groups;
  readonly #profile: Profile;
  readonly #outbox: Outbox;
  readonly #receipts: Receipts;
  #generation = -1;
  #active: string | null = null;
  #visible = true;
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the last connection ended (null: none since the last sync), for recheckRecent. */
  #downAt: number | null = null;
  readonly #syncing = new Set<string>();
  /** msgIds recalled before their MSG_NOTIFY arrived (a notify held back by a gap fill). */
  readonly #earlyRecalls = new Set<string>();
  readonly #syncAgain = new Set<string>();
  /** Groups whose GROUP_EVENTS were loaded on this connection. */
  readonly #eventsLoaded = new Set<string>();

  constructor(o: ChatClientOptions) {
    this.#o = o;
    this.store = new ChatStore(o.me);
    this.#typing = new Typing(this.store, (cid) =>
      this.#conn.send(MsgType.TYPING, { conversationId: cid }),
    );
    const request = (type: number, body: Record<string, unknown>, timeoutMs?: number) =>
      this.#conn.request(type, body, timeoutMs);
    const online = () => this.#conn.online;
    const http = { token: o.token, ...(o.fetch ? { fetch: o.fetch } : {}) };
    this.media = new MediaCache(http);
    this.#friends = new Friends(this.store, request);
    this.#groups = new Groups(this.store, request);
    this.#profile = new Profile(this.store, request);
    this.#outbox = new Outbox({
      store: this.store,
      online,
      request,
      upload: (blob, name, type) => uploadMedia(http, blob, name, type),
      uploaded: (media, up) => {
        this.media.seed(media.mediaId, up.blob);
        if (up.durationMs !== undefined) this.media.setDuration(media.mediaId, up.durationMs);
      },
    });
    this.#receipts = new Receipts({
      store: this.store,
      online,
      request,
      onError: (c, e) => this.#report(c, e),
    });
    this.#conn = new ChatConnection({
      uid: o.uid,
      token: o.token,
      ...(o.device ? { device: o.device } : {}),
      url: o.url,
      transport: o.transport ?? createWebSocketTransport,
      ...(o.backoff ? { backoff: o.backoff } : {}),
      onState: (patch) => this.store.setConnection(patch),
      onReady: (gen, login) => {
        this.store.setRecallWindow(login.recallWindowMs);
        this.#ready(gen, login.user);
      },
      onPush: (type, body) => this.#push(type, body),
      onDown: () => {
        this.#typing.clearAll();
        this.#downAt ??= Date.now();
      },
      onExpired: () => o.onExpired?.(),
    });
  }

  start(): void {
    this.#conn.start();
  }

  stop(): void {
    this.#conn.stop();
    this.#typing.clearAll();
    this.#receipts.stop();
    this.media.clear();
    if (this.#refreshTimer) clearTimeout(this.#refreshTimer);
  }

  reconnectNow(): void {
    this.#conn.reconnectNow();
  }

  /** The browser's network state (window online/offline events). */
  networkChanged(online: boolean): void {
    if (online) this.#conn.reconnectNow();
    else this.#conn.dropNow('the browser is offline');
  }

  // ---- viewing -----------------------------------------------------------------------------

  /** The conversation on screen (null: none). Viewing it reads it (READ, §3). */
  setActive(conversationId: string | null): void {
    this.#active = conversationId;
    if (conversationId) {
      this.#markRead(conversationId);
      const t = this.store.thread(conversationId);
      if (!t.loaded && this.#conn.online) void this.#syncOne(conversationId);
      // A group's members and their read cursors, once per session (READ_NOTIFY keeps them).
      const groupId = this.store.state.conversations[conversationId]?.group?.groupId;
      if (groupId && !this.store.state.groupMembers[groupId] && this.#conn.online)
        void this.#groups.members(groupId).catch((e: unknown) => this.#report('members', e));
      if (groupId) this.#loadEvents(groupId);
    }
  }

  /** A group's stored event lines, once per connection: GROUP_NOTIFY keeps them current while
   *  connected, and what happened while away comes with the next connection's load. */
  #loadEvents(groupId: string): void {
    if (this.#eventsLoaded.has(groupId) || !this.#conn.online) return;
    this.#eventsLoaded.add(groupId);
    void this.#groups.events(groupId).catch((e: unknown) => {
      this.#eventsLoaded.delete(groupId);
      this.#report('group events', e);
    });
  }

  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (visible && this.#active) this.#markRead(this.#active);
  }

  /** Hold message `seq` of the conversation, paging older history in until it is there (§9.4
   *  quotes, §9.3 search hits): resolves true once it is held, false if it cannot be (offline,
   *  or no such seq). */
  async reveal(conversationId: string, seq: number): Promise<boolean> {
    if (!this.#conn.online) return this.#holds(conversationId, seq);
    try {
      return await reveal(this.#deps(), conversationId, seq);
    } catch (err) {
      this.#report('history', err);
      return this.#holds(conversationId, seq);
    }
  }

  #holds(conversationId: string, seq: number): boolean {
    return this.store.thread(conversationId).items.some((m) => m.seq === seq);
  }

  loadOlder(conversationId: string): Promise<void> {
    if (!this.#conn.online) return Promise.resolve();
    return loadOlder(this.#deps(), conversationId).catch((err: unknown) =>
      this.#report('history', err),
    );
  }

  // ---- sending -----------------------------------------------------------------------------

  /** `replyTo`: the message this one quotes (§9.4). */
  sendText(conversationId: string, text: string, replyTo?: QuoteInfo): void {
    if (text.trim() === '') return;
    this.#typing.sent(conversationId);
    this.#outbox.sendText(conversationId, text, replyTo);
  }

  /** An image or file (attach, paste, drop): uploaded, then sent with the kind its sniffed type
   *  allows (an image that is not one goes as a file). */
  sendFile(conversationId: string, file: Blob, name: string, replyTo?: QuoteInfo): void {
    this.#outbox.sendMedia(
      conversationId,
      { blob: file, name, size: file.size, type: file.type },
      false,
      replyTo,
    );
  }

  /** A voice recording of `durationMs`. */
  sendVoice(
    conversationId: string,
    audio: Blob,
    durationMs: number,
    name = 'voice',
    replyTo?: QuoteInfo,
  ): void {
    this.#outbox.sendMedia(
      conversationId,
      { blob: audio, name, size: audio.size, type: audio.type, durationMs },
      true,
      replyTo,
    );
  }

  /** RECALL an own message (§3: within the window LOGIN named, else 2 minutes); rejects with the
   *  server's refusal. */
  async recall(conversationId: string, msgId: string): Promise<void> {
    await this.#conn.request(MsgType.RECALL, { conversationId, msgId });
    this.#applyRecall(conversationId, msgId);
  }

  /** CONV_MUTE (issue 12): mute or unmute a conversation for this user, on every browser. */
  async setMuted(conversationId: string, muted: boolean): Promise<void> {
    await this.#conn.request(MsgType.CONV_MUTE, { conversationId, muted });
    this.store.patchConversation(conversationId, (c) => {
      const next = { ...c };
      if (muted) next.muted = true;
      else delete next.muted;
      return next;
    });
  }

  /** Send a failed message again with the same clientMsgId: stored at most once (§5). */
  retry(conversationId: string, clientMsgId: string): void {
    this.#outbox.retry(conversationId, clientMsgId);
  }

  /** Forget a failed message without sending it. */
  discard(conversationId: string, clientMsgId: string): void {
    this.store.patchPending(conversationId, clientMsgId, null);
  }

  // ---- groups ------------------------------------------------------------------------------

  /** GROUP_CREATE with friends; resolves with the new conversation's id, listed and loaded. */
  async createGroup(name: string, memberUids: readonly string[]): Promise<string> {
    const group: Group = await this.#groups.create(name, memberUids);
    await this.refreshConversations();
    void this.#syncOne(group.conversationId);
    return group.conversationId;
  }

  inviteToGroup(groupId: string, uids: readonly string[]): Promise<void> {
    return this.#groups.invite(groupId, uids);
  }

  renameGroup(groupId: string, name: string): Promise<void> {
    return this.#groups.rename(groupId, name);
  }

  leaveGroup(groupId: string): Promise<void> {
    return this.#groups.leave(groupId);
  }

  /** Every member with a role (GROUP_MEMBERS); the store keeps the list. */
  loadGroupMembers(groupId: string): Promise<readonly GroupMember[]> {
    return this.#groups.members(groupId);
  }

  typing(conversationId: string): void {
    if (this.#conn.online) this.#typing.local(conversationId);
  }

  // ---- friends -----------------------------------------------------------------------------

  /** SEARCH_MSG (§9.3): one page of messages containing `query`, newest first; `before` is
   *  the msgId of the oldest hit already shown. */
  searchMessages(query: string, before?: string): Promise<SearchPage> {
    return searchMessages((type, body) => this.#conn.request(type, body), query, before);
  }

  searchUsers(query: string): Promise<UserCard[]> {
    return this.#friends.search(query);
  }

  addFriend(toUid: string, greeting: string, remark?: string): Promise<string> {
    return this.#friends.add(toUid, greeting, remark);
  }

  /** Accept or reject; on accept resolves with the new direct conversation's id. */
  async replyFriend(requestId: string, accept: boolean): Promise<string | null> {
    const cid = await this.#friends.reply(requestId, accept);
    if (accept) await this.refreshConversations();
    return cid;
  }

  refreshFriends(): Promise<void> {
    return this.#friends.refreshList();
  }

  refreshRequests(): Promise<void> {
    return this.#friends.refreshRequests();
  }

  async refreshConversations(): Promise<string[]> {
    const rsp = await this.#conn.request(MsgType.CONVERSATIONS, {});
    const convs = list(rsp['conversations'], toConversation);
    this.store.setConversations(convs);
    return convs.map((c) => c.conversationId);
  }

  // ---- devices (§9.2) -----------------------------------------------------------------------

  /** DEVICES: this user's devices with a live token, the current one marked. */
  async devices(): Promise<DeviceInfo[]> {
    const rsp = await this.#conn.request(MsgType.DEVICES, {});
    const parsed = DevicesResponse.safeParse(rsp);
    // request() resolves only on error 0, so anything else here is outside the contract.
    if (!parsed.success || parsed.data.error !== ErrorCode.OK)
      throw new ChatError(ClientError.UNREADABLE, 'unreadable device list');
    return parsed.data.devices;
  }

  /** DEVICE_REVOKE: log that device out (its token revoked, its connection KICKED "revoked").
   *  The current device is allowed too: the caller then leaves the session itself. */
  async revokeDevice(deviceId: string): Promise<void> {
    await this.#conn.request(MsgType.DEVICE_REVOKE, { deviceId });
  }

  // ---- profile -----------------------------------------------------------------------------

  /** Edit this user's nick, bio or avatar (PROFILE_UPDATE); resolves with the stored card. */
  updateProfile(patch: ProfilePatch): Promise<UserCard> {
    return this.#profile.update(patch);
  }

  // ---- after (re)connect -------------------------------------------------------------------

  #deps(): SyncDeps {
    const gen = this.#generation;
    return {
      store: this.store,
      rpc: (type, body) => this.#conn.request(type, body),
      alive: () => this.#conn.isCurrent(gen),
    };
  }

  #ready(generation: number, user: UserCard | null): void {
    this.#generation = generation;
    this.#receipts.reset();
    this.#eventsLoaded.clear();
    if (user) this.store.update((s) => ({ ...s, me: user }));
    void this.#sync(generation);
  }

  async #sync(generation: number): Promise<void> {
    const alive = () => this.#conn.isCurrent(generation);
    this.store.setConnection({ syncing: true });
    try {
      const [ids] = await Promise.all([
        this.refreshConversations(),
        this.refreshFriends().catch((e: unknown) => this.#report('friends', e)),
        this.refreshRequests().catch((e: unknown) => this.#report('requests', e)),
      ]);
      if (!alive()) return;
      // The open conversation first, so what the user looks at is complete soonest.
      const order =
        this.#active && ids.includes(this.#active)
          ? [this.#active, ...ids.filter((x) => x !== this.#active)]
          : ids;
      await eachLimited(
        order,
        (id) => this.#syncOne(id),
        (id, e) => this.#report(`sync ${id}`, e),
      );
      if (!alive()) return;
      const activeGroup = this.#active
        ? this.store.state.conversations[this.#active]?.group?.groupId
        : undefined;
      if (activeGroup) this.#loadEvents(activeGroup);
      this.#outbox.flush();
      // Recalls made while this client was away (their pushes are not replayed).
      const downAt = this.#downAt;
      this.#downAt = null;
      if (downAt !== null) {
        const since = downAt - this.store.state.limits.recallWindowMs - CLOCK_SLACK_MS;
        await eachLimited(
          order.filter((id) => this.store.thread(id).loaded),
          (id) => recheckRecent(this.#deps(), id, since),
          (id, e) => this.#report(`recheck ${id}`, e),
        );
      }
    } catch (err) {
      if (alive()) this.#report('sync', err);
    } finally {
      if (alive()) this.store.setConnection({ syncing: false });
    }
  }

  /** Bring one conversation up to date; a request while one runs makes it run once more. */
  async #syncOne(conversationId: string): Promise<void> {
    if (this.#syncing.has(conversationId)) {
      this.#syncAgain.add(conversationId);
      return;
    }
    this.#syncing.add(conversationId);
    try {
      do {
        this.#syncAgain.delete(conversationId);
        await syncThread(this.#deps(), conversationId);
        this.#received(conversationId);
      } while (this.#syncAgain.has(conversationId) && this.#conn.online);
    } catch (err) {
      this.#report(`sync ${conversationId}`, err);
    } finally {
      this.#syncing.delete(conversationId);
      this.#syncAgain.delete(conversationId);
    }
  }

  // ---- pushes ------------------------------------------------------------------------------

  #push(type: number, body: Record<string, unknown>): void {
    const me = this.store.state.me.uid;
    switch (type) {
      case MsgType.MSG_NOTIFY: {
        const parsed = toMessage(body['message']);
        if (!parsed) return;
        // Recalled before it got here (its RECALL_NOTIFY overtook it): shown as recalled.
        const m = this.#earlyRecalls.delete(parsed.msgId) ? recalledCopy(parsed) : parsed;
        const cid = m.conversationId;
        const before = this.store.thread(cid);
        const held = topSeq(before.items);
        this.store.addMessages(cid, [m]);
        this.#typing.remote(cid, m.from, false);
        if (!this.store.state.conversations[cid]) this.#refreshSoon();
        // A seq beyond the next one (e.g. the login backlog was bounded, §5): page the gap.
        if (before.loaded && m.seq > held + 1) void this.#syncOne(cid);
        this.#received(cid);
        return;
      }
      case MsgType.TYPING_NOTIFY: {
        const cid = body['conversationId'];
        const uid = body['uid'];
        if (typeof cid === 'string' && typeof uid === 'string' && uid !== me)
          this.#typing.remote(cid, uid, true);
        return;
      }
      case MsgType.PRESENCE_NOTIFY: {
        const uid = body['uid'];
        if (typeof uid === 'string') this.store.setPresence(uid, body['online'] === true);
        return;
      }
      case MsgType.READ_NOTIFY: {
        const cid = body['conversationId'];
        const seq = body['seq'];
        const uid = body['uid'];
        if (typeof cid !== 'string' || typeof seq !== 'number' || typeof uid !== 'string') return;
        this.store.patchConversation(cid, (c) =>
          uid === me ? (seq > c.readSeq ? { ...c, readSeq: seq } : c) : withPeerRead(c, uid, seq),
        );
        return;
      }
      case MsgType.RECALL_NOTIFY:
        this.#recalled(body);
        return;
      case MsgType.FRIEND_REQUEST_NOTIFY:
        this.#friends.requested(body);
        return;
      case MsgType.FRIEND_REPLY_NOTIFY:
        if (this.#friends.replied(body)) {
          void this.refreshFriends().catch((e: unknown) => this.#report('friends', e));
          this.#refreshSoon();
        }
        return;
      case MsgType.GROUP_NOTIFY: {
        const r = this.#groups.notified(body);
        if (!r || r.unknown) this.#refreshSoon();
        else if (!r.removed && this.store.state.groupMembers[r.groupId])
          // The member panel shows the full list: bring it up to date.
          void this.#groups.members(r.groupId).catch((e: unknown) => this.#report('members', e));
        return;
      }
      case MsgType.PROFILE_NOTIFY:
        this.#profile.notified(body);
        return;
      case MsgType.KICKED: {
        const reason = typeof body['reason'] === 'string' ? body['reason'] : 'logged in elsewhere';
        const kick = KickedPush.safeParse(body);
        this.#conn.kicked(reason, kick.success ? kick.data : null);
        this.#outbox.failWaiting(reason);
        return;
      }
      case MsgType.ERROR:
        this.#report('server', new ChatError(Number(body['error']), String(body['message'])));
        return;
      default:
        return;
    }
  }

  #recalled(body: Record<string, unknown>): void {
    const cid = body['conversationId'];
    const msgId = body['msgId'];
    if (typeof cid !== 'string' || typeof msgId !== 'string') return;
    this.#applyRecall(cid, msgId);
  }

  /** Replace the content with "recalled" wherever it is held: the thread, the list's preview
   *  (even when the thread was never loaded), and the downloaded media. */
  #applyRecall(cid: string, msgId: string): void {
    const m = this.store.thread(cid).items.find((x) => x.msgId === msgId);
    // §9.4: every quote of it held shows it recalled at once, sent and pending alike.
    this.store.patchThread(cid, (t) => {
      const items = recallQuotes(t.items, msgId);
      const pending = recallQuotes(t.pending, msgId);
      return items === t.items && pending === t.pending ? t : { ...t, items, pending };
    });
    if (m) this.store.addMessages(cid, [recalledCopy(m)]);
    else {
      // Maybe still on its way; the oldest of these go first (most are for threads never loaded).
      this.#earlyRecalls.add(msgId);
      if (this.#earlyRecalls.size > EARLY_RECALLS_MAX)
        this.#earlyRecalls.delete(this.#earlyRecalls.values().next().value!);
    }
    const last = this.store.state.conversations[cid]?.lastMessage;
    const media = m?.media ?? (last?.msgId === msgId ? last.media : undefined);
    this.store.patchConversation(cid, (c) => {
      if (!c.lastMessage) return c;
      if (c.lastMessage.msgId === msgId && c.lastMessage.kind !== 'recalled')
        return { ...c, lastMessage: recalledCopy(c.lastMessage) };
      const lastMessage = recallQuoteOf(c.lastMessage, msgId);
      return lastMessage === c.lastMessage ? c : { ...c, lastMessage };
    });
    if (media) this.media.drop(media.mediaId);
  }

  #refreshSoon(): void {
    if (this.#refreshTimer) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = null;
      if (!this.#conn.online) return;
      void this.refreshConversations()
        .then((ids) => {
          for (const id of ids) if (!this.store.thread(id).loaded) void this.#syncOne(id);
        })
        .catch((e: unknown) => this.#report('conversations', e));
    }, REFRESH_DELAY_MS);
  }

  // ---- ACK and READ ------------------------------------------------------------------------

  /** Messages of `cid` arrived: READ them if on screen, else ACK them soon (coalesced). */
  #received(cid: string): void {
    if (this.#active === cid && this.#visible) this.#receipts.read(cid);
    else this.#receipts.received(cid);
  }

  #markRead(cid: string): void {
    if (this.#visible) this.#receipts.read(cid);
  }

  #report(context: string, err: unknown): void {
    if (err instanceof ChatError && err.code === ClientError.DISCONNECTED) return;
    if (err instanceof ChatError && err.code === ErrorCode.TOKEN_INVALID) return;
    this.#o.onError?.(context, err);
  }
}
