// People in the browser tests: each in an own browser context (its own localStorage session),
// registered through the UI with a mailed code and logged in; friends made through the UI.
// Shared by every spec, so a person is set up the same way everywhere.
import {
  expect,
  type Browser,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { expectConnected, login, newcomer, register, type Newcomer } from './users';

export interface Person {
  who: Newcomer;
  /** who.username, for short. */
  username: string;
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

export interface PersonOptions {
  /** Every dialog a page opens is recorded here (and dismissed): a message must never open one. */
  dialogs?: string[];
}

/** A fresh context and page for a newcomer (not registered yet: see `onboard`). */
export async function person(
  browser: Browser,
  testInfo: TestInfo,
  prefix: string,
  opts: PersonOptions = {},
): Promise<Person> {
  // The project's device (playwright.config.ts): desktop, or a phone's viewport, touch and agent.
  const use = testInfo.project.use;
  const context = await browser.newContext({
    baseURL: use.baseURL,
    viewport: use.viewport ?? { width: 1280, height: 800 },
    ...(use.userAgent ? { userAgent: use.userAgent } : {}),
    ...(use.deviceScaleFactor ? { deviceScaleFactor: use.deviceScaleFactor } : {}),
    isMobile: use.isMobile ?? false,
    hasTouch: use.hasTouch ?? false,
    // Voice messages record from Chromium's fake microphone (playwright.config.ts flags).
    permissions: ['microphone'],
  });
  const page = await context.newPage();
  page.on('dialog', (d) => {
    opts.dialogs?.push(`${prefix}: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  const who = newcomer(prefix);
  return { who, username: who.username, context, page, close: () => context.close() };
}

/** Register (code from the SMTP sink), log in, and wait for the chat connection. */
export async function onboard(p: Person): Promise<void> {
  await register(p.page, p.who);
  await login(p.page, p.who.username);
  await expectConnected(p.page);
}

/** A new person, registered and logged in. */
export async function signedUp(
  browser: Browser,
  testInfo: TestInfo,
  prefix: string,
  opts: PersonOptions = {},
): Promise<Person> {
  const p = await person(browser, testInfo, prefix, opts);
  await onboard(p);
  return p;
}

export const nav = (p: Page, name: 'Chats' | 'Contacts' | 'Settings' | 'Me') =>
  p.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

/** The back arrow of a page that covers a list (phone layout; hidden on the desktop). */
export const backButton = (p: Page) => p.getByRole('button', { name: /^Back/ });

/** Phone layout: leave the page on screen for its list, if one covers it. Desktop: nothing. */
export async function back(p: Page): Promise<void> {
  const b = backButton(p);
  if ((await b.count()) > 0) await b.first().click();
}

/** Go to a main view from wherever the user is: on a phone the tab bar is hidden while a page
 *  covers the list, so step back to the list first. */
export async function goTo(p: Page, name: 'Chats' | 'Contacts'): Promise<void> {
  const tab = nav(p, name);
  if (!(await tab.isVisible())) await back(p);
  await tab.click();
}

/** `from` finds `to` by username and sends a request; `to` accepts it under New friends. */
export async function befriend(from: Person, to: Person): Promise<void> {
  const a = from.page;
  const b = to.page;
  await goTo(a, 'Contacts');
  await a.getByRole('button', { name: 'Add contact' }).click();
  await a.getByLabel('Find user').fill(to.username);
  await a.getByRole('button', { name: 'Search', exact: true }).click();
  const result = a
    .getByRole('list', { name: 'Search results' })
    .getByRole('listitem', { name: to.username });
  await result.getByRole('button', { name: 'Add' }).click();
  await result.getByRole('button', { name: 'Send request' }).click();
  await expect(result.getByRole('status')).toHaveText('Request sent');

  await goTo(b, 'Contacts');
  await b.getByRole('button', { name: /New friends/ }).click();
  await b
    .getByRole('list', { name: 'Incoming requests' })
    .getByRole('listitem', { name: from.username })
    .getByRole('button', { name: 'Accept' })
    .click();
  await back(a);
  await expect(
    a.getByRole('list', { name: 'Friends' }).getByRole('listitem', { name: to.username }),
  ).toBeVisible();
}
