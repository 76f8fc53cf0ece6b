// The account journey of issue 2 over real HTTP, gRPC, SMTP and TCP. Run once per mode by
// auth.test.ts (embedded: memory stores + SQLite) and auth.integration.test.ts (cluster: Redis +
// MariaDB).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  AuthAssignResponse,
  AuthLoginResponse,
  AuthRegisterResponse,
  ErrorCode,
  MsgType,
  OkResponse,
} from '@parley/proto';
import { ChatClient } from '@parley/chat';
import { post, startSystem, type Mode, type TestSystem } from './system';

const PASSWORD = 'correct horse battery';

export function authSuite(mode: Mode): void {
  describe(`accounts end to end (${mode} mode)`, () => {
    let sys: TestSystem;
    let shortTtl: TestSystem;

    before(async () => {
      sys = await startSystem({ mode });
      // A second gate + verifier over the same stores and database, with codes that expire fast.
      shortTtl = await startSystem({ mode, share: sys, chatServers: 0, codeTtlMs: 150 });
    });
    after(async () => {
      await shortTtl?.close();
      await sys?.close();
    });

    const fresh = () => {
      const tag = randomBytes(4).toString('hex');
      return { email: `u${tag}@example.com`, username: `u${tag}` };
    };

    async function codeFor(s: TestSystem, email: string, purpose = 'register'): Promise<string> {
      const wait = s.smtp.waitFor(email);
      wait.catch(() => undefined); // awaited below only if the request succeeded
      const r = await post(s.gateUrl, '/auth/code', { email, purpose });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body['error'], 0);
      await wait;
      return s.smtp.codeFor(email);
    }

    async function register(s = sys) {
      const u = fresh();
      const code = await codeFor(s, u.email);
      const r = await post(s.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return { ...u, uid: r.body['uid'] as string };
    }

    async function login(account: string, password = PASSWORD) {
      return post(sys.gateUrl, '/auth/login', { account, password });
    }

    it('registers with the code mailed to a real SMTP server', async () => {
      const u = fresh();
      const code = await codeFor(sys, u.email);
      assert.match(code, /^\d{6}$/);
      const r = await post(sys.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(r.status, 201);
      assert.equal(r.body['error'], 0);
      assert.equal(r.body['username'], u.username);
      assert.ok(Number(r.body['uid']) >= 10001, 'uids start at 10001');
    });

    it('answers every success with a body that the HTTP schemas of proto accept', async () => {
      // The web app checks GateServer's answers against these same schemas (web/lib/api.ts): a
      // field renamed or retyped on one side fails here, not in a user's browser.
      const u = fresh();
      const code = await codeFor(sys, u.email);
      const reg = await post(sys.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(reg.status, 201);
      const registered = AuthRegisterResponse.parse(reg.body);
      for (const account of [u.username, u.email]) {
        const r = await login(account);
        assert.equal(r.status, 200);
        const body = AuthLoginResponse.parse(r.body);
        assert.equal(body.uid, registered.uid);
        assert.equal(body.user.uid, registered.uid);
        assert.ok(body.expiresAt > Date.now());
      }
      const token = AuthLoginResponse.parse((await login(u.username)).body).token;
      const bearer = { authorization: `Bearer ${token}` };
      const assigned = AuthAssignResponse.parse(
        (await post(sys.gateUrl, '/auth/assign', {}, bearer)).body,
      );
      assert.ok(sys.chats.some((c) => c.server.name === assigned.chat.server));
      OkResponse.parse((await post(sys.gateUrl, '/auth/logout', {}, bearer)).body);
      // And the schemas are not so loose that a wrong body would pass.
      assert.equal(AuthLoginResponse.safeParse({ ...reg.body, error: 0 }).success, false);
    });

    it('rejects a wrong code with 1004 and keeps the right one usable', async () => {
      const u = fresh();
      const code = await codeFor(sys, u.email);
      const wrong = code === '000000' ? '000001' : '000000';
      const bad = await post(sys.gateUrl, '/auth/register', {
        ...u,
        code: wrong,
        password: PASSWORD,
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body['error'], ErrorCode.CODE_INVALID);
      const good = await post(sys.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(good.status, 201);
    });

    it('kills a code after five wrong tries (then 1003)', async () => {
      const u = fresh();
      const code = await codeFor(sys, u.email);
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++) {
        const r = await post(sys.gateUrl, '/auth/register', {
          ...u,
          code: wrong,
          password: PASSWORD,
        });
        assert.equal(r.body['error'], ErrorCode.CODE_INVALID);
      }
      const r = await post(sys.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(r.body['error'], ErrorCode.CODE_EXPIRED);
    });

    it('rejects an expired code with 1003', async () => {
      const u = fresh();
      const code = await codeFor(shortTtl, u.email);
      await new Promise((r) => setTimeout(r, 300));
      const r = await post(shortTtl.gateUrl, '/auth/register', { ...u, code, password: PASSWORD });
      assert.equal(r.status, 400);
      assert.equal(r.body['error'], ErrorCode.CODE_EXPIRED);
    });

    it('rejects a reused code', async () => {
      const u = fresh();
      const code = await codeFor(sys, u.email);
      assert.equal(
        (await post(sys.gateUrl, '/auth/register', { ...u, code, password: PASSWORD })).status,
        201,
      );
      const again = await post(sys.gateUrl, '/auth/register', {
        email: u.email,
        username: `${u.username}x`,
        code,
        password: PASSWORD,
      });
      // The email is taken now, so either answer refuses; neither may create an account.
      assert.ok(
        [ErrorCode.CODE_EXPIRED, ErrorCode.USER_EXISTS].includes(again.body['error'] as 1003),
        JSON.stringify(again.body),
      );
      const other = fresh();
      const otherCode = await codeFor(sys, other.email);
      assert.equal(
        (
          await post(sys.gateUrl, '/auth/register', {
            ...other,
            code: otherCode,
            password: PASSWORD,
          })
        ).status,
        201,
      );
      const reuse = await post(sys.gateUrl, '/auth/register', {
        ...fresh(),
        email: other.email,
        code: otherCode,
        password: PASSWORD,
      });
      assert.notEqual(reuse.status, 201);
    });

    it('gives exactly one success to 50 parallel submissions of the right code', async () => {
      const u = fresh();
      const code = await codeFor(sys, u.email);
      const replies = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          post(sys.gateUrl, '/auth/register', {
            email: u.email,
            username: `${u.username}p${i}`,
            code,
            password: PASSWORD,
          }),
        ),
      );
      const ok = replies.filter((r) => r.status === 201);
      assert.equal(ok.length, 1, replies.map((r) => r.body['error']).join(','));
      for (const r of replies.filter((x) => x.status !== 201)) {
        assert.ok(
          [ErrorCode.CODE_EXPIRED, ErrorCode.USER_EXISTS].includes(r.body['error'] as 1003),
        );
      }
    });

    it('rejects a duplicate username or email with 1005', async () => {
      const a = await register();
      const b = fresh();
      const code = await codeFor(sys, b.email);
      const dupName = await post(sys.gateUrl, '/auth/register', {
        email: b.email,
        username: a.username.toUpperCase(),
        code,
        password: PASSWORD,
      });
      assert.equal(dupName.status, 409);
      assert.equal(dupName.body['error'], ErrorCode.USER_EXISTS);
      const c = fresh();
      // Taken names are refused before any code is checked, so no second code is needed.
      const dupEmail = await post(sys.gateUrl, '/auth/register', {
        email: a.email.toUpperCase(),
        username: c.username,
        code: '123456',
        password: PASSWORD,
      });
      assert.equal(dupEmail.body['error'], ErrorCode.USER_EXISTS);
    });

    it('logs in by username and by email and assigns a live ChatServer', async () => {
      const u = await register();
      const names = sys.chats.map((c) => c.server.name);
      for (const account of [u.username, u.email.toUpperCase()]) {
        const r = await login(account);
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.equal(r.body['uid'], u.uid);
        assert.match(r.body['token'] as string, /^[A-Za-z0-9_-]{43}$/, '256-bit opaque token');
        assert.ok((r.body['expiresAt'] as number) > Date.now());
        const chat = r.body['chat'] as { server: string; host: string; port: number };
        assert.ok(names.includes(chat.server));
        assert.equal(chat.port, sys.chats.find((c) => c.server.name === chat.server)!.port);
        assert.deepEqual(Object.keys(r.body['user'] as object).sort(), [
          'avatar',
          'bio',
          'nick',
          'uid',
          'username',
        ]);
      }
    });

    it('rejects a wrong password with 1009 and an unknown account the same way', async () => {
      const u = await register();
      const r = await login(u.username, 'not the password');
      assert.equal(r.status, 401);
      assert.equal(r.body['error'], ErrorCode.BAD_CREDENTIALS);
      const n = await login('nobody_' + randomBytes(3).toString('hex'), PASSWORD);
      assert.equal(n.body['error'], ErrorCode.BAD_CREDENTIALS);
    });

    it('throttles repeated failed logins with 429 / 1013 and retryAfterMs', async () => {
      const u = await register();
      for (let i = 0; i < 5; i++)
        assert.equal(
          (await login(u.username, 'wrong password')).body['error'],
          ErrorCode.BAD_CREDENTIALS,
        );
      const r = await login(u.username);
      assert.equal(r.status, 429);
      assert.equal(r.body['error'], ErrorCode.RATE_LIMITED);
      assert.ok((r.body['retryAfterMs'] as number) > 0);
    });

    it('refuses a second code for the same email within a minute', async () => {
      const u = fresh();
      await codeFor(sys, u.email);
      const r = await post(sys.gateUrl, '/auth/code', { email: u.email, purpose: 'register' });
      assert.equal(r.status, 429);
      assert.equal(r.body['error'], ErrorCode.RATE_LIMITED);
    });

    it('answers /auth/code the same for an unknown email, and mails nothing', async () => {
      const email = `ghost${randomBytes(4).toString('hex')}@example.com`;
      const r = await post(sys.gateUrl, '/auth/code', { email, purpose: 'reset' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, { error: 0 });
      await assert.rejects(sys.smtp.waitFor(email, 300));
    });

    it('answers bad input with 400 / 1001, never a 500', async () => {
      const bad = await post(sys.gateUrl, '/auth/login', '{"account": "x", ');
      assert.equal(bad.status, 400);
      assert.equal(bad.body['error'], ErrorCode.BAD_REQUEST);
      const missing = await post(sys.gateUrl, '/auth/register', {
        email: 'a@b.co',
        code: '123456',
      });
      assert.equal(missing.status, 400);
      assert.equal(missing.body['error'], ErrorCode.BAD_REQUEST);
      assert.match(missing.body['message'] as string, /username/);
      const arr = await post(sys.gateUrl, '/auth/code', '[1,2]');
      assert.equal(arr.body['error'], ErrorCode.BAD_REQUEST);
      const big = await post(sys.gateUrl, '/auth/login', {
        account: 'x'.repeat(20_000),
        password: 'y',
      });
      assert.equal(big.status, 413);
      const unknown = await post(sys.gateUrl, '/auth/nope', {});
      assert.equal(unknown.status, 404);
    });

    it('lets a ChatServer LOGIN with a valid token and refuses a revoked one', async () => {
      const u = await register();
      const r = await login(u.username);
      const chat = r.body['chat'] as { host: string; port: number };
      const token = r.body['token'] as string;
      const c = await ChatClient.connect(chat.host, chat.port);
      const ok = await c.login(u.uid, token);
      assert.equal(ok.type, MsgType.LOGIN_RSP);
      assert.equal(ok.body['error'], 0);
      assert.equal((ok.body['user'] as { uid: string }).uid, u.uid);
      assert.equal(typeof ok.body['heartbeatMs'], 'number');
      const hb = await c.request(MsgType.HEARTBEAT);
      assert.equal(hb.body['error'], 0);
      await c.close();

      const out = await post(sys.gateUrl, '/auth/logout', {}, { authorization: `Bearer ${token}` });
      assert.equal(out.status, 200);
      const c2 = await ChatClient.connect(chat.host, chat.port);
      const refused = await c2.login(u.uid, token);
      assert.equal(refused.body['error'], ErrorCode.TOKEN_INVALID);
      await c2.closed; // a failed LOGIN closes the connection
      // Someone else's valid token does not open this uid.
      const other = await register();
      const t2 = (await login(other.username)).body['token'] as string;
      const c3 = await ChatClient.connect(chat.host, chat.port);
      assert.equal((await c3.login(u.uid, t2)).body['error'], ErrorCode.TOKEN_INVALID);
      await c3.closed;
    });

    it('assigns a fresh live ChatServer to a valid token, and refuses others', async () => {
      const u = await register();
      const token = (await login(u.username)).body['token'] as string;
      const r = await post(sys.gateUrl, '/auth/assign', {}, { authorization: `Bearer ${token}` });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const chat = r.body['chat'] as { server: string; port: number };
      assert.ok(sys.chats.some((c) => c.server.name === chat.server && c.port === chat.port));
      const bad = await post(sys.gateUrl, '/auth/assign', {}, { authorization: 'Bearer forged' });
      assert.equal(bad.status, 401);
      assert.equal(bad.body['error'], ErrorCode.TOKEN_INVALID);
      assert.equal((await post(sys.gateUrl, '/auth/assign', {})).status, 401);
    });

    it('resets the password and revokes every old token', async () => {
      const u = await register();
      const t1 = (await login(u.username)).body;
      const t2 = (await login(u.email)).body;
      const code = await codeFor(sys, u.email, 'reset');
      const r = await post(sys.gateUrl, '/auth/reset', {
        email: u.email,
        code,
        password: 'a brand new secret',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      for (const t of [t1, t2]) {
        const chat = t['chat'] as { host: string; port: number };
        const c = await ChatClient.connect(chat.host, chat.port);
        assert.equal(
          (await c.login(u.uid, t['token'] as string)).body['error'],
          ErrorCode.TOKEN_INVALID,
        );
        await c.closed;
      }
      assert.equal((await login(u.username)).body['error'], ErrorCode.BAD_CREDENTIALS);
      assert.equal((await login(u.username, 'a brand new secret')).status, 200);
    });

    it('closes every device of the user with KICKED "password_reset" (PROTOCOL.md §9.2)', async () => {
      const u = await register();
      const devices: ChatClient[] = [];
      for (const [i, deviceId] of ['reset-phone', 'reset-laptop'].entries()) {
        const t = (await login(u.username)).body;
        const c = await ChatClient.connect('127.0.0.1', sys.chats[i % sys.chats.length]!.port);
        const r = await c.request(MsgType.LOGIN, {
          uid: u.uid,
          token: t['token'],
          protocol: 1,
          deviceId,
        });
        assert.equal(r.body['error'], 0, JSON.stringify(r.body));
        devices.push(c);
      }
      const code = await codeFor(sys, u.email, 'reset');
      const r = await post(sys.gateUrl, '/auth/reset', {
        email: u.email,
        code,
        password: 'new one!!',
      });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      for (const c of devices) {
        const k = await c.next(MsgType.KICKED);
        assert.equal(k.body['reason'], 'password_reset');
        await c.closed;
      }
    });
  });
}
