// One person on two devices (PROTOCOL.md §9.2, issue 13 items 2 and 5): Alice in two browser
// contexts — two browser profiles, so two deviceIds — both online at once. A message from Bob
// reaches both; reading on one clears the other's badge live; what Alice sends on one shows on the
// other as her own; logging one out from the other's Settings → Devices shows the notice there.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bubble, chatHeading, openChat, openChats, send } from './helpers/chat';
import { befriend, goTo, nav, person, signedUp, type Person } from './helpers/people';
import { expectConnected, login, screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

let alice: Person;
/** Alice's second device: another browser context (profile), logged in as Alice. */
let laptop: Person;
let bob: Person;

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice');
  bob = await signedUp(browser, testInfo, 'bob');
  await befriend(bob, alice);
  laptop = await person(browser, testInfo, 'laptop');
  await login(laptop.page, alice.username);
  await expectConnected(laptop.page);
});

test.afterAll(async () => {
  for (const p of [alice, laptop, bob]) await p?.close();
});

const row = (p: Page, name: string): Locator =>
  p.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name, exact: true });

/** Settings → Devices, opened (it reads DEVICES each time it opens). */
async function openDevices(p: Page): Promise<Locator> {
  await nav(p, 'Settings').click();
  await p.getByRole('button', { name: 'Devices', exact: true }).click();
  return p.getByRole('list', { name: 'Devices' });
}

test('both devices are online at once and a message from a friend reaches both', async () => {
  // Neither login replaced the other: both stay connected.
  await expectConnected(alice.page);
  await expectConnected(laptop.page);
  // Neither has the chat open (accepting Bob opened it on the first device): leaving the chats
  // view closes it, so coming back shows the list.
  for (const p of [alice.page, laptop.page]) {
    await goTo(p, 'Contacts');
    await openChats(p);
  }
  await openChat(bob.page, alice.username);
  await send(bob.page, 'Hello, both of you');
  for (const p of [alice.page, laptop.page]) {
    await expect(row(p, bob.username).getByLabel('1 unread')).toBeVisible();
  }
});

test('reading on one device clears the badge on the other, live', async () => {
  const testInfo = test.info();
  await openChat(alice.page, bob.username);
  await expect(bubble(alice.page, 'Hello, both of you')).toBeVisible();
  // READ_NOTIFY with Alice's own uid reaches the laptop, which never opened the chat.
  await expect(row(laptop.page, bob.username).getByTestId('unread-badge')).toHaveCount(0);
  await expect(laptop.page.getByLabel(/unread messages/)).toHaveCount(0);
  await screenshot(laptop.page, testInfo, 'read-elsewhere');
});

test('a message sent on one device appears on the other as its own, never unread', async () => {
  await send(alice.page, 'Sent from my phone');
  await expect(bubble(bob.page, 'Sent from my phone')).toBeVisible();
  // On the laptop: in the list, without a badge…
  await expect(row(laptop.page, bob.username)).toContainText('Sent from my phone');
  await expect(row(laptop.page, bob.username).getByTestId('unread-badge')).toHaveCount(0);
  // …and in the thread, as Alice's own message.
  await openChat(laptop.page, bob.username);
  const mine = laptop.page.getByTestId('message').filter({ hasText: 'Sent from my phone' });
  await expect(mine).toHaveAttribute('data-own', 'true');
  const theirs = laptop.page.getByTestId('message').filter({ hasText: 'Hello, both of you' });
  await expect(theirs).toHaveAttribute('data-own', 'false');
  // And the other way round: the laptop answers, the first device shows it as its own.
  await send(laptop.page, 'And this from my laptop');
  const back = alice.page.getByTestId('message').filter({ hasText: 'And this from my laptop' });
  await expect(back).toHaveAttribute('data-own', 'true');
  await expect(chatHeading(alice.page, bob.username)).toBeVisible();
});

test('Settings → Devices lists both; logging the laptop out shows the notice there', async () => {
  const testInfo = test.info();
  const list = await openDevices(alice.page);
  const items = list.getByRole('listitem');
  await expect(items).toHaveCount(2);
  const here = items.filter({ hasText: 'This device' });
  const other = items.filter({ hasNotText: 'This device' });
  await expect(here).toHaveCount(1);
  await expect(here).toContainText('Online');
  await expect(other).toContainText('Online');
  // Both are Chromium on Linux here: named from the user agent.
  await expect(other).toContainText(/\w+ on \w+/);
  await screenshot(alice.page, testInfo, 'devices');

  await other.getByRole('button', { name: 'Log out' }).click();
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('This device');

  const l = laptop.page;
  await expect(l.getByTestId('chat-app')).toHaveAttribute('data-connection', 'kicked');
  const notice = l.getByRole('alert');
  await expect(notice.getByTestId('kicked-notice')).toHaveText('Logged out from another device');
  await expect(notice.getByRole('button', { name: 'Log in again' })).toBeVisible();
  await expect(notice.getByRole('button', { name: 'Not you? Log out everywhere' })).toBeVisible();
  await screenshot(l, testInfo, 'revoked-notice');
  // The first device carries on.
  await expectConnected(alice.page);

  // Its token was revoked: a reload does not bring the session back.
  await l.reload();
  await expect(l).toHaveURL(/\/login/);
});

test('"Not you? Log out everywhere" leads to changing the password', async () => {
  // The laptop logs in again, and is then replaced by a login as the same device (its deviceId
  // copied into a third context, as a stolen session would be).
  const l = laptop.page;
  await login(l, alice.username);
  await expectConnected(l);
  const deviceId = await l.evaluate<string | null>('window.localStorage.getItem("parley.device")');
  expect(deviceId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  const thief = await laptop.context
    .browser()!
    .newContext({ baseURL: test.info().project.use.baseURL });
  try {
    await thief.addInitScript(
      `window.localStorage.setItem('parley.device', ${JSON.stringify(deviceId)})`,
    );
    const t = await thief.newPage();
    await login(t, alice.username);
    await expectConnected(t);
    const notice = l.getByRole('alert');
    await expect(notice.getByTestId('kicked-notice')).toHaveText(
      /^Logged in on \w+ on \w+( \(.+\))? at \d\d:\d\d$/,
    );
    await notice.getByRole('button', { name: 'Not you? Log out everywhere' }).click();
    await expect(l).toHaveURL(/\/reset$/);
    await expect(l.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await expect(l.getByText('Every device will be logged out.')).toBeVisible();
    // This browser forgot the session.
    expect(await l.evaluate('window.localStorage.getItem("parley.session")')).toBeNull();
  } finally {
    await thief.close();
  }
});
