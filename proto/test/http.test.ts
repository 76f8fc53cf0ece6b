// The HTTP half of the contract (src/http.ts): the sign-up rules GateServer enforces and the web
// app checks before a round trip, and the answer schemas both sides rely on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthLoginResponse,
  CodeBody,
  isMediaId,
  LoginBody,
  RegisterBody,
  ResetBody,
  USERNAME_PATTERN,
} from '../src/index';

const card = { uid: '10001', username: 'alice', nick: 'Alice', avatar: '', bio: '' };
const login = {
  error: 0,
  uid: '10001',
  token: 't'.repeat(43),
  expiresAt: 1_800_000_000_000,
  chat: { server: 'chat-1', host: '127.0.0.1', port: 8100 },
  user: card,
};

describe('HTTP contract', () => {
  it('normalises emails and rejects malformed ones', () => {
    const ok = CodeBody.parse({ email: '  Alice@Example.COM ', purpose: 'register' });
    assert.equal(ok.email, 'alice@example.com');
    for (const email of ['', 'alice', 'a@b', 'a b@c.d', `${'x'.repeat(250)}@e.fr`])
      assert.equal(CodeBody.safeParse({ email, purpose: 'reset' }).success, false, email);
    assert.equal(CodeBody.safeParse({ email: 'a@b.c', purpose: 'other' }).success, false);
  });

  it('holds usernames to 3-32 letters, digits or _, starting with a letter', () => {
    for (const name of ['abc', 'a_1', 'Z'.repeat(32)]) assert.ok(USERNAME_PATTERN.test(name), name);
    for (const name of ['ab', '1abc', '_abc', 'a'.repeat(33), 'a-b', 'ä12'])
      assert.equal(USERNAME_PATTERN.test(name), false, name);
  });

  it('names the offending field of a bad sign-up', () => {
    const base = { email: 'a@b.cd', code: '123456', username: 'alice', password: 'long enough' };
    assert.ok(RegisterBody.safeParse(base).success);
    const cases: [Record<string, unknown>, string][] = [
      [{ code: '12345' }, 'code'],
      [{ password: 'short' }, 'password'],
      [{ password: 'x'.repeat(129) }, 'password'],
      [{ username: 9 }, 'username'],
    ];
    for (const [patch, field] of cases) {
      const r = RegisterBody.safeParse({ ...base, ...patch });
      assert.equal(r.success, false);
      assert.equal(r.error?.issues[0]?.path[0], field);
    }
    assert.equal(ResetBody.safeParse({ ...base, code: 'abcdef' }).success, false);
    assert.equal(LoginBody.safeParse({ account: ' ', password: 'x' }).success, false);
  });

  it('accepts the login answer GateServer sends, and not one missing its parts', () => {
    assert.deepEqual(
      AuthLoginResponse.parse({ ...login, extra: 1 }),
      login,
      'unknown fields dropped',
    );
    for (const key of ['token', 'chat', 'user', 'expiresAt'] as const) {
      const broken: Record<string, unknown> = { ...login };
      delete broken[key];
      assert.equal(AuthLoginResponse.safeParse(broken).success, false, key);
    }
    assert.equal(AuthLoginResponse.safeParse({ ...login, error: 1009 }).success, false);
    assert.equal(
      AuthLoginResponse.safeParse({ ...login, chat: { ...login.chat, port: 0 } }).success,
      false,
    );
  });

  it('knows a media id by its 22 base64url characters', () => {
    assert.ok(isMediaId('AbCdEfGhIjKlMnOpQrSt_-'));
    for (const id of [
      '',
      'short',
      'AbCdEfGhIjKlMnOpQrSt_-x',
      '../../../etc/passwd00',
      'AbCdEfGhIjKlMnOpQrSt+/',
    ])
      assert.equal(isMediaId(id), false, id);
  });
});
