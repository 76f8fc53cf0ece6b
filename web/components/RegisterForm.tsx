'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/api';
import type { Failure } from '@/lib/errors';
import { useForm } from '@/lib/useForm';
import { checkCode, checkConfirm, checkEmail, checkPassword, checkUsername } from '@/lib/validate';
import { AuthCard } from './AuthCard';
import { ErrorAlert, Notice } from './Alert';
import { Button } from './Button';
import { CodeButton } from './CodeButton';
import { DevMailboxLink } from './DevMailboxLink';
import { Field } from './Field';

export function RegisterForm() {
  const router = useRouter();
  const form = useForm({ email: '', code: '', username: '', password: '', confirm: '' });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function sendCode() {
    const email = form.values.email.trim();
    const emailError = checkEmail(email);
    form.setError('email', emailError);
    setFailure(null);
    if (emailError) return null;
    const r = await api.sendCode(email, 'register');
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
      username: checkUsername(v.username),
      password: checkPassword(v.password),
      confirm: checkConfirm(v.password, v.confirm),
    });
    if (!valid) return;
    setBusy(true);
    const r = await api.register({
      email: v.email.trim(),
      code: v.code.trim(),
      username: v.username.trim(),
      password: v.password,
    });
    if (r.ok) {
      router.push(`/login?registered=${encodeURIComponent(r.data.username)}`);
      return;
    }
    setFailure(r);
    setBusy(false);
  }

  return (
    <AuthCard
      title="Create your Parley account"
      subtitle="We will email you a 6-digit code."
      footer={
        <>
          <span className="text-wx-muted">
            Already have an account?{' '}
            <Link href="/login" className="text-wx-green underline underline-offset-2">
              Log in
            </Link>
          </span>
          <DevMailboxLink />
        </>
      }
    >
      {sentTo && !failure ? (
        <Notice>
          A code was sent to <strong className="font-medium break-all">{sentTo}</strong>.
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
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          hint="3-32 letters, digits or _, starting with a letter."
          {...form.field('username')}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="new-password"
          hint="8-128 characters."
          {...form.field('password')}
        />
        <Field
          label="Confirm password"
          type="password"
          autoComplete="new-password"
          {...form.field('confirm')}
        />
        <Button type="submit" disabled={busy} className="mt-2">
          {busy ? 'Creating account…' : 'Create account'}
        </Button>
      </form>
    </AuthCard>
  );
}
