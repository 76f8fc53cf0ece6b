// Form state for the auth pages: string values, one error per field, cleared as the user types.
import { useState, type ChangeEvent } from 'react';
import { collectErrors, type FieldErrors } from './validate';

export interface BoundField {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (e: ChangeEvent<HTMLInputElement>) => void;
}

export function useForm<K extends string>(initial: Record<K, string>) {
  const [values, setValues] = useState<Record<K, string>>(initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});

  function setError(key: K, message: string | undefined): void {
    setErrors((prev) => ({ ...prev, [key]: message }));
  }

  /** Props for a <Field>: its value, its error, and an onChange that clears that error. */
  function field(key: K): BoundField {
    return {
      name: key,
      value: values[key],
      error: errors[key],
      onChange: (e) => {
        const v = e.target.value;
        setValues((prev) => ({ ...prev, [key]: v }));
        if (errors[key] !== undefined) setError(key, undefined);
      },
    };
  }

  /** Show every failed check; true when there were none. */
  function validate(checks: Record<K, string | undefined>): boolean {
    const errs = collectErrors(checks);
    setErrors(errs);
    return Object.keys(errs).length === 0;
  }

  return { values, field, validate, setError };
}
