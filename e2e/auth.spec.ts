// The newcomer's journey in a real browser: register with an emailed code (sent over SMTP to the
// sink that e2e/global-setup.ts runs, PROTOCOL.md §8), log in, see the assigned ChatServer, log
// out, and get a clear error for a wrong password.
import { expect, test } from '@playwright/test';
import { mailCount, readCode } from './helpers/mail';
import { newcomer, PASSWORD, screenshot, type LoginBody } from './helpers/users';

test('a newcomer registers, logs in, sees the assigned ChatServer and logs out', async ({
  page,
}, testInfo) => {
  const { email, username } = newcomer('newcomer');
  const seen = mailCount(email);

  await test.step('request a code on /register', async () => {
    await page.goto('/register');
    await expect(page.getByRole('heading', { name: 'Create your Parley account' })).toBeVisible();
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByRole('status').filter({ hasText: email })).toBeVisible();
    // The 60 s countdown: the button is disabled and says how long to wait.
    await expect(page.getByRole('button', { name: /^Resend in \d+ s$/ })).toBeDisabled();
  });

  const code = await test.step('read the code from the mail the SMTP sink received', () =>
    readCode(email, seen));

  await test.step('complete the registration', async () => {
    await page.getByLabel('Verification code', { exact: true }).fill(code);
    await page.getByLabel('Username', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Confirm password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/login\?registered=/);
    await expect(page.getByRole('status').filter({ hasText: 'Account created' })).toBeVisible();
    await expect(page.getByLabel('Username or email', { exact: true })).toHaveValue(username);
    await screenshot(page, testInfo, 'login-page');
  });

  const login = await test.step('log in with the username', async () => {
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    const answer = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    const res = await answer;
    expect(res.status()).toBe(200);
    return (await res.json()) as LoginBody;
  });

  await test.step('the main screen shows the user and the assigned ChatServer', async () => {
    expect(login.error).toBe(0);
    expect(login.chat.server).not.toBe('');
    await expect(page).toHaveURL(/\/$/);
    await page.getByRole('button', { name: 'My profile' }).click();
    const profile = page.getByRole('region', { name: 'Profile' });
    await expect(profile).toContainText(username);
    await expect(profile).toContainText(login.uid);
    await expect(profile).toContainText(login.chat.server);
    await expect(profile).toContainText(`${login.chat.host}:${String(login.chat.port)}`);
    // The session (with the token the WebSocket bridge will need) is kept in localStorage.
    const stored = await page.evaluate<string | null>(
      'window.localStorage.getItem("parley.session")',
    );
    expect((JSON.parse(stored ?? 'null') as LoginBody | null)?.token).toBe(login.token);
    await screenshot(page, testInfo, 'main-screen');
  });

  await test.step('log out returns to /login and forgets the session', async () => {
    await page
      .getByRole('region', { name: 'Profile' })
      .getByRole('button', { name: 'Log out' })
      .click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await page.evaluate('window.localStorage.getItem("parley.session")')).toBeNull();
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
  });

  await test.step('a wrong password shows the wrong-password error', async () => {
    await page.getByLabel('Username or email', { exact: true }).fill(username);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password-1');
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: /wrong account or password/i }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });
});

test('pages carry the security headers', async ({ request }) => {
  const res = await request.get('/login');
  expect(res.status()).toBe(200);
  const h = res.headers();
  expect(h['content-security-policy']).toContain("default-src 'self'");
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBeTruthy();
});
