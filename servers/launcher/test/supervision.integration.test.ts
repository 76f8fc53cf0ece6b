// Cluster mode as an operator runs it (issue 11 item 1): `npm start` supervises one process per
// service. A ChatServer killed with SIGKILL comes back by itself; a GateServer that cannot bind
// its port is logged and retried until the port is free, not left dead behind a running cluster.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { randomBytes } from 'node:crypto';
import { MsgType } from '@parley/proto';
import { ChatClient, ChatLink, type LinkEvent } from '@parley/chat';
import { freePortBlocks } from './helpers/ports';
import { startLauncher, until, type Launcher } from './helpers/launcher';
import { post } from './helpers/system';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink';

const RESTARTING = 'service exited unexpectedly; restarting';

/** A user registered and logged in through the gate, its mail read from the SMTP sink. */
async function loginAny(l: Launcher): Promise<{ uid: string; token: string; port: number }> {
  const tag = randomBytes(4).toString('hex');
  const email = `s${tag}@example.com`;
  const wait = smtp.waitFor(email);
  assert.equal((await post(l.gate, '/auth/code', { email, purpose: 'register' })).status, 200);
  await wait;
  const code = await smtp.codeFor(email);
  const reg = await post(l.gate, '/auth/register', {
    email,
    code,
    username: `s${tag}`,
    password: 'supervised password',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  let login = await post(l.gate, '/auth/login', {
    account: `s${tag}`,
    password: 'supervised password',
  });
  await until('a live ChatServer', async () => {
    if (login.status === 200) return true;
    login = await post(l.gate, '/auth/login', {
      account: `s${tag}`,
      password: 'supervised password',
    });
    return false;
  });
  const chat = login.body['chat'] as { port: number };
  return { uid: reg.body['uid'] as string, token: login.body['token'] as string, port: chat.port };
}

let smtp: SmtpSink;

describe('cluster supervision', () => {
  const launched: Launcher[] = [];
  before(async () => {
    smtp = await startSmtpSink();
  });
  after(async () => {
    for (const l of launched) await l.cleanup();
    await smtp.close();
  });

  it('restarts a ChatServer killed with SIGKILL, logs why, and its clients move to another at once', async (t) => {
    const [metricsBase] = await freePortBlocks([12]);
    const l = await startLauncher({
      env: { SMTP_URL: smtp.url, METRICS_PORT_BASE: String(metricsBase) },
    });
    launched.push(l);
    const user = await loginAny(l);
    // A client of chat-1 (the one about to die), reconnecting through /auth/assign.
    const events: LinkEvent[] = [];
    const link = new ChatLink({
      gate: l.gate,
      uid: user.uid,
      token: user.token,
      chat: { host: '127.0.0.1', port: l.ports.chatBase },
      onEvent: (e) => events.push(e),
    });
    await link.start();
    assert.equal(link.server, 'chat-1');
    await l.waitFor(
      'chat-1 started',
      (x) => x.msg === 'service process started' && x.service === 'chat-1',
    );
    const first = l.pid('chat-1')!;
    process.kill(first, 'SIGKILL');
    const killedAt = Date.now();
    // Back on chat-2 (chat-1 left the registry when its StatusServer link broke), long before
    // the supervisor's restart of chat-1 could have finished.
    await until('the client back on chat-2', () => link.server === 'chat-2');
    const back = events.find((e) => e.kind === 'online' && e.server === 'chat-2')!;
    t.diagnostic(`client online on chat-2 ${back.at - killedAt} ms after SIGKILL of chat-1`);
    const r = await link.request(MsgType.HEARTBEAT, {});
    assert.equal(r.body['error'], 0);
    await link.close();
    const line = await l.waitFor(
      'the restart line',
      (x) => x.msg === RESTARTING && x.service === 'chat-1',
    );
    assert.equal(line.reason, 'signal SIGKILL');
    await until('a new chat-1 process', () => (l.pid('chat-1') ?? first) !== first);
    // chat-1 serves again on its port: a LOGIN there succeeds.
    const port = l.ports.chatBase;
    let c: ChatClient | undefined;
    await until('chat-1 accepting', async () => {
      c = await ChatClient.connect('127.0.0.1', port).catch(() => undefined);
      return c !== undefined;
    });
    await until('chat-1 logging in', async () => {
      const r = await c!.login(user.uid, user.token).catch(() => undefined);
      if (r?.body['error'] === 0) return true;
      await c!.close();
      c = await ChatClient.connect('127.0.0.1', port).catch(() => undefined);
      return false;
    });
    await c!.close();
    // Every service process serves the operator's endpoints, the restarted chat-1 included.
    const services = { status: 0, verify: 1, gate: 2, bridge: 3, 'chat-1': 10, 'chat-2': 11 };
    for (const [service, offset] of Object.entries(services)) {
      const base = `http://127.0.0.1:${metricsBase! + offset}`;
      await until(`${service} ready`, () =>
        fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        ),
      );
      const text = await (await fetch(`${base}/metrics`)).text();
      assert.match(text, new RegExp(`process_cpu_seconds_total\\{service="${service}"\\}`));
    }
    const chat1 = await (await fetch(`http://127.0.0.1:${metricsBase! + 10}/metrics`)).text();
    assert.match(
      chat1,
      /parley_chat_logins_total\{server="chat-1",result="ok",service="chat-1"\} 1/,
    );
    assert.equal(await l.stop(), 0, 'a clean stop after a restart exits 0');
  });

  it('notices a GateServer that cannot bind, and brings it up once the port is free', async () => {
    const [port] = await freePortBlocks([1]);
    const squatter: Server = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    const l = await startLauncher({ gatePort: port!, waitUp: false });
    launched.push(l);
    try {
      const line = await l.waitFor(
        'the gate restart line',
        (x) => x.msg === RESTARTING && x.service === 'gate',
        90_000,
      );
      assert.equal(line.reason, 'code 1');
      assert.match(l.output(), /EADDRINUSE/);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    await until('GateServer /healthz', () =>
      fetch(`${l.gate}/healthz`).then(
        (r) => r.ok,
        () => false,
      ),
    );
    assert.equal(await l.stop(), 0);
  });
});
