// Two people chat in real browsers over the WebSocket bridge (issue 4): they register with mailed
// codes, land on two different ChatServers, become friends through the UI, chat both ways in
// real time (typing, read state, emoji, long text), keep history across a reload, catch up on
// what they missed while offline, and an XSS corpus stays literal text. Screenshots of the main
// views are attached to the report.
import { expect, test, type Page } from '@playwright/test';
import { bubble, bubbles, messages, openChat, openChats, send } from './helpers/chat';
import { back, goTo, person, type Person } from './helpers/people';
import { expectConnected, login, register, screenshot, storedSession } from './helpers/users';
import { fitsWidth, renderedLines, scrollToTop } from './helpers/dom';

test.describe.configure({ mode: 'serial' });

const MISSED = 55; // more than the first HISTORY page (50), so scroll-up has something to load
const XSS = [
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror="window.__pwned=1">',
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '[click me](javascript:alert(1))',
  '<a href="javascript:alert(1)">javascript:alert(1)</a>',
  '<svg onload=alert(1)><circle r=9 /></svg>',
  '"><iframe src=javascript:alert(1)></iframe>',
] as const;

let alice: Person;
let bob: Person;
/** No message may ever open a dialog: any that does is recorded (and dismissed). */
const dialogs: string[] = [];

test.beforeAll(async ({ browser }, testInfo) => {
  alice = await person(browser, testInfo, 'alice', { dialogs });
  bob = await person(browser, testInfo, 'bob', { dialogs });
});

test.afterAll(async () => {
  await alice?.context.close();
  await bob?.context.close();
});

test('two newcomers register and log in on two different ChatServers', async () => {
  const testInfo = test.info();
  await register(alice.page, alice.who);
  await register(bob.page, bob.who);

  await login(alice.page, alice.who.username);
  await expectConnected(alice.page);
  // Alice is now counted on her ChatServer (loads are reported promptly), so the least-loaded
  // pick sends Bob to the other one.
  await login(bob.page, bob.who.username);
  await expectConnected(bob.page);

  const a = await storedSession(alice.page);
  const b = await storedSession(bob.page);
  expect(a?.chat.server).toBeTruthy();
  expect(b?.chat.server).toBeTruthy();
  expect(a?.chat.server, 'Alice and Bob should be on different ChatServers').not.toBe(
    b?.chat.server,
  );
  await expect(alice.page.getByRole('complementary', { name: 'Conversations' })).toContainText(
    'No chats yet',
  );
  await screenshot(alice.page, testInfo, 'chats-empty');
});

test('they become friends: search, add with a greeting, accept in New friends', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  const greeting = `Hi Bob, it's Alice 👋`;

  await goTo(a, 'Contacts');
  await a.getByRole('button', { name: 'Add contact' }).click();
  await a.getByLabel('Find user').fill(bob.who.username);
  await a.getByRole('button', { name: 'Search', exact: true }).click();
  const result = a
    .getByRole('list', { name: 'Search results' })
    .getByRole('listitem', { name: bob.who.username });
  await result.getByRole('button', { name: 'Add' }).click();
  await result.getByLabel('Greeting').fill(greeting);
  await result.getByRole('button', { name: 'Send request' }).click();
  await expect(result.getByRole('status')).toHaveText('Request sent');
  await screenshot(a, testInfo, 'add-contact');

  // Bob gets the request live (FRIEND_REQUEST_NOTIFY): a badge on Contacts.
  await expect(b.getByLabel('1 new friend requests').first()).toBeVisible();
  await goTo(b, 'Contacts');
  await b.getByRole('button', { name: /New friends/ }).click();
  const request = b
    .getByRole('list', { name: 'Incoming requests' })
    .getByRole('listitem', { name: alice.who.username });
  await expect(request).toContainText(greeting);
  await screenshot(b, testInfo, 'new-friends');
  await request.getByRole('button', { name: 'Accept' }).click();
  // Accepting opens the new conversation.
  await expect(
    b.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: alice.who.username }),
  ).toBeVisible();

  // Alice hears of it (FRIEND_REPLY_NOTIFY): Bob is in her friends A–Z, with a profile card.
  await back(a); // a phone shows the list again (the desktop has it beside the page)
  const friend = a
    .getByRole('list', { name: 'Friends' })
    .getByRole('listitem', { name: bob.who.username });
  await expect(friend).toBeVisible();
  await friend.getByRole('button').click();
  const card = a.getByRole('region', { name: 'Profile card' });
  await expect(card).toContainText(bob.who.username);
  await expect(card).toContainText('Online');
  await screenshot(a, testInfo, 'profile-card');
  await card.getByRole('button', { name: 'Send message' }).click();
  await expect(
    a.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: bob.who.username }),
  ).toBeVisible();
});

test('they chat both ways in real time, with typing, read state, emoji and long text', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  const cjk = '你好 Alice，今天过得怎么样？我们周末一起去爬山吧，天气预报说会是晴天。';

  await send(a, 'Hello Bob! 👋');
  await expect(bubble(b, 'Hello Bob! 👋')).toBeVisible();
  await expect(b.getByLabel('Contact status')).toHaveText('Online');

  // Bob types: Alice sees "typing…" (TYPING → TYPING_NOTIFY), then his message ends it.
  await b.getByRole('textbox', { name: 'Message' }).fill('你好');
  await expect(a.getByLabel('Contact status')).toHaveText('typing…');
  await screenshot(a, testInfo, 'typing');
  await send(b, cjk);
  await expect(bubble(a, cjk)).toBeVisible();
  await expect(a.getByLabel('Contact status')).toHaveText('Online');

  // Bob had the chat open, so Alice's message shows as read (READ → READ_NOTIFY).
  await expect(a.getByTestId('read-state')).toHaveText('Read');

  // Shift+Enter is a new line, Enter sends.
  const box = a.getByRole('textbox', { name: 'Message' });
  await box.fill('line one');
  await box.press('Shift+Enter');
  await box.pressSequentially('line two');
  await box.press('Enter');
  await expect(bubbles(b).last()).toHaveText('line one\nline two');
  expect(await bubbles(b).last().innerText()).toBe('line one\nline two');

  // The emoji picker inserts into the input.
  await a.getByRole('button', { name: 'Emoji' }).click();
  await a
    .getByRole('dialog', { name: 'Emoji picker' })
    .getByRole('button', { name: 'thumbs up' })
    .click();
  await expect(box).toHaveValue('👍');
  await box.press('Enter');
  await expect(bubble(b, '👍')).toBeVisible();

  // Long text wraps inside the bubble: English at word boundaries, CJK anywhere, and an unbroken
  // token is broken rather than overflowing.
  const english =
    'This is a rather long English message that should wrap at word boundaries inside its bubble and never leave a single letter alone on a line, whatever the width of the window happens to be today.';
  const longCjk = '长消息测试：'.concat(
    '微信风格的气泡里的中文应该可以在任意两个汉字之间换行。'.repeat(4),
  );
  const token = `https://example.test/${'x'.repeat(240)}`;
  await send(a, english);
  await send(b, longCjk);
  await send(a, token);
  for (const p of [a, b]) {
    await expect(bubble(p, token)).toBeVisible();
    const list = messages(p);
    // Nothing sticks out sideways.
    expect(await list.evaluate(fitsWidth)).toBe(true);
    const width = (await list.boundingBox())?.width ?? 0;
    for (const text of [english, longCjk, token]) {
      const box = await bubble(p, text).boundingBox();
      // Wide (a full line of words), and within 70 % of the pane.
      expect(box?.width ?? 0).toBeGreaterThan(width * 0.45);
      expect(box?.width ?? 0).toBeLessThanOrEqual(width * 0.7 + 1);
    }
    // English breaks between words only: every rendered line ends at a whole word.
    const lines = await bubble(p, english).evaluate(renderedLines);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.length).toBeGreaterThan(5);
  }
  await expect(messages(a).getByTestId('time-separator').first()).toBeVisible();
  await screenshot(a, testInfo, 'chat-alice');
  await screenshot(b, testInfo, 'chat-bob');
});

test('offline, Bob misses messages and gets each once on return, with unread badges', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;

  // Bob looks at his contacts (the chat is not on screen), then loses the network.
  await goTo(b, 'Contacts');
  await bob.context.setOffline(true);
  await expect(b.getByRole('status', { name: 'Connection' })).toBeVisible();
  await screenshot(b, testInfo, 'offline-banner');

  for (let i = 1; i <= MISSED; i++) await send(a, `Missed ${String(i)}`);
  await expect(messages(a).locator('[data-status="sending"]')).toHaveCount(0);
  await expect(bubble(a, `Missed ${String(MISSED)}`)).toBeVisible();

  await bob.context.setOffline(false);
  await expectConnected(b, 30_000);
  await expect(b.getByLabel(`${String(MISSED)} unread messages`)).toBeVisible();
  await expect(b).toHaveTitle(`(${String(MISSED)}) Parley`);
  await openChats(b);
  const row = b
    .getByRole('list', { name: 'Chats' })
    .getByRole('listitem', { name: alice.who.username });
  await expect(row.getByLabel(`${String(MISSED)} unread`)).toBeVisible();
  await expect(row).toContainText(`Missed ${String(MISSED)}`);
  await screenshot(b, testInfo, 'unread-badges');

  await openChat(b, alice.who.username);
  await expect(bubble(b, `Missed ${String(MISSED)}`)).toBeVisible();
  const missed = await bubbles(b).allInnerTexts();
  const got = missed.filter((t) => /^Missed \d+$/.test(t));
  expect(got).toEqual(Array.from({ length: MISSED }, (_, i) => `Missed ${String(i + 1)}`));
  // Viewing it read it: badges and title clear, and Alice sees "Read".
  await expect(row.getByTestId('unread-badge')).toHaveCount(0);
  await expect(b).toHaveTitle('Parley');
  await expect(a.getByTestId('read-state')).toHaveText('Read');
});

test('after a reload the history is there, and scrolling up loads older messages', async () => {
  const testInfo = test.info();
  const b = bob.page;
  await b.reload();
  await expectConnected(b);
  await openChat(b, alice.who.username);
  await expect(bubble(b, `Missed ${String(MISSED)}`)).toBeVisible();
  // The first page holds the newest 50; the greeting is older.
  await expect(bubble(b, 'Hello Bob! 👋')).toHaveCount(0);
  await messages(b).evaluate(scrollToTop);
  await expect(bubble(b, 'Missed 1')).toBeVisible();
  await messages(b).evaluate(scrollToTop);
  await expect(bubble(b, 'Hello Bob! 👋')).toBeVisible();
  await expect(messages(b).getByText('No older messages')).toBeVisible();
  const texts = (await bubbles(b).allInnerTexts()).filter((t) => /^Missed \d+$/.test(t));
  expect(texts).toHaveLength(MISSED);
  await screenshot(b, testInfo, 'history-after-reload');
});

test('an XSS corpus sent as messages stays literal text and runs no script', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  await b.getByRole('textbox', { name: 'Message' }).focus();
  for (const s of XSS) await send(a, s);
  for (const s of XSS) await expect(bubble(b, s)).toBeVisible();

  const check = async (p: Page) => {
    for (const s of XSS) await expect(bubble(p, s)).toHaveText(s);
    // Nothing became markup: no images, scripts, links, SVG or frames inside the messages.
    await expect(messages(p).locator('img, script, a, svg, iframe')).toHaveCount(0);
    expect(await p.evaluate('typeof window.__pwned')).toBe('undefined');
  };
  await check(a);
  await check(b);
  await screenshot(b, testInfo, 'xss-literal');

  // The same after a reload, when the messages come from HISTORY.
  await b.reload();
  await expectConnected(b);
  await openChat(b, alice.who.username);
  await expect(bubble(b, XSS[0])).toBeVisible();
  await check(b);
  expect(dialogs).toEqual([]);
});

test('logging in again as the same device kicks the older session, which stops reconnecting', async ({
  browser,
}, testInfo) => {
  // Another browser profile is another device (PROTOCOL.md §9.2) and would stay online beside
  // this one: the new context takes this profile's deviceId, as a second tab of it would.
  const deviceId = await alice.page.evaluate<string | null>(
    'window.localStorage.getItem("parley.device")',
  );
  const elsewhere = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  try {
    await elsewhere.addInitScript(
      `window.localStorage.setItem('parley.device', ${JSON.stringify(deviceId)})`,
    );
    const page = await elsewhere.newPage();
    await login(page, alice.who.username);
    await expectConnected(page);
    const a = alice.page;
    // KICKED "replaced", with the device that logged in and when.
    await expect(a.getByTestId('kicked-notice')).toHaveText(
      /^Logged in on \w+ on \w+( \(.+\))? at \d\d:\d\d$/,
    );
    await expect(a.getByRole('button', { name: 'Log in again' })).toBeVisible();
    await expect(a.getByTestId('chat-app')).toHaveAttribute('data-connection', 'kicked');
    await a.waitForTimeout(2_000);
    await expect(a.getByTestId('chat-app')).toHaveAttribute('data-connection', 'kicked');
    await screenshot(a, testInfo, 'kicked');
    // The new session has the history.
    await openChat(page, bob.who.username);
    await expect(bubble(page, XSS[0])).toBeVisible();
  } finally {
    await elsewhere.close();
  }
  expect(dialogs).toEqual([]);
});
