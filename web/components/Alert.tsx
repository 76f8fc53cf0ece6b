import type { ReactNode } from 'react';
import { describeFailure, type Failure } from '@/lib/errors';

/** A server failure: the friendly text for its code, the server's own message and the code. */
export function ErrorAlert({ failure }: { failure: Failure | null }) {
  if (!failure) return null;
  const { title, detail } = describeFailure(failure);
  return (
    <div
      role="alert"
      className="mb-4 rounded-md border border-wx-alert-line bg-wx-alert-bg px-3 py-2.5 text-sm text-wx-alert"
    >
      <p className="font-medium">{title}</p>
      {detail ? (
        <p className="mt-0.5 text-xs text-wx-alert-detail">
          Server: {detail} <span className="font-mono">(error {failure.error})</span>
        </p>
      ) : (
        <p className="mt-0.5 text-xs font-mono text-wx-alert-detail">error {failure.error}</p>
      )}
    </div>
  );
}

/** A neutral or positive notice (code sent, account created, password changed). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="mb-4 rounded-md border border-wx-notice-line bg-wx-green-light px-3 py-2.5 text-sm text-wx-notice"
    >
      {children}
    </div>
  );
}

/** A one-line problem under a form or control (a refused invite, a failed request); nothing when
 *  there is none. */
export function InlineError({
  error,
  size = 'xs',
  className = '',
}: {
  error: string | null | undefined;
  size?: 'xs' | 'sm';
  className?: string;
}) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className={`${size === 'xs' ? 'text-xs' : 'text-sm'} text-wx-danger ${className}`}
    >
      {error}
    </p>
  );
}
