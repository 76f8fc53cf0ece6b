// The `parley` CLI against a real system (GateServer, StatusServer, two ChatServers) over real
// sockets: a native client needs no browser. The CLI runs as a child process driven through its
// stdin; its peer is a plain TCP ChatClient on the other ChatServer.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { MsgType } from '@parley/proto';
import { hashPassword } from '@parley/gate';
import { ChatClient } from '../src/index';
import { startSystem, type TestSystem } from '../../launcher/test/helpers/system';
import { online, person, type Person } from '../../launcher/test/helpers/people';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliProcess } from './helpers/cli-process';

const PASSWORD = 'correct horse battery';

/** A user with a real password, so the CLI logs in through GateServer like anyone. */
async function cliUser(sys: TestSystem): Promise<Person & { nick: string }> {
  const username = `cli${randomBytes(4).toString('hex')}`;
  const u = await sys.db.prisma.user.create({
    data: {
      username,
      email: `${username}@example.com`,
      passwordHash: await hashPassword(PASSWORD),
      nick: 'Cli User',
    },
  });
  const { token } = await sys.status.issueToken(String(u.id));
  return { uid: String(u.id), username, token, nick: 'Cli User' };
}

describe('parley CLI', () => {
  let sys: TestSystem;
  let me: Person & { nick: string };
  let bob: Person;
  let bobTcp: ChatClient;
  let conversationId: string;
  const started: CliProcess[] = [];
  /** The CLI's state directory: every run below is the same device of `me`. */
  const home = mkdtempSync(path.join(os.tmpdir(), 'parley-cli-'));
  const cli = (account: string, password = PASSWORD, extraArgs: string[] = []): CliProcess => {
    const c = CliProcess.start({ gateUrl: sys.gateUrl, account, password, home, extraArgs });
    started.push(c);
    return c;
  };
  /** The device id the CLI saved at its first run. */
  const cliDevice = (): string => readFileSync(path.join(home, 'device-id'), 'utf8').trim();

  before(async () => {
    sys = await startSystem({ mode: 'embedded' });
    me = await cliUser(sys);
    bob = await person(sys, 'bob');
    // The peer sits on the other ChatServer, so every message crosses servers.
    bobTcp = await online(sys, bob, 1);
  });
  after(async () => {
    await Promise.all(started.map((c) => c.stop()));
    await bobTcp?.close();
    await sys?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a wrong password prints BAD_CREDENTIALS and exits 1', async () => {
    const c = cli(me.username, 'not the password');
    assert.equal(await c.exited, 1, c.transcript());
    assert.ok(
      c.lines.some((l) => /^! BAD_CREDENTIALS \(1009\): /.test(l)),
      c.transcript(),
    );
  });

  it('befriends, chats both ways, shows history, friends and unread, and exits 0 on /quit', async () => {
    const c = cli(me.username);
    await c.waitFor(
      new RegExp(`^\\* logged in as ${me.username} "Cli User" uid=${me.uid} on chat-`),
    );
    await c.waitFor(/^\* friends: 0, online: 0;/);

    // Bob asks over TCP; the CLI sees the notification, lists the request and accepts it.
    const add = await bobTcp.request(MsgType.FRIEND_ADD, {
      toUid: me.uid,
      greeting: 'hi from bob',
    });
    assert.equal(add.body['error'], 0, JSON.stringify(add.body));
    const requestId = add.body['requestId'] as string;
    await c.waitFor(
      new RegExp(`^\\* friend request #${requestId} from ${bob.username} .*"hi from bob"`),
    );
    let at = c.send('/requests');
    await c.waitFor(/^requests \(1 incoming, 0 outgoing\):$/, at);
    await c.waitFor(
      new RegExp(`^  in  #${requestId} from ${bob.username} "bob" uid=${bob.uid} pending`),
      at,
    );
    at = c.send(`/accept ${requestId}`);
    await c.waitFor(new RegExp(`^\\* accepted #${requestId}: ${bob.username} `), at);
    const reply = await bobTcp.next(MsgType.FRIEND_REPLY_NOTIFY);
    assert.equal(reply.body['accepted'], true);
    conversationId = reply.body['conversationId'] as string;
    const [low, high] = [Number(me.uid), Number(bob.uid)].sort((a, b) => a - b);
    assert.equal(conversationId, `d_${low}_${high}`);

    // Text before any /chat is refused locally, not sent.
    at = c.send('nobody to send this to');
    await c.waitFor(/^! no chat open/, at);

    at = c.send(`/chat ${bob.username}`);
    await c.waitFor(new RegExp(`^\\* chatting with ${bob.username} .* in ${conversationId}$`), at);
    await c.waitFor(new RegExp(`^history ${bob.username} \\(0\\):$`), at);
    at = c.send('hello from the cli 你好');
    await c.waitFor(new RegExp(`^\\* sent #1 to ${bob.username}$`), at);
    const got = await bobTcp.next(MsgType.MSG_NOTIFY);
    const m = got.body['message'] as {
      text: string;
      from: string;
      seq: number;
      conversationId: string;
    };
    assert.equal(m.text, 'hello from the cli 你好');
    assert.equal(m.from, me.uid);
    assert.equal(m.seq, 1);
    assert.equal(m.conversationId, conversationId);

    // Bob answers; the CLI prints it as one line and ACKs it (coalesced, ~100 ms later).
    const sent = await bobTcp.request(MsgType.SEND_MSG, {
      conversationId,
      clientMsgId: 'bob-1',
      kind: 'text',
      text: 'hello from tcp',
    });
    assert.equal(sent.body['error'], 0, JSON.stringify(sent.body));
    await c.waitFor(new RegExp(`^\\[${bob.username}\\] bob: hello from tcp$`));
    await waitForAck(sys, conversationId, Number(me.uid), cliDevice(), 2);

    at = c.send('/history');
    await c.waitFor(new RegExp(`^history ${bob.username} \\(2\\):$`), at);
    const hist = await c.settle(at);
    const first = hist.findIndex((l) =>
      /^ {2}#1 \d\d:\d\d:\d\d Cli User: hello from the cli 你好$/.test(l),
    );
    const second = hist.findIndex((l) => /^ {2}#2 \d\d:\d\d:\d\d bob: hello from tcp$/.test(l));
    assert.ok(first >= 0 && second > first, c.transcript());

    at = c.send('/friends');
    await c.waitFor(/^friends \(1\):$/, at);
    await c.waitFor(new RegExp(`^  ${bob.username} "bob" uid=${bob.uid} online$`), at);

    at = c.send('/convs');
    await c.waitFor(new RegExp(`^  ${conversationId} ${bob.username} unread=1 lastSeq=2 `), at);
    at = c.send('/read');
    await c.waitFor(new RegExp(`^\\* read ${bob.username} up to #2$`), at);
    const readNote = await bobTcp.next(MsgType.READ_NOTIFY);
    assert.deepEqual(
      { uid: readNote.body['uid'], seq: readNote.body['seq'] },
      { uid: me.uid, seq: 2 },
    );
    at = c.send('/convs');
    await c.waitFor(new RegExp(`^  ${conversationId} ${bob.username} unread=0 lastSeq=2 `), at);

    // Search and add by username; Carol, on TCP, turns it down, and the CLI turns hers down.
    const carol = await person(sys, 'carol');
    const carolTcp = await online(sys, carol, 0);
    try {
      at = c.send(`/search ${carol.username}`);
      await c.waitFor(new RegExp(`^  ${carol.username} "carol" uid=${carol.uid}$`), at);
      at = c.send(`/add ${carol.username} let us talk`);
      const sentLine = await c.waitFor(/^\* friend request #\S+ sent to /, at);
      assert.match(sentLine, new RegExp(` sent to ${carol.username} "carol" uid=${carol.uid}$`));
      const reqId = /#(\S+)/.exec(sentLine)![1]!;
      const asked = await carolTcp.next(MsgType.FRIEND_REQUEST_NOTIFY);
      assert.equal(asked.body['greeting'], 'let us talk');
      at = c.send('/requests');
      await c.waitFor(new RegExp(`^  out #${reqId} to ${carol.username} .* pending`), at);
      at = c.mark;
      const no = await carolTcp.request(MsgType.FRIEND_REPLY, { requestId: reqId, accept: false });
      assert.equal(no.body['error'], 0, JSON.stringify(no.body));
      await c.waitFor(
        new RegExp(`^\\* ${carol.username} .* rejected your friend request #${reqId}$`),
        at,
      );

      const back = await carolTcp.request(MsgType.FRIEND_ADD, { toUid: me.uid });
      assert.equal(back.body['error'], 0, JSON.stringify(back.body));
      const backId = back.body['requestId'] as string;
      await c.waitFor(new RegExp(`^\\* friend request #${backId} from ${carol.username} `), at);
      at = c.send(`/reject #${backId}`);
      await c.waitFor(new RegExp(`^\\* rejected #${backId}$`), at);
      const answer = await carolTcp.next(MsgType.FRIEND_REPLY_NOTIFY);
      assert.equal(answer.body['accepted'], false);
    } finally {
      await carolTcp.close();
    }

    at = c.send('/nonsense');
    await c.waitFor(/^! unknown command \/nonsense/, at);
    at = c.send('/accept 999999');
    await c.waitFor(/^! NOT_FOUND \(1007\): /, at);

    c.send('/quit');
    assert.equal(await c.exited, 0, c.transcript());
    assert.ok(c.lines.includes('* bye'), c.transcript());
    assert.ok(!c.lines.some((l) => l.includes('\x1b')), 'no colours on a pipe');
  });

  it('prints a message that arrived while it was away once, and exits 0 at end of input', async () => {
    const sent = await bobTcp.request(MsgType.SEND_MSG, {
      conversationId,
      clientMsgId: 'bob-2',
      kind: 'text',
      text: 'while you were out',
    });
    assert.equal(sent.body['error'], 0, JSON.stringify(sent.body));
    const c = cli(me.username);
    await c.waitFor(/^\* friends: 1, online: 1;/);
    await c.waitFor(new RegExp(`^\\[${bob.username}\\] bob: while you were out$`));
    // /chat shows it again as history (asked for), but no second live line appears.
    const at = c.send(`/chat ${bob.uid}`);
    await c.waitFor(/^ {2}#3 .* bob: while you were out$/, at);
    c.child.stdin.end();
    assert.equal(await c.exited, 0, c.transcript());
    assert.equal(c.lines.filter((l) => l.endsWith('] bob: while you were out')).length, 1);
    await waitForAck(sys, conversationId, Number(me.uid), cliDevice(), 3);
  });

  it('finds messages with /find and with the one-shot `parley … search <words>`', async () => {
    const sent = await bobTcp.request(MsgType.SEND_MSG, {
      conversationId,
      clientMsgId: 'bob-find',
      kind: 'text',
      text: '我们明天去北京吃烤鸭',
    });
    assert.equal(sent.body['error'], 0, JSON.stringify(sent.body));
    const seq = (sent.body['message'] as { seq: number }).seq;
    const c = cli(me.username);
    await c.waitFor(/^\* friends: 1, online: 1;/);
    let at = c.send('/find 北京');
    await c.waitFor(/^found "北京" \(1\):$/, at);
    await c.waitFor(
      new RegExp(`^ {2}\\[${bob.username}\\] #${seq} \\S+ bob: 我们明天去北京吃烤鸭$`),
      at,
    );
    at = c.send('/find');
    await c.waitFor(/^! usage: \/find <words>$/, at);
    at = c.send('/find nothing like this anywhere');
    await c.waitFor(/^found "nothing like this anywhere" \(0\):$/, at);
    c.child.stdin.end();
    assert.equal(await c.exited, 0, c.transcript());

    const once = cli(me.username, PASSWORD, ['search', '烤鸭']);
    assert.equal(await once.exited, 0, once.transcript());
    assert.ok(once.lines.includes('found "烤鸭" (1):'), once.transcript());
    const line = new RegExp(`^ {2}\\[${bob.username}\\] #${seq} \\S+ bob: 我们明天去北京吃烤鸭$`);
    assert.ok(
      once.lines.some((l) => line.test(l)),
      once.transcript(),
    );
  });

  it('quotes with /reply <seq> and shows a quote line above replies, recalled once the original is (§9.4)', async () => {
    const c = cli(me.username);
    await c.waitFor(/^\* friends: 1, online: 1;/);
    let at = c.send(`/chat ${bob.username}`);
    await c.waitFor(new RegExp(`^history ${bob.username} `), at);
    at = c.mark;
    const sent = await bobTcp.request(MsgType.SEND_MSG, {
      conversationId,
      clientMsgId: 'bob-quote-me',
      kind: 'text',
      text: 'dinner at eight?',
    });
    assert.equal(sent.body['error'], 0, JSON.stringify(sent.body));
    const original = sent.body['message'] as { seq: number; msgId: string };
    await c.waitFor(new RegExp(`^\\[${bob.username}\\] bob: dinner at eight\\?$`), at);

    at = c.send(`/reply ${original.seq} sure thing`);
    const mine = Number(/^\* sent #(\d+) /.exec(await c.waitFor(/^\* sent #\d+ to /, at))![1]);
    const got = (await bobTcp.next(MsgType.MSG_NOTIFY)).body['message'] as {
      text: string;
      replyTo?: { msgId: string; seq: number };
    };
    assert.equal(got.text, 'sure thing');
    assert.equal(got.replyTo?.msgId, original.msgId);
    assert.equal(got.replyTo?.seq, original.seq);

    // Bob quotes the CLI's message: the quote line comes first, then the reply.
    const newest = await bobTcp.request(MsgType.HISTORY, { conversationId, limit: 1 });
    const [cliMsg] = newest.body['messages'] as { msgId: string; seq: number }[];
    assert.equal(cliMsg?.seq, mine);
    at = c.mark;
    const back = await bobTcp.request(MsgType.SEND_MSG, {
      conversationId,
      clientMsgId: 'bob-quotes-cli',
      kind: 'text',
      text: 'see you',
      replyTo: cliMsg.msgId,
    });
    assert.equal(back.body['error'], 0, JSON.stringify(back.body));
    const quote = await c.waitFor(new RegExp(`^ {4}> #${mine} Cli User: sure thing$`), at);
    assert.equal(c.lines[c.lines.indexOf(quote) + 1], `[${bob.username}] bob: see you`);

    // Bob recalls the original: /history shows the CLI's reply quoting a recalled message.
    at = c.mark;
    const r = await bobTcp.request(MsgType.RECALL, { conversationId, msgId: original.msgId });
    assert.equal(r.body['error'], 0, JSON.stringify(r.body));
    await c.waitFor(/recalled message /, at);
    at = c.send('/history 3');
    await c.waitFor(new RegExp(`^ {4}> #${original.seq} bob: \\(message recalled\\)$`), at);
    await c.waitFor(new RegExp(`^ {2}#${mine} .* sure thing$`), at);

    at = c.send('/reply 999 nobody');
    await c.waitFor(/^! no message #999 in this chat$/, at);
    at = c.send('/reply 3');
    await c.waitFor(/^! usage: \/reply <seq> <text>$/, at);
    c.child.stdin.end();
    assert.equal(await c.exited, 0, c.transcript());
  });

  it('lists its devices and revokes one: `parley devices`, `parley revoke <id>`, /devices, /revoke', async () => {
    // Another device of the same account, online on the other ChatServer.
    const { token } = await sys.status.issueToken(me.uid);
    const phone = await ChatClient.connect('127.0.0.1', sys.chats[1]!.port);
    const login = await phone.request(MsgType.LOGIN, {
      uid: me.uid,
      token,
      protocol: 1,
      deviceId: 'phone-cli-test',
      deviceName: 'Pixel 8',
    });
    assert.equal(login.body['error'], 0, JSON.stringify(login.body));

    const once = cli(me.username, PASSWORD, ['devices']);
    assert.equal(await once.exited, 0, once.transcript());
    const mine = cliDevice();
    assert.ok(/^devices \(\d+\):$/.test(once.lines.find((l) => l.startsWith('devices')) ?? ''));
    const self = once.lines.find((l) => l.startsWith(`  * ${mine} "parley CLI" online on chat-`));
    assert.ok(self?.endsWith(' (this device)'), once.transcript());
    assert.ok(
      once.lines.some((l) =>
        new RegExp(
          `^ {4}phone-cli-test "Pixel 8" online on ${sys.chats[1]!.server.name} since `,
        ).test(l),
      ),
      once.transcript(),
    );

    // Interactive: /devices, then /revoke of the phone, which is KICKED "revoked" by the CLI.
    const c = cli(me.username);
    await c.waitFor(/^\* friends: 1,/);
    let at = c.send('/devices');
    await c.waitFor(/^ {4}phone-cli-test "Pixel 8" online/, at);
    at = c.send('/revoke phone-cli-test');
    await c.waitFor(/^\* revoked phone-cli-test: logged out$/, at);
    const k = await phone.next(MsgType.KICKED);
    assert.equal(k.body['reason'], 'revoked');
    assert.deepEqual((k.body['by'] as { deviceId: string }).deviceId, mine);
    at = c.send('/revoke phone-cli-test');
    await c.waitFor(/^! NOT_FOUND \(1007\): /, at);
    at = c.send('/revoke');
    await c.waitFor(/^! usage: \/revoke <deviceId>/, at);
    at = c.send('/revoke bad id!');
    await c.waitFor(/^! BAD_REQUEST \(1001\): /, at);
    c.child.stdin.end();
    assert.equal(await c.exited, 0, c.transcript());

    // One-shot revoke of a device that is not there, then of this very device (a log-out).
    const missing = cli(me.username, PASSWORD, ['revoke', 'phone-cli-test']);
    assert.equal(await missing.exited, 0, missing.transcript());
    assert.ok(
      missing.lines.some((l) => /^! NOT_FOUND \(1007\): /.test(l)),
      missing.transcript(),
    );
    const out = cli(me.username, PASSWORD, ['revoke', mine]);
    await out.exited;
    assert.ok(out.lines.includes(`* revoked ${mine}: logged out`), out.transcript());
  });

  it('shows a friend going offline; its device logging in elsewhere makes it print KICKED and exit 2', async () => {
    const c = cli(me.username);
    await c.waitFor(/^\* friends: 1,/);
    // Presence first: Bob leaves, and the CLI says so.
    const at = c.mark;
    await bobTcp.close();
    await c.waitFor(new RegExp(`^\\* ${bob.username} "bob" uid=${bob.uid} is offline$`), at);
    // The same device (its saved id) logs in on the other ChatServer: this one is replaced.
    const { token } = await sys.status.issueToken(me.uid);
    const elsewhere = await ChatClient.connect('127.0.0.1', sys.chats[1]!.port);
    const r = await elsewhere.request(MsgType.LOGIN, {
      uid: me.uid,
      token,
      protocol: 1,
      deviceId: cliDevice(),
      deviceName: 'the same CLI, elsewhere',
    });
    assert.equal(r.body['error'], 0, JSON.stringify(r.body));
    try {
      await c.waitFor(
        new RegExp(
          `^! KICKED: replaced: logged in again on this device by "the same CLI, elsewhere" \\(${cliDevice()} from \\S+\\) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d`,
        ),
      );
      assert.equal(await c.exited, 2, c.transcript());
    } finally {
      await elsewhere.close();
    }
  });

  // Last: it drains one of the two ChatServers for good.
  it('moves to another ChatServer when its own drains (§9.5), and keeps working there', async () => {
    const c = cli(me.username);
    const line = await c.waitFor(/^\* logged in as .* on (\S+) \(/);
    const server = /on (\S+) \(/.exec(line)![1]!;
    const mine = sys.chats.find((x) => x.server.name === server)!;
    const other = sys.chats.find((x) => x !== mine)!;
    await c.waitFor(/^\* friends: 1,/);
    const at = c.mark;
    await mine.server.drain({ reconnectInMs: 200 });
    await c.waitFor(/^\* ChatServer draining: moving to another one$/, at);
    await c.waitFor(new RegExp(`^\\* reconnected on ${other.server.name} `), at, 10_000);
    const before = c.send(`/chat ${bob.uid}`);
    await c.waitFor(/^ {2}#3 .* bob: while you were out$/, before);
    c.child.stdin.end();
    assert.equal(await c.exited, 0, c.transcript());
  });
});

/** The server's ACK cursor for a member: polled, since the CLI coalesces ACKs (~100 ms). */
async function waitForAck(
  sys: TestSystem,
  conversationId: string,
  userId: number,
  deviceId: string,
  seq: number,
): Promise<void> {
  let last: unknown;
  for (let i = 0; i < 50; i++) {
    // The CLI is a named device: its ACK cursor is its own (PROTOCOL.md §9.2).
    const rows = await sys.db.prisma.$queryRawUnsafe<{ ackSeq: number | bigint }[]>(
      'SELECT ackSeq FROM device_cursors WHERE conversationId = ? AND userId = ? AND deviceId = ?',
      conversationId,
      userId,
      deviceId,
    );
    last = rows[0]?.ackSeq;
    if (Number(last) >= seq) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`ackSeq of ${userId} in ${conversationId} is ${String(last)}, expected ${seq}`);
}
