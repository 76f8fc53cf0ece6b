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
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    viewport: { width: 1280, height: 800 },
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

export const nav = (p: Page, name: 'Chats' | 'Contacts' | 'Settings') =>
  p.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true });

/** `from` finds `to` by username and sends a request; `to` accepts it under New friends. */
export async function befriend(from: Person, to: Person): Promise<void> {
  const a = from.page;
  const b = to.page;
  await nav(a, 'Contacts').click();
  await a.getByRole('button', { name: 'Add contact' }).click();
  await a.getByLabel('Find user').fill(to.username);
  await a.getByRole('button', { name: 'Search', exact: true }).click();
  const result = a
    .getByRole('list', { name: 'Search results' })
    .getByRole('listitem', { name: to.username });
  await result.getByRole('button', { name: 'Add' }).click();
  await result.getByRole('button', { name: 'Send request' }).click();
  await expect(result.getByRole('status')).toHaveText('Request sent');

  await nav(b, 'Contacts').click();
  await b.getByRole('button', { name: /New friends/ }).click();
  await b
    .getByRole('list', { name: 'Incoming requests' })
    .getByRole('listitem', { name: from.username })
    .getByRole('button', { name: 'Accept' })
    .click();
  await expect(
    a.getByRole('list', { name: 'Friends' }).getByRole('listitem', { name: to.username }),
  ).toBeVisible();
}
