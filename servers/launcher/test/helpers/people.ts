// Users for chat tests: created straight in the database with a token from the real
// StatusServer (the sign-up journey has its own suite), then logged in over real TCP.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MsgType } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { after, before } from 'node:test';
import { startSystem, type SystemOptions, type TestSystem } from './system';

export interface Person {
  uid: string;
  username: string;
  token: string;
}

export async function person(sys: TestSystem, name = 'p'): Promise<Person> {
  const username = `${name}${randomBytes(4).toString('hex')}`;
  const u = await sys.db.prisma.user.create({
    data: { username, email: `${username}@example.com`, passwordHash: 'unused', nick: name },
  });
  const uid = String(u.id);
  const { token } = await sys.status.issueToken(uid);
  return { uid, username, token };
}

/** Log in on ChatServer `server` (index into sys.chats). */
export async function online(sys: TestSystem, p: Person, server = 0): Promise<ChatClient> {
  const c = await ChatClient.connect('127.0.0.1', sys.chats[server]!.port);
  const r = await c.login(p.uid, p.token);
  assert.equal(r.body['error'], 0, JSON.stringify(r.body));
  return c;
}

/** a asks, b accepts; returns the direct conversation id. */
export async function befriend(
  a: ChatClient,
  aP: Person,
  b: ChatClient,
  bP: Person,
): Promise<string> {
  const add = await a.request(MsgType.FRIEND_ADD, { toUid: bP.uid, greeting: 'hi' });
  assert.equal(add.body['error'], 0, JSON.stringify(add.body));
  const note = await b.next(MsgType.FRIEND_REQUEST_NOTIFY);
  assert.equal((note.body['from'] as { uid: string }).uid, aP.uid);
  const rep = await b.request(MsgType.FRIEND_REPLY, {
    requestId: add.body['requestId'],
    accept: true,
  });
  assert.equal(rep.body['error'], 0, JSON.stringify(rep.body));
  await a.next(MsgType.FRIEND_REPLY_NOTIFY);
  return rep.body['conversationId'] as string;
}

export interface Notified {
  seq: number;
  text?: string;
  from: string;
  clientMsgId: string;
}

/** Collect `n` MSG_NOTIFYs (and fail on a timeout). */
export async function collect(c: ChatClient, n: number, timeoutMs = 10_000): Promise<Notified[]> {
  const out: Notified[] = [];
  for (let i = 0; i < n; i++) {
    const r = await c.next(MsgType.MSG_NOTIFY, timeoutMs);
    out.push(r.body['message'] as Notified);
  }
  return out;
}

export interface SentMessage extends Notified {
  msgId: string;
  conversationId: string;
  kind: string;
  sentAt: number;
  media?: { mediaId: string };
}

/** SEND_MSG a text (asserting error 0); returns the stored Message. */
export async function sendText(
  c: ChatClient,
  conversationId: string,
  text: string,
): Promise<SentMessage> {
  const r = await c.request(MsgType.SEND_MSG, {
    conversationId,
    clientMsgId: `${text}-${randomBytes(4).toString('hex')}`,
    kind: 'text',
    text,
  });
  assert.equal(r.body['error'], 0, JSON.stringify(r.body));
  return r.body['message'] as SentMessage;
}

/** Close a client and wait until its route is gone (the user is offline everywhere). */
export async function goOffline(sys: TestSystem, c: ChatClient, p: Person): Promise<void> {
  await c.close();
  for (let i = 0; i < 100 && (await sys.stores.routes.get(p.uid)).length > 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(await sys.stores.routes.get(p.uid), []);
}

/** Assert nothing of `type` arrives within ms. */
export async function silent(c: ChatClient, type: number, ms = 300): Promise<void> {
  await assert.rejects(c.next(type, ms), /no frame/);
}

/** The clients a suite logs in, destroyed together in its `after`. */
export function tracked(): { on: typeof online; closeAll(): void } {
  const open: ChatClient[] = [];
  return {
    on: async (...args) => {
      const c = await online(...args);
      open.push(c);
      return c;
    },
    closeAll: () => {
      for (const c of open) if (!c.isClosed) c.socket.destroy();
    },
  };
}

/**
 * A suite's system: started before its tests and closed after them, with every client it
 * connected through `on`. `set` receives the system (suites keep it in a local `sys`).
 */
export function withSystem(
  opts: SystemOptions,
  set: (sys: TestSystem) => void,
): ReturnType<typeof tracked> {
  const clients = tracked();
  let sys: TestSystem | undefined;
  before(async () => {
    sys = await startSystem(opts);
    set(sys);
  });
  after(async () => {
    clients.closeAll();
    await sys?.close();
  });
  return clients;
}

/** Two friends, A on ChatServer 0 and B on ChatServer 1. */
export async function friendsAcross(sys: TestSystem, on: typeof online) {
  const a = await person(sys, 'a');
  const b = await person(sys, 'b');
  const ca = await on(sys, a, 0);
  const cb = await on(sys, b, 1);
  const conv = await befriend(ca, a, cb, b);
  return { a, b, ca, cb, conv };
}
