// The whole flow from the keyboard alone (issue 12): log in, open a chat, send, recall, switch
// conversation. Every step moves focus with Tab / Shift+Tab and acts with Enter; the mouse is
// used only to set the scene up (friends and their messages).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bubble, chatHeading, messages, send, openChat } from './helpers/chat';
import { befriend, person, signedUp, type Person } from './helpers/people';
import { PASSWORD } from './helpers/users';

test.describe.configure({ mode: 'serial' });

/** More presses than any screen has focusable controls before the target. */
const MAX_TABS = 60;

let alice: Person;
let bob: Person;
let carol: Person;
let keys: Person;

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice');
  bob = await signedUp(browser, testInfo, 'bob');
  carol = await signedUp(browser, testInfo, 'carol');
  await befriend(bob, alice);
  await befriend(carol, alice);
  await openChat(bob.page, alice.username);
  await send(bob.page, 'Hi from Bob');
  await openChat(carol.page, alice.username);
  await send(carol.page, 'Hi from Carol');
  // Alice goes on in another browser, by keyboard (another profile is another device, PROTOCOL.md
  // §9.2: this one stays online beside it).
  keys = await person(browser, testInfo, 'keys');
});

test.afterAll(async () => {
  for (const p of [alice, bob, carol, keys]) await p?.close();
});

const focused = (l: Locator): Promise<boolean> =>
  l.evaluate(
    (el) =>
      el ===
      (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
  );

/** Press Tab (or Shift+Tab) until `target` has the focus. */
async function tabTo(p: Page, target: Locator, backwards = false): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < MAX_TABS; i++) {
    if (await focused(target)) return;
    await p.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
  }
  expect(await focused(target), `Tab reaches ${target.toString()}`).toBe(true);
}

const chatRow = (p: Page, name: string): Locator =>
  p
    .getByRole('list', { name: 'Chats' })
    .getByRole('listitem', { name, exact: true })
    .getByRole('button');

test('log in, open a chat, send, recall and switch conversation with the keyboard only', async () => {
  const p = keys.page;
  await p.goto('/login');
  await tabTo(p, p.getByLabel('Username or email', { exact: true }));
  await p.keyboard.type(alice.username);
  await tabTo(p, p.getByLabel('Password', { exact: true }));
  await p.keyboard.type(PASSWORD);
  await p.keyboard.press('Enter');
  await expect(p.getByTestId('chat-app')).toHaveAttribute('data-connection', 'online');

  // Open Bob's chat from the list.
  await tabTo(p, chatRow(p, bob.username));
  await p.keyboard.press('Enter');
  await expect(chatHeading(p, bob.username)).toBeVisible();
  await expect(bubble(p, 'Hi from Bob')).toBeVisible();

  // Send.
  const box = p.getByRole('textbox', { name: 'Message' });
  await tabTo(p, box);
  await p.keyboard.type('Typed without a mouse');
  await p.keyboard.press('Enter');
  await expect(bubble(p, 'Typed without a mouse')).toBeVisible();
  await expect(bubble(bob.page, 'Typed without a mouse')).toBeVisible();

  // Recall it: its Recall button is in the tab order (it shows when focused).
  const recall = messages(p).getByRole('button', { name: 'Recall message' });
  await tabTo(p, recall, true);
  await expect(recall).toBeVisible();
  await p.keyboard.press('Enter');
  await expect(messages(p).getByTestId('recalled')).toHaveText(['You recalled a message']);
  await expect(messages(bob.page).getByTestId('recalled')).toHaveCount(1);

  // Switch to Carol's chat.
  await tabTo(p, chatRow(p, carol.username), true);
  await p.keyboard.press('Enter');
  await expect(chatHeading(p, carol.username)).toBeVisible();
  await expect(bubble(p, 'Hi from Carol')).toBeVisible();
  await tabTo(p, box);
  await p.keyboard.type('Over to you, Carol');
  await p.keyboard.press('Enter');
  await expect(bubble(carol.page, 'Over to you, Carol')).toBeVisible();
});
