// The CLI's parts without sockets: argument parsing, the §5 client rules (drop seen seqs,
// coalesced ACKs, one clientMsgId per message across retries), command routing and line shapes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, ParleyError, type FriendEntry, type Message } from '@parley/proto';
import { UsageError, parseCli } from '../src/cli/args';
import { sendText, showLive } from '../src/cli/chat';
import { runLine } from '../src/cli/commands';
import { clean, deviceLines, errorLine, kickedLine, liveLine } from '../src/cli/format';
import { loadDeviceId } from '../src/cli/device';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AckBatcher, RecentIds, SeenSeqs } from '../src/cli/inbox';
import type { Output } from '../src/cli/output';
import type { Session } from '../src/cli/session';
import { Directory, type CliState } from '../src/cli/state';

const tty = { stdoutIsTty: false };

describe('cli args', () => {
  it('takes the account, gate and password, from flags before the environment', () => {
    const c = parseCli({
      argv: ['--gate', 'http://h:1/', '--account', 'alice', '--password', 'flag'],
      env: { PARLEY_PASSWORD: 'env' },
      ...tty,
    });
    assert.ok(c !== 'help');
    assert.equal(c.gate, 'http://h:1');
    assert.equal(c.account, 'alice');
    assert.equal(c.password, 'flag');
    assert.equal(c.color, false);
    const e = parseCli({ argv: ['--account', 'a'], env: { PARLEY_PASSWORD: 'env' }, ...tty });
    assert.ok(e !== 'help');
    assert.equal(e.password, 'env');
    assert.equal(e.gate, 'http://127.0.0.1:8080');
    const none = parseCli({ argv: ['--account', 'a'], env: { PARLEY_PASSWORD: '' }, ...tty });
    assert.ok(none !== 'help');
    assert.equal(none.password, undefined);
  });

  it('colours only on a terminal, never with NO_COLOR or --no-color', () => {
    const run = (argv: string[], env: Record<string, string>, stdoutIsTty: boolean) => {
      const c = parseCli({ argv: ['--account', 'a', ...argv], env, stdoutIsTty });
      assert.ok(c !== 'help');
      return c.color;
    };
    assert.equal(run([], {}, true), true);
    assert.equal(run([], { NO_COLOR: '1' }, true), false);
    assert.equal(run(['--no-color'], {}, true), false);
    assert.equal(run(['--color'], {}, false), true);
  });

  it('rejects a missing account, a bad gate and unknown flags', () => {
    assert.throws(() => parseCli({ argv: [], env: {}, ...tty }), UsageError);
    assert.throws(
      () => parseCli({ argv: ['--account', 'a', '--gate', 'ftp://x'], env: {}, ...tty }),
      UsageError,
    );
    assert.throws(
      () => parseCli({ argv: ['--account', 'a', '--bogus'], env: {}, ...tty }),
      UsageError,
    );
    assert.equal(parseCli({ argv: ['--help'], env: {}, ...tty }), 'help');
  });

  it('takes a one-shot command after the options: search <words> runs /find', () => {
    const run = (...argv: string[]) =>
      parseCli({ argv: ['--account', 'a', ...argv], env: {}, ...tty });
    const c = run('search', '北京', 'duck');
    assert.ok(c !== 'help');
    assert.equal(c.command, '/find 北京 duck');
    const i = run();
    assert.ok(i !== 'help');
    assert.equal(i.command, undefined);
    assert.throws(() => run('search'), /search: what to search for/);
    assert.throws(() => run('search', ' '), UsageError);
    assert.throws(() => run('constructor', 'x'), /unknown command: constructor/);
    assert.throws(() => run('rm', '-rf'), UsageError);
  });

  it('takes `devices` and `revoke <deviceId>` one-shots, and keeps its device id in PARLEY_HOME', () => {
    const run = (env: Record<string, string>, ...argv: string[]) => {
      const c = parseCli({ argv: ['--account', 'a', ...argv], env, ...tty });
      assert.ok(c !== 'help');
      return c;
    };
    assert.equal(run({}, 'devices').command, '/devices');
    assert.equal(run({}, 'revoke', 'phone-123').command, '/revoke phone-123');
    assert.throws(() => run({}, 'revoke'), /revoke: which deviceId/);
    assert.equal(run({ PARLEY_HOME: '/p/h' }).stateDir, '/p/h');
    assert.equal(run({ XDG_CONFIG_HOME: '/x', HOME: '/h' }).stateDir, '/x/parley');
    assert.equal(run({ HOME: '/h' }).stateDir, '/h/.config/parley');
  });
});

describe('cli device id', () => {
  it('is made once, saved, and the same at every later run; a bad saved one is replaced', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'parley-dev-')), 'nested');
    try {
      const first = await loadDeviceId(dir);
      assert.equal(first.saved, true);
      assert.match(first.deviceId, /^[A-Za-z0-9_-]{8,64}$/);
      assert.deepEqual(await loadDeviceId(dir), first);
      writeFileSync(path.join(dir, 'device-id'), 'no good!\n');
      const fresh = await loadDeviceId(dir);
      assert.notEqual(fresh.deviceId, first.deviceId);
      assert.equal(readFileSync(path.join(dir, 'device-id'), 'utf8').trim(), fresh.deviceId);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});

describe('cli inbox', () => {
  it('SeenSeqs drops repeats, in or out of order, and below a raised floor', () => {
    const s = new SeenSeqs();
    assert.equal(s.add('c', 1), true);
    assert.equal(s.add('c', 3), true);
    assert.equal(s.add('c', 1), false);
    assert.equal(s.add('c', 3), false);
    assert.equal(s.add('c', 2), true);
    assert.equal(s.highest('c'), 3);
    assert.equal(s.add('other', 1), true);
    s.raiseFloor('c', 10);
    assert.equal(s.add('c', 7), false);
    assert.equal(s.add('c', 11), true);
    assert.equal(s.highest('c'), 11);
  });

  it('AckBatcher sends one ACK per conversation per window, with the highest seq', async () => {
    const sent: [string, number][] = [];
    const b = new AckBatcher((c, seq) => Promise.resolve(void sent.push([c, seq])), 30);
    for (const seq of [1, 2, 3]) b.note('a', seq);
    b.note('b', 5);
    b.note('a', 2);
    assert.deepEqual(sent, []);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(sent, [
      ['a', 3],
      ['b', 5],
    ]);
    b.note('a', 3); // already ACKed
    b.note('a', 4);
    await b.flush(); // on exit: now, not after the window
    assert.deepEqual(sent.at(-1), ['a', 4]);
    assert.equal(sent.length, 3);
  });
});

/** A CliState over a fake session that answers with `answer` and records every call. */
function fakeState(answer: (type: number, body: Record<string, unknown>) => unknown) {
  const calls: { type: number; body: Record<string, unknown> }[] = [];
  const printed: string[] = [];
  const session = {
    call: (type: number, body: Record<string, unknown>) => {
      calls.push({ type, body });
      return Promise.resolve().then(() => answer(type, body));
    },
  } as unknown as Session;
  const out = {
    line: (t: string) => void printed.push(t),
    lines: (ts: string[]) => void printed.push(...ts),
  } as unknown as Output;
  const dir = new Directory({ uid: '1', username: 'me', nick: 'Me', avatar: '', bio: '' });
  const bob: FriendEntry = {
    uid: '2',
    username: 'bob',
    nick: 'Bob',
    avatar: '',
    bio: '',
    remark: 'buddy',
    online: true,
    conversationId: 'd_1_2',
  };
  dir.addFriend(bob);
  const state: CliState = {
    session,
    out,
    dir,
    seen: new SeenSeqs(),
    recalled: new RecentIds(),
    acks: new AckBatcher(() => Promise.resolve(), 10_000),
    chat: { conversationId: 'd_1_2', peer: bob },
    failed: null,
  };
  return { state, calls, printed };
}

const msg = (seq: number, text: string, from = '2'): Message => ({
  msgId: `m${seq}`,
  conversationId: 'd_1_2',
  seq,
  from,
  kind: 'text',
  text,
  sentAt: 0,
  clientMsgId: `c${seq}`,
});

describe('cli messages', () => {
  it('a failed send is retried with the same clientMsgId, a new message gets a new one', async () => {
    let fail = true;
    const { state, calls, printed } = fakeState((_t, body) => {
      if (fail) throw new ParleyError(ErrorCode.INTERNAL, 'database down');
      return { error: 0, message: msg(1, String(body['text']), '1') };
    });
    const chat = state.chat!;
    await sendText(state, chat, 'hi');
    assert.match(printed.join('\n'), /! INTERNAL \(1002\): database down/);
    fail = false;
    await sendText(state, chat, 'hi');
    assert.equal(calls[0]!.body['clientMsgId'], calls[1]!.body['clientMsgId']);
    assert.match(printed.at(-1)!, /^\* sent #1 to bob \(retried\)$/);
    await sendText(state, chat, 'hi');
    assert.notEqual(calls[2]!.body['clientMsgId'], calls[1]!.body['clientMsgId']);
  });

  it('prints a notified seq once and notes its ACK', () => {
    const { state, printed } = fakeState(() => ({}));
    showLive(state, msg(1, 'one'));
    showLive(state, msg(1, 'one'));
    showLive(state, msg(2, 'two'));
    assert.deepEqual(printed, ['[bob] Bob: one', '[bob] Bob: two']);
  });

  it('shows a message as recalled when its recall arrived first', () => {
    const { state, printed } = fakeState(() => ({}));
    state.recalled.add('m1');
    showLive(state, msg(1, 'secret'));
    showLive(state, msg(2, 'kept'));
    assert.deepEqual(printed, ['[bob] Bob: (message recalled)', '[bob] Bob: kept']);
  });

  it('RecentIds keeps the newest ids up to its cap', () => {
    const ids = new RecentIds(2);
    ids.add('a');
    ids.add('b');
    ids.add('a');
    ids.add('c');
    assert.ok(ids.has('a') && ids.has('c'));
    assert.ok(!ids.has('b'), 'the oldest goes first');
  });

  it('routes commands, refuses unknown ones and sends "//x" as "/x"', async () => {
    const { state, calls, printed } = fakeState((_t, body) => ({
      error: 0,
      message: msg(3, String(body['text']), '1'),
    }));
    assert.equal(await runLine(state, '/quit'), 'quit');
    await runLine(state, '/frobnicate');
    assert.match(printed.at(-1)!, /^! unknown command \/frobnicate/);
    await runLine(state, '/constructor');
    assert.match(printed.at(-1)!, /^! unknown command \/constructor/);
    await runLine(state, '//slash');
    assert.equal(calls.at(-1)!.body['text'], '/slash');
    await runLine(state, '/history 1000');
    assert.match(printed.at(-1)!, /^! usage: /);
    state.chat = null;
    await runLine(state, 'to nobody');
    assert.match(printed.at(-1)!, /^! no chat open/);
  });
});

describe('cli format', () => {
  it('names error codes and keeps message text on one inert line', () => {
    assert.equal(errorLine(1009, 'wrong'), '! BAD_CREDENTIALS (1009): wrong');
    assert.equal(clean('a\x1b[2Jb\nc'), 'a[2Jb ⏎ c');
    assert.equal(liveLine('bob', 'Bob', msg(1, 'x\ny')), '[bob] Bob: x ⏎ y');
  });

  it('says why it was KICKED and by which device (PROTOCOL.md §9.2), and lists devices', () => {
    const at = new Date(2026, 11, 3, 14, 2).getTime();
    assert.equal(
      kickedLine({
        reason: 'replaced',
        at,
        by: { deviceId: 'web-1234', deviceName: 'Chrome on Windows', ip: '10.0.0.7' },
      }),
      '! KICKED: replaced: logged in again on this device by "Chrome on Windows" (web-1234 from 10.0.0.7) at 2026-12-03 14:02',
    );
    assert.equal(
      kickedLine({ reason: 'password_reset', at }),
      '! KICKED: password_reset: the password was reset at 2026-12-03 14:02',
    );
    assert.equal(
      kickedLine({ reason: 'later\x1b[2J', at }),
      '! KICKED: later[2J: later[2J at 2026-12-03 14:02',
    );
    assert.deepEqual(
      deviceLines([
        {
          deviceId: 'cli-1234',
          deviceName: 'parley CLI',
          online: true,
          server: 'chat-1',
          since: at,
          lastSeen: at,
          current: true,
        },
        {
          deviceId: 'web-1234',
          deviceName: '',
          online: false,
          since: at,
          lastSeen: at,
          current: false,
        },
      ]),
      [
        'devices (2):',
        '  * cli-1234 "parley CLI" online on chat-1 since 2026-12-03 14:02 (this device)',
        '    web-1234 "(unnamed)" offline, last seen 2026-12-03 14:02',
      ],
    );
  });

  it('finds friends by uid, username, remark or nick, and names direct conversations', () => {
    const { state } = fakeState(() => ({}));
    for (const q of ['2', 'BOB', '@bob', 'buddy', 'bob'])
      assert.equal(state.dir.findFriend(q)?.uid, '2');
    assert.equal(state.dir.findFriend('nobody'), undefined);
    assert.equal(state.dir.conversationName('d_1_2'), 'bob');
    assert.equal(state.dir.conversationName('g_9'), 'g_9');
  });
});
