'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api';
import type { Failure } from '@/lib/errors';
import { useForm } from '@/lib/useForm';
import { checkCode, checkConfirm, checkEmail, checkPassword } from '@/lib/validate';
import { AuthCard } from './AuthCard';
import { ErrorAlert, Notice } from './Alert';
import { Button } from './Button';
import { CodeButton } from './CodeButton';
import { DevMailboxLink } from './DevMailboxLink';
import { Field } from './Field';

export function ResetForm() {
  const router = useRouter();
  const form = useForm({ email: '', code: '', password: '', confirm: '' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function sendCode() {
    const email = form.values.email.trim();
    const emailError = checkEmail(email);
    form.setError('email', emailError);
    setFailure(null);
    if (emailError) return null;
    const r = await api.sendCode(email, 'reset');
    if (r.ok) setSentTo(email);
    else setFailure(r);
    return r;
  }

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    const v = form.values;
    setFailure(null);
    const valid = form.validate({
      email: checkEmail(v.email),
      code: checkCode(v.code),
      password: checkPassword(v.password),
      confirm: checkConfirm(v.password, v.confirm),
    });
    if (!valid) return;
    setBusy(true);
    const r = await api.reset({ email: v.email.trim(), code: v.code.trim(), password: v.password });
    if (r.ok) {
      router.push('/login?reset=1');
      return;
    }
    setFailure(r);
    setBusy(false);
  }

  return (
    <AuthCard
      title="Reset your password"
      subtitle="Every device will be logged out."
      footer={
        <>
          <Link href="/login" className="text-wx-green underline underline-offset-2">
            Back to log in
          </Link>
          <DevMailboxLink />
        </>
      }
    >
      {sentTo && !failure ? (
        <Notice>
          If <strong className="font-medium break-all">{sentTo}</strong> belongs to an account, a
          code is on its way.
        </Notice>
      ) : null}
      <ErrorAlert failure={failure} />
      <form noValidate onSubmit={(e) => void submit(e)}>
        <Field
          label="Email"
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          {...form.field('email')}
        />
        <Field
          label="Verification code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          trailing={<CodeButton onSend={sendCode} />}
          {...form.field('code')}
        />
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="8-128 characters."
          {...form.field('password')}
        />
        <Field
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          {...form.field('confirm')}
        />
        <Button type="submit" disabled={busy} className="mt-2">
          {busy ? 'Resetting…' : 'Reset password'}
        </Button>
      </form>
    </AuthCard>
  );
}
