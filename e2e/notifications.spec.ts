// System notifications while the tab is hidden (issue 12). The browser's Notification is wrapped
// by an init script that records what the page shows (a headless browser draws nothing) and
// stands in for the permission prompt (headless Chromium denies without asking): "default" until
// the page asks, then the user's "granted". Headless Chromium also keeps every tab "visible", so
// the test hides the tab the way a browser does: document.visibilityState and a visibilitychange
// event. The page's own code is what runs.
import { expect, test, type Page } from '@playwright/test';
import { bubble, chatHeading, openChat, send } from './helpers/chat';
import { befriend, goTo, signedUp, type Person } from './helpers/people';

test.describe.configure({ mode: 'serial' });

let alice: Person;
let bob: Person;

const RECORD = `(() => {
  const Real = window.Notification;
  if (!Real) return;
  window.__notes = [];
  window.__asked = 0;
  let permission = 'default';
  class Recorded extends Real {
    static get permission() {
      return permission;
    }
    constructor(title, options) {
      super(title, options);
      window.__notes.push({ title, body: options && options.body, tag: options && options.tag });
      window.__last = this;
    }
  }
  Recorded.requestPermission = () => {
    window.__asked++;
    permission = 'granted';
    return Promise.resolve(permission);
  };
  window.Notification = Recorded;
})()`;

/** The tab goes to the background (or comes back), as far as the page can tell. */
const setHidden = (p: Page, hidden: boolean) =>
  p.evaluate(`(() => {
    const state = ${JSON.stringify(hidden ? 'hidden' : 'visible')};
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  })()`);

interface Note {
  title: string;
  body: string;
  tag: string;
}
const notes = (p: Page) => p.evaluate<Note[]>('window.__notes');

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice');
  bob = await signedUp(browser, testInfo, 'bob');
  await alice.context.addInitScript(RECORD);
  await befriend(alice, bob);
  await openChat(bob.page, alice.username);
});

test.afterAll(async () => {
  await alice?.close();
  await bob?.close();
});

test('permission is asked from the Me page’s button, not on load', async () => {
  const a = alice.page;
  await a.reload();
  await a
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: 'Settings' })
    .click();
  await expect(a.getByTestId('notification-state')).toHaveText('Off');
  expect(await a.evaluate('window.__asked')).toBe(0);
  await a.getByRole('button', { name: 'Turn on' }).click();
  expect(await a.evaluate('window.__asked')).toBe(1);
  await expect(a.getByTestId('notification-state')).toContainText('On');
});

test('while the tab is hidden, one notification per conversation; clicking it opens the chat', async () => {
  const a = alice.page;
  await goTo(a, 'Contacts');
  await setHidden(a, true);
  expect(await notes(a)).toEqual([]);

  await send(bob.page, 'Are you there?');
  await send(bob.page, 'Lunch at noon');
  await expect.poll(async () => (await notes(a)).at(-1)?.body).toBe('Lunch at noon');
  const shown = await notes(a);
  // Every one is Bob's, tagged with the conversation, so the newest replaces the older one.
  expect(new Set(shown.map((n) => n.title))).toEqual(new Set([bob.username]));
  expect(new Set(shown.map((n) => n.tag)).size).toBe(1);
  await expect(a).toHaveTitle('(2) Parley');

  // Clicking it brings the tab forward on that conversation.
  await setHidden(a, false);
  await a.evaluate('window.__last.onclick()');
  await expect(chatHeading(a, bob.username)).toBeVisible();
  await expect(bubble(a, 'Lunch at noon')).toBeVisible();
  await expect(a).toHaveTitle('Parley');

  // Visible: no notification for what arrives now.
  const before = (await notes(a)).length;
  await send(bob.page, 'Seen it live');
  await expect(bubble(a, 'Seen it live')).toBeVisible();
  expect((await notes(a)).length).toBe(before);
});

test('a muted chat raises no notification; the mute is kept by the server; unmuted, it counts again', async () => {
  const a = alice.page;
  await openChat(a, bob.username);
  const mute = a.getByRole('button', { name: 'Mute notifications' });
  await expect(mute).toHaveAttribute('aria-pressed', 'false');
  await mute.click();
  await expect(mute).toHaveAttribute('aria-pressed', 'true');

  await goTo(a, 'Contacts');
  await setHidden(a, true);
  const before = (await notes(a)).length;
  await send(bob.page, 'Muted, so quiet');
  await send(bob.page, 'Still quiet');
  // Both have reached Alice (her live region announced the newest) while the tab was hidden,
  // and no notification was raised for them.
  await expect(a.getByRole('status', { name: 'New messages' })).toContainText('Still quiet');
  expect((await notes(a)).length).toBe(before);
  await setHidden(a, false);
  await openChat(a, bob.username);
  await expect(bubble(a, 'Still quiet')).toBeVisible();
  expect((await notes(a)).length).toBe(before);

  // Stored by the server (CONV_MUTE): a reload still has it; unmuting counts again.
  await setHidden(a, false);
  await a.reload();
  await openChat(a, bob.username);
  const again = a.getByRole('button', { name: 'Mute notifications' });
  await expect(again).toHaveAttribute('aria-pressed', 'true');
  await again.click();
  await expect(again).toHaveAttribute('aria-pressed', 'false');
  await goTo(a, 'Contacts');
  await send(bob.page, 'Loud again');
  await expect(a).toHaveTitle('(1) Parley');
});
