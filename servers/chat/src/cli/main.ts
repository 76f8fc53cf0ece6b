// `parley` — the native TCP chat client: log in through GateServer (PROTOCOL.md §7), LOGIN on
// the assigned ChatServer (§4), then read commands line by line, from a terminal or a pipe.
//   npm run cli -- --gate http://127.0.0.1:8080 --account alice
// Exit codes: 0 on /quit or end of input, 1 if logging in failed, 2 when kicked (a newer login
// of this device, the device limit, a revoke or a password reset: §9.2), 3 when the ChatServer connection is lost and no other ChatServer takes it back (it
// reconnects through POST /auth/assign first, and moves at once on SERVER_NOTICE, §9.5).
import { createInterface, type Interface } from 'node:readline';
import { ErrorCode, MsgType, type KickedPush } from '@parley/proto';
import { USAGE, UsageError, parseCli, type CliConfig } from './args';
import { runLine } from './commands';
import { describeError } from './errors';
import { errorLine, kickedLine, who } from './format';
import { DEVICE_NAME, loadDeviceId } from './device';
import { GateError, gateAssign, gateLogin, type GateLogin } from './gate';
import { AckBatcher, RecentIds, SeenSeqs } from './inbox';
import { Output } from './output';
import { promptHidden } from './prompt';
import { registerPushes } from './pushes';
import { Session } from './session';
import { Directory, type CliState } from './state';

export const EXIT = { OK: 0, LOGIN_FAILED: 1, KICKED: 2, CONNECTION_LOST: 3 } as const;

/** A close that follows a KICKED frame is not "lost": give the push the chance to land first. */
const LOST_GRACE_MS = 50;
/** Reconnect attempts after the ChatServer went away (0.5 s doubling, with jitter) before the
 *  CLI gives up with EXIT.CONNECTION_LOST. */
const RECONNECT_ATTEMPTS = 6;
const RECONNECT_BASE_MS = 500;

async function askPassword(cfg: CliConfig): Promise<string | null> {
  if (cfg.password !== undefined) return cfg.password;
  if (!process.stdin.isTTY) return null;
  return promptHidden(`password for ${cfg.account}: `, process.stdin, process.stdout);
}

/** LOGIN's body: the CLI is one device of the account (PROTOCOL.md §9.2). */
function loginBody(cfg: CliConfig, gate: GateLogin, deviceId: string) {
  return {
    uid: gate.uid,
    token: gate.token,
    protocol: 1 as const,
    device: cfg.device,
    deviceId,
    deviceName: DEVICE_NAME,
  };
}

/** Connect and LOGIN on `chat`; the Session and the LOGIN response. */
async function openSession(
  cfg: CliConfig,
  gate: GateLogin,
  chat: GateLogin['chat'],
  deviceId: string,
) {
  const session = await Session.connect(chat.host, chat.port);
  try {
    const rsp = await session.call(MsgType.LOGIN, loginBody(cfg, gate, deviceId));
    return { session, rsp };
  } catch (err) {
    await session.close();
    throw err;
  }
}

/** Gate login, TCP connect and LOGIN; null (after printing why) if any step fails. */
async function logIn(
  cfg: CliConfig,
  out: Output,
): Promise<{ s: CliState; gate: GateLogin; deviceId: string } | null> {
  const password = await askPassword(cfg);
  if (!password) {
    out.line('! no password: pass --password, set PARLEY_PASSWORD or run on a terminal');
    return null;
  }
  let session: Session | undefined;
  try {
    const gate = await gateLogin(cfg.gate, cfg.account, password);
    const { host, port, server } = gate.chat;
    try {
      session = await Session.connect(host, port);
    } catch (err) {
      out.line(`! cannot connect to ChatServer ${server} at ${host}:${port}: ${String(err)}`);
      return null;
    }
    const { deviceId, saved } = await loadDeviceId(cfg.stateDir);
    if (!saved) out.line(`! could not save the device id in ${cfg.stateDir}: a new one each run`);
    const rsp = await session.call(MsgType.LOGIN, loginBody(cfg, gate, deviceId));
    out.line(`* logged in as ${who(rsp.user)} on ${rsp.server} (${host}:${port})`);
    const dir = new Directory(rsp.user);
    const s: CliState = {
      session,
      dir,
      out,
      seen: new SeenSeqs(),
      recalled: new RecentIds(),
      acks: new AckBatcher(async (conversationId, seq) => {
        await s.session.call(MsgType.ACK, { conversationId, seq });
      }),
      chat: null,
      failed: null,
    };
    session.startHeartbeat(rsp.heartbeatMs, (err) =>
      out.line(`! heartbeat: ${describeError(err)}`),
    );
    return { s, gate, deviceId };
  } catch (err) {
    out.line(err instanceof GateError ? errorLine(err.code, err.message) : describeError(err));
    await session?.close();
    return null;
  }
}

async function readCommands(s: CliState, rl: Interface, interactive: boolean): Promise<void> {
  if (interactive) rl.prompt();
  // Lines are handled one at a time, in order: "/chat bob" must finish before the text after it.
  for await (const line of rl) {
    if ((await runLine(s, line)) === 'quit') return;
    if (interactive) rl.prompt();
  }
}

async function run(): Promise<number> {
  let cfg: CliConfig | 'help';
  try {
    cfg = parseCli({
      argv: process.argv.slice(2),
      env: process.env,
      stdoutIsTty: process.stdout.isTTY === true,
    });
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`parley: ${err.message}\n${USAGE}\n`);
    return EXIT.LOGIN_FAILED;
  }
  if (cfg === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.OK;
  }
  const out = new Output(process.stdout, cfg.color);
  const logged = await logIn(cfg, out);
  if (!logged) return EXIT.LOGIN_FAILED;
  const { s, gate, deviceId } = logged;

  // The friend list first: pushes queued meanwhile (the login backlog) then print with names.
  try {
    s.dir.setFriends((await s.session.call(MsgType.FRIEND_LIST, {})).friends);
  } catch (err) {
    out.line(describeError(err));
  }
  const online = s.dir.friends.filter((f) => f.online).length;
  out.line(`* friends: ${s.dir.friends.length}, online: ${online}; /help lists the commands`);

  let ending = false;
  let finish!: (code: number) => void;
  const ended = new Promise<number>((resolve) => (finish = resolve));
  const onKicked = (k: KickedPush) => {
    ending = true;
    out.detach();
    out.line(kickedLine(k));
    finish(EXIT.KICKED);
  };
  /** Pushes, the planned-restart notice and the loss watch of one connection. */
  const adopt = (session: Session) => {
    registerPushes(s, onKicked);
    // PROTOCOL.md §9.5: leave after a random delay up to reconnectInMs; the loss watch below
    // then dials the server GateServer assigns.
    session.onPush(
      MsgType.SERVER_NOTICE,
      (n) => {
        out.line(`* ChatServer ${n.reason}: moving to another one`);
        setTimeout(() => void session.close(), Math.random() * n.reconnectInMs);
      },
      () => undefined,
    );
    void session.closed.then(() =>
      setTimeout(() => {
        if (ending || s.session !== session) return;
        void moveOn();
      }, LOST_GRACE_MS),
    );
  };
  /** The ChatServer went away: ask GateServer for another and log in there, with back-off. */
  const moveOn = async () => {
    for (let attempt = 0; attempt < RECONNECT_ATTEMPTS && !ending; attempt++) {
      const step = RECONNECT_BASE_MS * 2 ** attempt;
      await new Promise((r) => setTimeout(r, step / 2 + Math.random() * (step / 2)));
      if (ending) return;
      try {
        const chat = await gateAssign(cfg.gate, gate.token);
        const { session, rsp } = await openSession(cfg, gate, chat, deviceId);
        s.session = session;
        session.startHeartbeat(rsp.heartbeatMs, (err) =>
          out.line(`! heartbeat: ${describeError(err)}`),
        );
        adopt(session);
        out.line(`* reconnected on ${rsp.server} (${chat.host}:${chat.port})`);
        return;
      } catch (err) {
        if (err instanceof GateError && err.code === ErrorCode.TOKEN_INVALID) break;
        out.line(`! reconnect failed: ${describeError(err)}`);
      }
    }
    if (ending) return;
    out.detach();
    out.line('! connection to the ChatServer lost');
    finish(EXIT.CONNECTION_LOST);
  };
  adopt(s.session);

  if (cfg.command !== undefined) {
    // One-shot: run it, then leave as /quit would.
    await runLine(s, cfg.command);
    ending = true;
    await s.session.close();
    return EXIT.OK;
  }

  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    ...(interactive ? { output: process.stdout, terminal: true, prompt: '> ' } : {}),
  });
  if (interactive) out.attach(rl);
  rl.on('SIGINT', () => rl.close()); // Ctrl-C leaves like Ctrl-D: ACKs flushed, exit 0
  readCommands(s, rl, interactive).then(
    () => finish(EXIT.OK),
    (err: unknown) => (out.line(describeError(err)), finish(EXIT.OK)),
  );

  const code = await ended;
  ending = true;
  out.detach();
  rl.close();
  // §5: ACK what was shown before leaving, or the next login pushes it again.
  if (code === EXIT.OK && !s.session.isClosed) {
    await s.acks.flush();
    out.line('* bye');
  }
  s.acks.cancel();
  await s.session.close();
  return code;
}

run().then(
  async (code) => {
    await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
    // Explicit exit: one-shot push waiters of ChatClient hold timers that would delay it.
    process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(
      `parley: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(EXIT.LOGIN_FAILED);
  },
);
