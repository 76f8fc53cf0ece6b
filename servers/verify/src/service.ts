// Verification codes (issue 2): six digits from a CSPRNG, bound to email + purpose, stored only
// as a hash with a TTL, single use, dead after MAX_WRONG_TRIES wrong tries; resend limited per
// email (once a minute, five an hour).
import { ErrorCode, ParleyError } from '@parley/proto';
import { newCode, sha256, type Logger, type RateLimits, type Stores } from '@parley/core';
import type { Mailer } from './mailer';

export const PURPOSES = ['register', 'reset'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const MAX_WRONG_TRIES = 5;

export interface VerifyDeps {
  stores: Pick<Stores, 'codes' | 'limits'>;
  mailer: Mailer;
  limits: Pick<RateLimits, 'codePerEmailMinute' | 'codePerEmailHour'>;
  codeTtlMs: number;
  logger: Logger;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function isPurpose(p: string): p is Purpose {
  return (PURPOSES as readonly string[]).includes(p);
}

const keyOf = (purpose: Purpose, email: string) => `${purpose}:${email}`;
// The hash binds the code to what it was issued for, so a leaked store cannot be replayed elsewhere.
const hashOf = (purpose: Purpose, email: string, code: string) =>
  sha256(`${purpose}\n${email}\n${code}`);

export interface VerifyService {
  sendCode(email: string, purpose: string, silent?: boolean): Promise<void>;
  checkCode(email: string, purpose: string, code: string): Promise<void>;
  outbox(limit: number): ReturnType<Mailer['outbox']>;
}

export function createVerifyService(deps: VerifyDeps): VerifyService {
  const { stores, mailer, limits, codeTtlMs, logger } = deps;
  const ttlMinutes = Math.round(codeTtlMs / 60_000);

  function validate(emailIn: string, purpose: string): { email: string; purpose: Purpose } {
    const email = normalizeEmail(emailIn);
    if (!isPurpose(purpose))
      throw new ParleyError(ErrorCode.BAD_REQUEST, 'purpose must be register or reset');
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
      throw new ParleyError(ErrorCode.BAD_REQUEST, 'email is not valid');
    }
    return { email, purpose };
  }

  return {
    async sendCode(emailIn, purposeIn, silent = false) {
      const { email, purpose } = validate(emailIn, purposeIn);
      // The once-a-minute resend limit is per purpose (a reset right after registering is fine);
      // the hourly cap counts every code sent to the address.
      for (const [key, lim] of [
        [`code:m:${purpose}:${email}`, limits.codePerEmailMinute],
        [`code:h:${email}`, limits.codePerEmailHour],
      ] as const) {
        const d = await stores.limits.hit(key, lim.limit, lim.windowMs);
        if (!d.allowed) {
          throw new ParleyError(ErrorCode.RATE_LIMITED, 'too many codes requested for this email', {
            retryAfterMs: d.retryAfterMs,
          });
        }
      }
      if (silent) return;
      const code = newCode();
      await stores.codes.put(keyOf(purpose, email), hashOf(purpose, email, code), codeTtlMs);
      const what = purpose === 'register' ? 'finish creating your account' : 'reset your password';
      try {
        await mailer.send({
          to: email,
          subject: 'Your Parley verification code',
          text: `Your Parley verification code is ${code}. Use it to ${what}. It expires in ${ttlMinutes} minutes. If you did not ask for it, ignore this mail.`,
        });
      } catch (err) {
        logger.error({ err, purpose }, 'sending verification mail failed');
        throw new ParleyError(ErrorCode.INTERNAL, 'could not send the mail; try again later');
      }
    },

    async checkCode(emailIn, purposeIn, code) {
      const { email, purpose } = validate(emailIn, purposeIn);
      if (!/^\d{6}$/.test(code))
        throw new ParleyError(ErrorCode.CODE_INVALID, 'the code is six digits');
      const result = await stores.codes.consume(
        keyOf(purpose, email),
        hashOf(purpose, email, code),
        MAX_WRONG_TRIES,
      );
      if (result === 'expired')
        throw new ParleyError(
          ErrorCode.CODE_EXPIRED,
          'the code expired or was never sent; request a new one',
        );
      if (result === 'invalid')
        throw new ParleyError(ErrorCode.CODE_INVALID, 'wrong verification code');
    },

    outbox: (limit) => mailer.outbox(limit),
  };
}
