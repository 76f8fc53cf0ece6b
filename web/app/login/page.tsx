import type { Metadata } from 'next';
import { LoginForm } from '@/components/LoginForm';

export const metadata: Metadata = { title: 'Log in' };

/** `?registered=<username>` after sign-up, `?reset=1` after a password reset. */
export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const registered = typeof sp['registered'] === 'string' ? sp['registered'] : undefined;
  const reset = sp['reset'] === '1';
  const notice = registered
    ? `Account created. Log in as ${registered}.`
    : reset
      ? 'Password changed. Log in with your new password.'
      : undefined;
  return <LoginForm {...(notice ? { notice } : {})} initialAccount={registered ?? ''} />;
}
