import type { ReactNode } from 'react';
import { Logo } from './Logo';

/** The centred white card on a grey page that every sign-in form sits in. */
export function AuthCard({
  title,
  subtitle,
  children,
  footer,
}: {
  title: string;
  subtitle?: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-wx-panel px-4 py-10">
      <section
        aria-labelledby="auth-title"
        className="w-full max-w-[400px] rounded-xl bg-wx-card px-5 pt-8 pb-6 sm:px-8 sm:pt-10 sm:pb-8 shadow-[0_1px_3px_rgba(0,0,0,0.06)]"
      >
        <div className="mb-6 flex flex-col items-center text-center">
          <Logo size={56} />
          <h1 id="auth-title" className="mt-4 text-xl font-medium text-wx-text">
            {title}
          </h1>
          {subtitle ? <p className="mt-1 text-sm text-wx-muted">{subtitle}</p> : null}
        </div>
        {children}
        {footer ? (
          <footer className="mt-6 flex flex-wrap items-center justify-center gap-x-4 gap-y-2 text-sm">
            {footer}
          </footer>
        ) : null}
      </section>
    </main>
  );
}
