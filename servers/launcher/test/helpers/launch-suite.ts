// `npm start` as a user runs it: the launcher as a child process (embedded: one process;
// cluster: one process per service), driven over HTTP and TCP, stopped with SIGINT.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import mariadb from 'mariadb';
import { MsgType } from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { startSmtpSink, type SmtpSink } from './smtp-sink';
import { freePortBlocks } from './ports';
import { post } from './system';

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

export function launchSuite(mode: 'embedded' | 'cluster'): void {
  describe(`npm start (${mode} mode)`, () => {
    let child: ChildProcess;
    let smtp: SmtpSink;
    let dataDir: string;
    let gate: string;
    let output = '';
    const dbName = `parley_test_${randomBytes(5).toString('hex')}`;

    before(async () => {
      smtp = await startSmtpSink();
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-launch-'));
      // Ports are chosen before the launcher starts, so another process can take one first:
      // start again with fresh ports when that happens.
      for (let attempt = 1; ; attempt++) {
        const [gatePort, chatBase, statusPort, verifyPort, bridgePort, peerBase] =
          await freePortBlocks([1, 2, 1, 1, 1, 2]);
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          WEB: 'off',
          LOG_LEVEL: 'warn',
          DATA_DIR: dataDir,
          SMTP_URL: smtp.url,
          GATE_PORT: String(gatePort),
          CHAT_PORT_BASE: String(chatBase),
          STATUS_PORT: String(statusPort),
          VERIFY_PORT: String(verifyPort),
          BRIDGE_PORT: String(bridgePort),
          PEER_PORT_BASE: String(peerBase),
          CHAT_SERVERS: '2',
          RATE_LIMITS: 'relaxed',
        };
        if (mode === 'cluster') {
          env['REDIS_URL'] = 'redis://127.0.0.1:6379';
          env['DATABASE_URL'] = `mysql://root@127.0.0.1:3306/${dbName}`;
        }
        output = '';
        child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
        child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
        gate = `http://127.0.0.1:${gatePort}`;
        // Six tsx processes starting at once on a shared 2-core machine took ~35 s under load.
        const deadline = Date.now() + 60_000;
        let up = false;
        while (
          !up &&
          Date.now() < deadline &&
          child.exitCode === null &&
          !/EADDRINUSE/.test(output)
        ) {
          up = await fetch(`${gate}/healthz`).then(
            (r) => r.ok,
            () => false,
          );
          if (!up) await new Promise((r) => setTimeout(r, 200));
        }
        if (up) break;
        const clash = /EADDRINUSE/.test(output);
        child.kill('SIGKILL');
        if (!clash || attempt >= 3) throw new Error(`launcher did not come up:\n${output}`);
      }
    });

    after(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await smtp.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (mode === 'cluster') {
        const c = await mariadb.createConnection({ host: '127.0.0.1', user: 'root' });
        await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
        await c.end();
      }
    });

    it('registers, logs in and opens a chat session on the assigned ChatServer', async () => {
      const tag = randomBytes(4).toString('hex');
      const email = `l${tag}@example.com`;
      const wait = smtp.waitFor(email);
      assert.equal((await post(gate, '/auth/code', { email, purpose: 'register' })).status, 200);
      await wait;
      const code = await smtp.codeFor(email);
      const reg = await post(gate, '/auth/register', {
        email,
        code,
        username: `l${tag}`,
        password: 'launcher password',
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      // ChatServers register with StatusServer shortly after start; retry briefly until one is live.
      let login = await post(gate, '/auth/login', {
        account: `l${tag}`,
        password: 'launcher password',
      });
      for (let i = 0; i < 50 && login.status === 503; i++) {
        await new Promise((r) => setTimeout(r, 200));
        login = await post(gate, '/auth/login', {
          account: `l${tag}`,
          password: 'launcher password',
        });
      }
      assert.equal(login.status, 200, JSON.stringify(login.body));
      const chat = login.body['chat'] as { server: string; host: string; port: number };
      assert.match(chat.server, /^chat-[12]$/);
      const c = await ChatClient.connect(chat.host, chat.port);
      const r = await c.login(reg.body['uid'] as string, login.body['token'] as string);
      assert.equal(r.type, MsgType.LOGIN_RSP);
      assert.equal(r.body['error'], 0);
      assert.equal(r.body['server'], chat.server);
      await c.close();
    });

    it('stops every process cleanly on SIGINT', async () => {
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
    });
  });
}
