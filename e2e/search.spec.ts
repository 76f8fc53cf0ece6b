// Message search in the browser (issue 13 item 3, PROTOCOL.md §9.3): the chat list's search box
// finds messages too, grouped by conversation with the match marked (as text, never HTML); a
// two-character Chinese query finds the sentence that contains it, and a click opens the
// conversation at that message — far back in history, so older pages load — and highlights it.
import { expect, test, type Page } from '@playwright/test';
import { bubble, escapeRe, messages, openChat, openChats, send } from './helpers/chat';
import { befriend, signedUp, type Person } from './helpers/people';
import { expectConnected, screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

/** More than the first HISTORY page (50): the hit is not loaded when the chat opens. */
const FILLERS = 50;
const SENTENCE = '我们明天去北京吃烤鸭';

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

const searchBox = (p: Page) => p.getByRole('searchbox', { name: 'Search conversations' });
const found = (p: Page) => p.getByRole('region', { name: 'Messages found' });

test('a two-character Chinese query finds the sentence, marked; a click opens the chat at it, far back', async () => {
  test.setTimeout(150_000);
  const a = alice.page;
  const b = bob.page;
  await openChat(a, bob.username);
  await send(a, SENTENCE);
  await send(a, '<img src=x onerror=alert(1)> 北京 again');
  for (let i = 1; i <= FILLERS; i++) await send(a, `filler ${String(i)}`);
  await openChat(b, alice.username);
  await expect(bubble(b, `filler ${String(FILLERS)}`)).toBeVisible();

  // A fresh page: Bob holds only the newest page of the chat.
  await b.reload();
  await expectConnected(b);
  await openChats(b);
  await searchBox(b).fill('北京');
  const hits = found(b).getByTestId('search-hit');
  await expect(hits).toHaveCount(2);
  // Grouped under the conversation, newest first, the match marked; markup stays text.
  await expect(found(b).getByRole('list', { name: `Found in ${alice.username}` })).toBeVisible();
  // (a long text starts shortly before its match)
  await expect(hits.nth(0).getByTestId('search-hit-text')).toHaveText(
    '…error=alert(1)> 北京 again',
  );
  await expect(hits.nth(1).getByTestId('search-hit-text')).toHaveText(SENTENCE);
  await expect(hits.nth(1).locator('mark')).toHaveText('北京');
  await expect(found(b).locator('img')).toHaveCount(0);
  await screenshot(b, test.info(), 'search-results');

  // A query that finds nothing says so.
  await searchBox(b).fill('无此内容');
  await expect(found(b)).toContainText('No messages found');
  await searchBox(b).fill('北京');
  await expect(hits).toHaveCount(2);

  await hits.nth(1).click();
  const target = messages(b)
    .getByTestId('message')
    .filter({
      has: b.getByTestId('bubble').filter({ hasText: new RegExp(`^${escapeRe(SENTENCE)}$`) }),
    });
  await expect(target).toBeInViewport();
  await expect(target).toHaveAttribute('data-highlighted', 'true');
  await screenshot(b, test.info(), 'search-jumped');
});
