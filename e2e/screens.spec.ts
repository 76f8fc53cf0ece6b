// Every screen of the app (issue 12) in the project's layout (desktop, Pixel) and in both
// colour schemes: a screenshot of each kept under test-results/, no serious or critical axe
// violation, and nothing scrolling sideways; at 360 px wide (phones) and 768–1024 px (desktop
// layout on a tablet) nothing scrolls sideways either.
import { expect, test, type Page } from '@playwright/test';
import { chatHeading, openChat, openChats, send } from './helpers/chat';
import { back, befriend, goTo, person, signedUp, type Person } from './helpers/people';
import { SCHEMES, seriousViolations, sideways } from './helpers/screens';
import { screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

const GROUP = 'Screens crew';

let alice: Person;
let bob: Person;
let guest: Person;

interface Screen {
  name: string;
  /** Show the screen on Alice's page (or the guest's, for the signed-out ones). */
  show: (p: Page) => Promise<void>;
  /** Undo what would cover the next screen. */
  leave?: (p: Page) => Promise<void>;
  guest?: boolean;
}

const meTab = (p: Page) =>
  p.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^(Me|Settings)$/ });

const SCREENS: readonly Screen[] = [
  {
    name: 'login',
    guest: true,
    show: async (p) => {
      await p.goto('/login');
      await expect(p.getByRole('heading', { name: 'Log in to Parley' })).toBeVisible();
    },
  },
  {
    name: 'register',
    guest: true,
    show: async (p) => {
      await p.goto('/register');
      await expect(p.getByRole('button', { name: 'Send code' })).toBeVisible();
    },
  },
  {
    name: 'reset',
    guest: true,
    show: async (p) => {
      await p.goto('/reset');
      await expect(p.getByLabel('Email', { exact: true })).toBeVisible();
    },
  },
  {
    name: 'chats',
    show: async (p) => {
      await openChats(p);
      await expect(p.getByRole('list', { name: 'Chats' })).toBeVisible();
    },
  },
  { name: 'chat', show: (p) => openChat(p, bob.username) },
  {
    name: 'contacts',
    show: async (p) => {
      await goTo(p, 'Contacts');
      await expect(p.getByRole('list', { name: 'Friends' })).toBeVisible();
    },
  },
  {
    name: 'new-friends',
    show: async (p) => {
      await goTo(p, 'Contacts');
      await p.getByRole('button', { name: /New friends/ }).click();
      await expect(p.getByRole('region', { name: 'New friends' })).toBeVisible();
    },
    leave: back,
  },
  {
    name: 'group-panel',
    show: async (p) => {
      await openChat(p, GROUP);
      await p.getByRole('button', { name: 'Group info', exact: true }).click();
      await expect(p.getByRole('complementary', { name: 'Group info' })).toBeVisible();
    },
    leave: (p) => p.getByRole('button', { name: 'Close group info' }).click(),
  },
  {
    name: 'settings',
    show: async (p) => {
      if (!(await meTab(p).isVisible())) await back(p);
      await meTab(p).click();
      await expect(p.getByRole('region', { name: 'Profile' })).toBeVisible();
    },
  },
];

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice');
  bob = await signedUp(browser, testInfo, 'bob');
  guest = await person(browser, testInfo, 'guest');
  await befriend(alice, bob);
  // A conversation with both sides, and a group chat with a message.
  await openChat(alice.page, bob.username);
  await send(alice.page, 'Hello Bob! Shall we try the new layout?');
  await openChat(bob.page, alice.username);
  await send(bob.page, 'Looks right on my phone. 👍');
  await openChats(alice.page);
  await alice.page.getByRole('button', { name: 'Start group chat' }).click();
  const form = alice.page.getByRole('region', { name: 'New group chat' });
  await form.getByLabel('Group name').fill(GROUP);
  await form
    .getByRole('list', { name: 'Friends to add' })
    .getByRole('checkbox', { name: bob.username })
    .check();
  await form.getByRole('button', { name: 'Create group' }).click();
  await expect(chatHeading(alice.page, GROUP)).toBeVisible();
  await send(alice.page, 'Welcome to the crew');
});

test.afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await guest?.close();
});

test('every screen in both schemes: screenshot, no serious axe violation, no sideways scroll', async () => {
  test.setTimeout(180_000);
  const testInfo = test.info();
  for (const s of SCREENS) {
    const p = s.guest ? guest.page : alice.page;
    await s.show(p);
    for (const scheme of SCHEMES) {
      // Reduced motion: the screenshot and axe see the scheme's colours, not a fade between two.
      await p.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await screenshot(p, testInfo, `${s.name}-${scheme}`);
      expect.soft(await seriousViolations(p), `axe on ${s.name} (${scheme})`).toEqual([]);
      expect.soft(await sideways(p), `sideways on ${s.name} (${scheme})`).toEqual([]);
    }
    await p.emulateMedia({ colorScheme: 'light' });
    await s.leave?.(p);
  }
});

test('nothing scrolls sideways at 360 px (phones) or between 768 and 1024 px', async () => {
  test.setTimeout(120_000);
  const testInfo = test.info();
  const phone = testInfo.project.use.isMobile === true;
  const sizes = phone
    ? [{ width: 360, height: 740 }]
    : [
        { width: 768, height: 1024 },
        { width: 1024, height: 768 },
      ];
  for (const size of sizes) {
    for (const p of [alice.page, guest.page]) await p.setViewportSize(size);
    for (const s of SCREENS) {
      const p = s.guest ? guest.page : alice.page;
      await s.show(p);
      if (size.width === 360) await screenshot(p, testInfo, `${s.name}-360`);
      expect.soft(await sideways(p), `${s.name} at ${String(size.width)} px`).toEqual([]);
      await s.leave?.(p);
    }
  }
});
