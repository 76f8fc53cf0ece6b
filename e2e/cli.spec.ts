// Issue 4: a browser user and the native `parley` CLI chat with each other — the CLI talks TCP
// to its ChatServer directly, the browser goes through the WebSocket bridge.
import { expect, test } from '@playwright/test';
import { CliProcess } from '../servers/chat/test/helpers/cli-process';
import { mailCount, readCode } from './helpers/mail';
import { expectConnected, login, newcomer, PASSWORD, register, screenshot } from './helpers/users';

const gateUrl = `http://127.0.0.1:${process.env['PARLEY_E2E_GATE_PORT'] ?? ''}`;
let cli: CliProcess | undefined;

test.afterAll(async () => {
  await cli?.stop();
});

test('a browser user and the CLI client befriend and chat both ways', async ({
  page,
  request,
}, testInfo) => {
  // The CLI user registers over the HTTP API (through the web app's proxy), code from the sink.
  const term = newcomer('cli');
  const seen = mailCount(term.email);
  expect(
    (
      await request.post('/api/auth/code', { data: { email: term.email, purpose: 'register' } })
    ).status(),
  ).toBe(200);
  const code = await readCode(term.email, seen);
  const reg = await request.post('/api/auth/register', {
    data: { ...term, code, password: PASSWORD },
  });
  expect(reg.status()).toBe(201);

  const web = newcomer('web');
  await register(page, web);
  await login(page, web.username);
  await expectConnected(page);

  cli = CliProcess.start({ gateUrl, account: term.username, password: PASSWORD });
  await cli.waitFor(/logged in as/, 0, 20_000);
  let at = cli.send(`/add ${web.username} hello from the terminal`);
  await cli.waitFor(/request sent|requested|sent/i, at);

  // The browser user accepts in New friends.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Contacts' })
    .click();
  await page.getByRole('button', { name: /New friends/ }).click();
  const req = page
    .getByRole('list', { name: 'Incoming requests' })
    .getByRole('listitem', { name: term.username });
  await expect(req).toContainText('hello from the terminal');
  await req.getByRole('button', { name: 'Accept' }).click();
  await expect(
    page.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: term.username }),
  ).toBeVisible();

  // CLI → browser.
  at = cli.send(`/chat ${web.username}`);
  await cli.waitFor(new RegExp(web.username), at);
  cli.send('hello from the cli 你好');
  const bubbles = page.getByRole('list', { name: 'Messages' }).getByTestId('bubble');
  await expect(bubbles.filter({ hasText: /^hello from the cli 你好$/ })).toBeVisible();

  // Browser → CLI.
  at = cli.mark;
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill('hello from the browser');
  await box.press('Enter');
  await cli.waitFor(/hello from the browser/, at, 10_000);
  await screenshot(page, testInfo, 'browser-and-cli');

  cli.send('/quit');
  expect(await cli.exited).toBe(0);
});
