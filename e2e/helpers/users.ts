// Newcomers for the browser tests: register through the UI with a mailed code, log in.
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { AuthLoginResponse } from '@parley/proto';
import { mailCount, readCode } from './mail';

export const PASSWORD = 'correct-horse-42';

/** `POST /auth/login`'s answer, as the contract package defines it. */
export type LoginBody = AuthLoginResponse;

export interface Newcomer {
  email: string;
  username: string;
}

/** A never-used email and username (usernames: a letter first, then letters, digits, _). */
export function newcomer(prefix = 'u'): Newcomer {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  return { email: `${prefix}.${id}@example.test`, username: `${prefix}_${id}` };
}

export async function screenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** /register → code from the SMTP sink → account created, left on /login. */
export async function register(page: Page, who: Newcomer): Promise<void> {
  const seen = mailCount(who.email);
  await page.goto('/register');
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByRole('button', { name: 'Send code' }).click();
  await expect(page.getByRole('status').filter({ hasText: who.email })).toBeVisible();
  const code = await readCode(who.email, seen);
  await page.getByLabel('Verification code', { exact: true }).fill(code);
  await page.getByLabel('Username', { exact: true }).fill(who.username);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/login\?registered=/);
}

/** Log in on /login; resolves with the login response once the main screen is up. */
export async function login(page: Page, account: string): Promise<LoginBody> {
  if (!/\/login/.test(page.url())) await page.goto('/login');
  await page.getByLabel('Username or email', { exact: true }).fill(account);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  const answer = page.waitForResponse(
    (r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  const res = await answer;
  expect(res.status()).toBe(200);
  await expect(page).toHaveURL(/\/$/);
  return (await res.json()) as LoginBody;
}

/** Connected: LOGIN over the bridge succeeded, so the connection banner is gone. */
export async function expectConnected(page: Page, timeout = 15_000): Promise<void> {
  await expect(page.getByTestId('chat-app')).toHaveAttribute('data-connection', 'online', {
    timeout,
  });
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveCount(0);
}

export async function storedSession(page: Page): Promise<LoginBody | null> {
  const raw = await page.evaluate<string | null>('window.localStorage.getItem("parley.session")');
  return JSON.parse(raw ?? 'null') as LoginBody | null;
}
