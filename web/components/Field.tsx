'use client';
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'>;

/**
 * A labelled input (so tests and screen readers find it by its label), with an optional control
 * beside it (e.g. the Send code button) and an error line tied to it by aria-describedby.
 */
export function Field({
  label,
  error,
  hint,
  trailing,
  ...input
}: InputProps & {
  label: string;
  error?: string | undefined;
  hint?: string;
  trailing?: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ');
  return (
    <div className="mb-4">
      <label htmlFor={id} className="mb-1.5 block text-sm text-wx-text">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          className={`h-11 min-w-0 flex-1 rounded-md border bg-wx-bg px-3 text-[15px] text-wx-text outline-none transition-colors placeholder:text-wx-faint focus:bg-wx-card ${
            error ? 'border-wx-danger' : 'border-transparent focus:border-wx-green'
          }`}
          {...input}
        />
        {trailing}
      </div>
      {hint && !error ? (
        <p id={hintId} className="mt-1 text-xs text-wx-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-xs text-wx-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
