'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api';
import type { Failure } from '@/lib/errors';
import { saveSession } from '@/lib/session';
import { useForm } from '@/lib/useForm';
import { AuthCard } from './AuthCard';
import { ErrorAlert, Notice } from './Alert';
import { Button } from './Button';
import { Field } from './Field';

export function LoginForm({
  notice,
  initialAccount = '',
}: {
  notice?: string;
  initialAccount?: string;
}) {
  const router = useRouter();
  const form = useForm({ account: initialAccount, password: '' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const { account, password } = form.values;
    setFailure(null);
    const valid = form.validate({
      account: account.trim() ? undefined : 'Enter your username or email.',
      password: password ? undefined : 'Enter your password.',
    });
    if (!valid) return;
    setBusy(true);
    const r = await api.login(account.trim(), password);
    if (r.ok) {
      saveSession(r.data);
      router.replace('/');
      return; // stay busy until the main screen takes over
    }
    setFailure(r);
    setBusy(false);
  }

  return (
    <AuthCard
      title="Log in to Parley"
      footer={
        <>
          <Link href="/register" className="text-wx-green hover:underline">
            Create an account
          </Link>
          <span aria-hidden="true" className="text-wx-line">
            |
          </span>
          <Link href="/reset" className="text-wx-link hover:underline">
            Forgot password?
          </Link>
        </>
      }
    >
      {notice && !failure ? <Notice>{notice}</Notice> : null}
      <ErrorAlert failure={failure} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <Field
          label="Username or email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          {...form.field('account')}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          {...form.field('password')}
        />
        <Button type="submit" disabled={busy} className="mt-2">
          {busy ? 'Logging in…' : 'Log in'}
        </Button>
      </form>
    </AuthCard>
  );
}
