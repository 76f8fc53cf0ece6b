// Quoted replies in the browser (issue 13 item 4, PROTOCOL.md §9.4), on the desktop and both
// phones: "Quote" in a message's menu, the composer showing what is replied to (and cancelling
// it), the quote under the reply for both people, a recall of the original showing as recalled
// in the quote live and after a reload, and a click on a quote whose original is far back in
// history loading older pages until it is there, scrolling to it and highlighting it.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bubble, escapeRe, messageMenu, messages, openChat, send } from './helpers/chat';
import { befriend, signedUp, type Person } from './helpers/people';
import { expectConnected, screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

/** With the reply, more than the first HISTORY page (50): the original is not loaded after a reload. */
const FILLERS = 50;

let alice: Person;
let bob: Person;
const dialogs: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice', { dialogs });
  bob = await signedUp(browser, testInfo, 'bob', { dialogs });
  await befriend(alice, bob);
});

test.afterAll(async () => {
  expect(dialogs, 'no message may open a dialog').toEqual([]);
  await alice?.close();
  await bob?.close();
});

const touch = (): boolean => test.info().project.use.hasTouch === true;

/** The message row (li) holding the bubble with exactly this text. */
const row = (p: Page, text: string): Locator =>
  messages(p)
    .getByTestId('message')
    .filter({
      has: p.getByTestId('bubble').filter({ hasText: new RegExp(`^${escapeRe(text)}$`) }),
    });

/** The quote under the reply `text`. */
const quoteUnder = (p: Page, text: string): Locator => row(p, text).getByTestId('quote');

/** Choose Quote in the menu of the bubble `text`. */
async function quote(p: Page, text: string): Promise<void> {
  const menu = await messageMenu(p, bubble(p, text), touch());
  await menu.getByRole('menuitem', { name: 'Quote' }).click();
}

test('a quoted reply shows its quote to both; the original recalled shows recalled, live and after a reload', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  await openChat(a, bob.username);
  await openChat(b, alice.username);
  // Markup in the original stays text in every quote.
  const original = '<b>secret</b> plan';
  await send(b, original);
  await expect(bubble(a, original)).toBeVisible();

  // Quote, then cancel: nothing is replied to. (Keyboards and mice also have a Quote button.)
  if (touch()) await quote(a, original);
  else {
    await row(a, original).getByRole('button', { name: 'Quote message' }).focus();
    await a.keyboard.press('Enter');
  }
  const bar = a.getByTestId('replying-to');
  await expect(bar).toContainText(`${bob.username}: ${original}`);
  await expect(a.getByRole('textbox', { name: 'Message' })).toBeFocused();
  await bar.getByRole('button', { name: 'Cancel quote' }).click();
  await expect(bar).toHaveCount(0);

  await quote(a, original);
  await expect(bar).toBeVisible();
  await screenshot(a, testInfo, 'replying-to');
  await send(a, 'what plan?');
  await expect(bar).toHaveCount(0);
  for (const p of [a, b]) {
    await expect(quoteUnder(p, 'what plan?')).toHaveText(`${bob.username}: ${original}`);
    await expect(quoteUnder(p, 'what plan?')).toHaveAttribute('data-recalled', 'false');
  }
  await screenshot(b, testInfo, 'quoted-reply');

  // Bob recalls the original: the quote shows it recalled for both, at once.
  const menu = await messageMenu(b, bubble(b, original), touch());
  await menu.getByRole('menuitem', { name: 'Recall' }).click();
  for (const p of [a, b]) {
    await expect(quoteUnder(p, 'what plan?')).toHaveText(`${bob.username}: Message recalled`);
    await expect(quoteUnder(p, 'what plan?')).toHaveAttribute('data-recalled', 'true');
  }
  await screenshot(a, testInfo, 'quote-recalled');

  // …and after a reload, from HISTORY.
  await a.reload();
  await expectConnected(a);
  await openChat(a, bob.username);
  await expect(quoteUnder(a, 'what plan?')).toHaveText(`${bob.username}: Message recalled`);
  await expect(messages(a).getByTestId('message').filter({ hasText: '<b>secret</b>' })).toHaveCount(
    0,
  );
});

test('a click on a quote whose original is far back loads older history, scrolls to it and highlights it', async () => {
  test.setTimeout(120_000);
  const a = alice.page;
  const b = bob.page;
  const original = 'the very first idea 想法';
  await send(a, original);
  for (let i = 1; i <= FILLERS; i++) await send(a, `filler ${String(i)}`);
  await expect(bubble(b, `filler ${String(FILLERS)}`)).toBeVisible();
  await quote(a, original);
  await send(a, 'back to the first idea');
  await expect(quoteUnder(b, 'back to the first idea')).toHaveText(
    `${alice.username}: ${original}`,
  );

  // After a reload Bob holds only the newest page: the original is not there yet.
  await b.reload();
  await expectConnected(b);
  await openChat(b, alice.username);
  await expect(quoteUnder(b, 'back to the first idea')).toBeVisible();
  await expect(bubble(b, original)).toHaveCount(0);

  await quoteUnder(b, 'back to the first idea').click();
  await expect(bubble(b, original)).toBeInViewport();
  await expect(row(b, original)).toHaveAttribute('data-highlighted', 'true');
  await screenshot(b, test.info(), 'quote-jumped');
  // The highlight is brief.
  await expect(row(b, original)).not.toHaveAttribute('data-highlighted', 'true', {
    timeout: 5_000,
  });
});
