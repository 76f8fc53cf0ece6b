// Reading verification codes from the SMTP sink's file (see mail-sink.ts, global-setup.ts).
import { existsSync, readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import type { StoredMail } from './mail-sink';

const CODE_RE = /\b(\d{6})\b/g;

function mails(): StoredMail[] {
  const file = process.env['PARLEY_E2E_MAIL_FILE'] ?? '';
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as StoredMail);
}

/** How many mails `email` has received so far (to wait for the next one). */
export function mailCount(email: string): number {
  const to = email.toLowerCase();
  return mails().filter((m) => m.to.includes(to)).length;
}

/**
 * The code in the first mail to `email` after `seen` earlier ones, waiting for VerifyServer to
 * deliver it. PROTOCOL.md §7: the mail's text holds the code as its only 6-digit number.
 */
export async function readCode(email: string, seen = 0): Promise<string> {
  const to = email.toLowerCase();
  let code = '';
  await expect(() => {
    const mine = mails().filter((m) => m.to.includes(to));
    const mail = mine[seen];
    expect(mail, `mail #${String(seen + 1)} to ${email}`).toBeDefined();
    const codes = [...(mail?.text ?? '').matchAll(CODE_RE)].map((m) => m[1]);
    expect(codes, `exactly one 6-digit code in: ${mail?.text ?? ''}`).toHaveLength(1);
    expect(mail?.subject).toMatch(/verification code/i);
    code = codes[0] ?? '';
  }).toPass({ timeout: 20_000 });
  return code;
}
