// Client-side checks with GateServer's own rules (proto's http.ts), so most mistakes are caught
// before a round trip, in the user's words. The server still decides; its errors are shown as
// they come.
import {
  CODE_PATTERN as CODE,
  EMAIL_PATTERN as EMAIL,
  PASSWORD_MAX,
  PASSWORD_MIN,
  USERNAME_PATTERN as USERNAME,
} from '@parley/proto';

export { PASSWORD_MAX, PASSWORD_MIN };

/** Each returns an error sentence, or undefined when the value is fine. */
export function checkEmail(v: string): string | undefined {
  if (!v.trim()) return 'Enter your email address.';
  return EMAIL.test(v.trim()) ? undefined : 'Enter a valid email address.';
}

export function checkUsername(v: string): string | undefined {
  if (!v.trim()) return 'Choose a username.';
  return USERNAME.test(v.trim()) ? undefined : '3-32 letters, digits or _, starting with a letter.';
}

export function checkCode(v: string): string | undefined {
  if (!v.trim()) return 'Enter the code from the email.';
  return CODE.test(v.trim()) ? undefined : 'The code is 6 digits.';
}

export function checkPassword(v: string): string | undefined {
  if (v.length < PASSWORD_MIN) return `At least ${String(PASSWORD_MIN)} characters.`;
  if (v.length > PASSWORD_MAX) return `At most ${String(PASSWORD_MAX)} characters.`;
  return undefined;
}

export function checkConfirm(password: string, confirm: string): string | undefined {
  return password === confirm ? undefined : 'The passwords do not match.';
}

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** Drop the undefined entries; an empty result means the form is valid. */
export function collectErrors<K extends string>(
  checks: Record<K, string | undefined>,
): FieldErrors<K> {
  const out: FieldErrors<K> = {};
  for (const k of Object.keys(checks) as K[]) {
    const e = checks[k];
    if (e !== undefined) out[k] = e;
  }
  return out;
}
