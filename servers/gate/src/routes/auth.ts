// PROTOCOL.md §7: /auth/code, /auth/register, /auth/login, /auth/reset, /auth/logout.
import { z } from 'zod';
import {
  CodeBody,
  ErrorCode,
  LoginBody,
  ParleyError,
  RegisterBody,
  ResetBody,
  type AuthAssignResponse,
  type AuthLoginResponse,
  type OkResponse,
  type AuthRegisterResponse,
} from '@parley/proto';
import type { RateLimits, RateLimitStore } from '@parley/core';
import type { StatusClient } from '@parley/status';
import type { VerifyClient } from '@parley/verify';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../passwords';
import { toCard, type UserRepo } from '../users';

export interface AuthDeps {
  users: UserRepo;
  status: StatusClient;
  verify: VerifyClient;
  limiter: RateLimitStore;
  limits: RateLimits;
}

/** Validate a body; the first problem becomes a BAD_REQUEST naming the field. */
export function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.') || 'body';
  const text =
    issue.code === 'invalid_type'
      ? `${field} is missing or not a ${String(issue.expected)}`
      : issue.message;
  throw new ParleyError(ErrorCode.BAD_REQUEST, text.startsWith(field) ? text : `${field}: ${text}`);
}

async function limit(
  deps: AuthDeps,
  key: string,
  l: { limit: number; windowMs: number },
): Promise<void> {
  const d = await deps.limiter.hit(key, l.limit, l.windowMs);
  if (!d.allowed)
    throw new ParleyError(ErrorCode.RATE_LIMITED, 'too many attempts', {
      retryAfterMs: d.retryAfterMs,
    });
}

export function createAuthRoutes(deps: AuthDeps) {
  const { users, status, verify, limiter, limits } = deps;
  return {
    /** Same answer for known and unknown emails (issue 2): a reset for an unknown address is
     *  counted against the limits but sends nothing. */
    async code(body: unknown, ip: string) {
      const b = parse(CodeBody, body);
      await limit(deps, `code-ip:${ip}`, limits.codePerIpHour);
      const known = b.purpose === 'reset' ? (await users.findByEmail(b.email)) !== null : true;
      await verify.sendCode(b.email, b.purpose, !known);
      return { status: 200, body: { error: 0 } satisfies OkResponse };
    },

    async register(body: unknown, ip: string) {
      const b = parse(RegisterBody, body);
      await limit(deps, `register-ip:${ip}`, limits.registerPerIpHour);
      const name = b.username.toLowerCase();
      // Checked before the code is consumed, so a taken name does not burn the user's code.
      if (await users.exists(name, b.email))
        throw new ParleyError(ErrorCode.USER_EXISTS, 'username or email already registered');
      await verify.checkCode(b.email, 'register', b.code);
      const user = await users.create({
        username: name,
        email: b.email,
        passwordHash: await hashPassword(b.password),
      });
      return {
        status: 201,
        body: {
          error: 0,
          uid: String(user.id),
          username: user.username,
        } satisfies AuthRegisterResponse,
      };
    },

    async login(body: unknown, ip: string) {
      const b = parse(LoginBody, body);
      const acctKey = `login-fail:acct:${b.account.toLowerCase()}`;
      const ipKey = `login-fail:ip:${ip}`;
      for (const [key, l] of [
        [acctKey, limits.loginFailPerAccount],
        [ipKey, limits.loginFailPerIp],
      ] as const) {
        const d = await limiter.peek(key, l.limit);
        if (!d.allowed)
          throw new ParleyError(ErrorCode.RATE_LIMITED, 'too many failed logins; wait and retry', {
            retryAfterMs: d.retryAfterMs,
          });
      }
      const user = await users.findByAccount(
        b.account.includes('@') ? b.account : b.account.toLowerCase(),
      );
      const ok = user
        ? await verifyPassword(user.passwordHash, b.password)
        : (await burnPasswordCheck(b.password), false);
      if (!user || !ok) {
        await limiter.hit(
          acctKey,
          limits.loginFailPerAccount.limit,
          limits.loginFailPerAccount.windowMs,
        );
        await limiter.hit(ipKey, limits.loginFailPerIp.limit, limits.loginFailPerIp.windowMs);
        throw new ParleyError(ErrorCode.BAD_CREDENTIALS, 'wrong account or password');
      }
      await limiter.reset(acctKey);
      const chat = await status.pick();
      const uid = String(user.id);
      const { token, expiresAt } = await status.issueToken(uid);
      return {
        status: 200,
        body: {
          error: 0,
          uid,
          token,
          expiresAt,
          chat: { server: chat.name, host: chat.host, port: chat.port },
          user: toCard(user),
        } satisfies AuthLoginResponse,
      };
    },

    async reset(body: unknown, ip: string) {
      const b = parse(ResetBody, body);
      await limit(deps, `register-ip:${ip}`, limits.registerPerIpHour);
      await verify.checkCode(b.email, 'reset', b.code);
      const user = await users.findByEmail(b.email);
      // A code for an unknown address is never issued, so checkCode already failed for one.
      if (!user) throw new ParleyError(ErrorCode.CODE_EXPIRED);
      await users.setPassword(user.id, await hashPassword(b.password));
      // PROTOCOL.md §9.2: every token goes, and every device is closed with this reason.
      await status.revokeUserTokens(String(user.id), 'password_reset');
      return { status: 200, body: { error: 0 } satisfies OkResponse };
    },

    /** A fresh ChatServer for a live token: the client's assigned server went away (its bridge
     *  connection is refused), and the user should not have to type the password again. */
    async assign(token: string | null) {
      if (!token) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'missing bearer token');
      await status.validateToken(token);
      const chat = await status.pick();
      return {
        status: 200,
        body: {
          error: 0,
          chat: { server: chat.name, host: chat.host, port: chat.port },
        } satisfies AuthAssignResponse,
      };
    },

    async logout(token: string | null) {
      if (!token) throw new ParleyError(ErrorCode.TOKEN_INVALID, 'missing bearer token');
      await status.validateToken(token);
      await status.revokeToken(token);
      return { status: 200, body: { error: 0 } satisfies OkResponse };
    },
  };
}
