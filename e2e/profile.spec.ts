// Profile editing in real browsers (issue 4): a user edits nickname, status and avatar in the Me
// view (PROFILE_UPDATE); their friend, on the other ChatServer, sees the new card at once
// (PROFILE_NOTIFY) in the chat list, the chat header and contacts. Nicknames that are XSS
// payloads stay literal text everywhere: no dialog opens and no injected handler runs.
// Screenshots of the profile views are attached to the report.
import { expect, test, type Page } from '@playwright/test';
import { befriend, nav, signedUp, type Person } from './helpers/people';
import { expectConnected, screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

// Nicknames are at most 32 characters (PROFILE_UPDATE), so the quoted `window.__pwned=1` form
// rides in the status; the nick carries the same handler unquoted.
const NICK_IMG = '<img src=x onerror=__pwned=1>';
const NICK_SCRIPT = '<script>alert(1)</script>';
const BIO = '<img src=x onerror="window.__pwned=1"> I like tea 🍵';
const AVATAR = '🐱';

let alice: Person;
let bob: Person;
/** A payload that ran could open a dialog: any is recorded (and dismissed). */
const dialogs: string[] = [];

/** Nothing injected ran, and no element came from a nickname's markup. */
async function expectInert(p: Page): Promise<void> {
  expect(await p.evaluate<unknown>('window.__pwned')).toBeUndefined();
  await expect(p.locator('img[src="x"]')).toHaveCount(0);
  await expect(p.locator('body script', { hasText: 'alert(1)' })).toHaveCount(0);
  expect(dialogs).toEqual([]);
}

async function editProfile(
  p: Page,
  fields: { nick?: string; bio?: string; avatar?: string },
): Promise<void> {
  await p.getByRole('button', { name: 'My profile' }).click();
  const view = p.getByRole('region', { name: 'Profile', exact: true });
  await view.getByRole('button', { name: 'Edit profile' }).click();
  const form = view.getByRole('form', { name: 'Edit profile' });
  if (fields.nick !== undefined) await form.getByLabel('Nickname').fill(fields.nick);
  if (fields.bio !== undefined) await form.getByLabel('Status').fill(fields.bio);
  if (fields.avatar !== undefined) await form.getByLabel(/^Avatar/).fill(fields.avatar);
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form).toHaveCount(0);
}

test.beforeAll(async ({ browser }, testInfo) => {
  alice = await signedUp(browser, testInfo, 'alice', { dialogs });
  bob = await signedUp(browser, testInfo, 'bob', { dialogs });
});

test.afterAll(async () => {
  await alice?.close();
  await bob?.close();
});

test('two friends with a conversation', async () => {
  const a = alice.page;
  const b = bob.page;
  // Accepting opens the new friend's chat for Bob.
  await befriend(alice, bob);
  const box = b.getByRole('textbox', { name: 'Message' });
  await box.fill('hi Alice');
  await box.press('Enter');
  await expect(box).toHaveValue('');
  await nav(a, 'Chats').click();
  await expect(
    a.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name: bob.username }),
  ).toBeVisible();
});

test('a bad nickname is refused with a message, nothing is saved', async () => {
  const a = alice.page;
  await a.getByRole('button', { name: 'My profile' }).click();
  const view = a.getByRole('region', { name: 'Profile', exact: true });
  await view.getByRole('button', { name: 'Edit profile' }).click();
  const form = view.getByRole('form', { name: 'Edit profile' });
  await form.getByLabel('Nickname').fill('   ');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByRole('alert')).toHaveText(/nickname must not be empty/i);
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(view.getByRole('heading', { level: 1 })).toHaveText(alice.username);
});

test('Alice sets an XSS nickname, status and avatar; Bob sees them as literal text', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;

  await editProfile(a, { nick: NICK_IMG, bio: BIO, avatar: AVATAR });
  const view = a.getByRole('region', { name: 'Profile', exact: true });
  await expect(view.getByRole('heading', { level: 1 })).toHaveText(NICK_IMG);
  await expect(view).toContainText(BIO);
  await expect(view).toContainText(AVATAR);
  await expect(a.getByRole('button', { name: 'My profile' })).toHaveAttribute('title', NICK_IMG);
  await screenshot(a, testInfo, 'profile-view');

  // Bob's chat list and header follow PROFILE_NOTIFY without a reload.
  await nav(b, 'Chats').click();
  const row = b
    .getByRole('list', { name: 'Chats' })
    .getByRole('listitem', { name: NICK_IMG, exact: true });
  await expect(row).toBeVisible();
  await expect(row).toContainText(NICK_IMG);
  // The emoji avatar replaces the initial on Alice's avatar, as text.
  await expect(row).toContainText(AVATAR);
  await row.getByRole('button').click();
  await expect(
    b.getByRole('region', { name: 'Chat' }).getByRole('heading', { name: NICK_IMG, exact: true }),
  ).toHaveText(NICK_IMG);

  // And his contacts, with the status on the profile card.
  await nav(b, 'Contacts').click();
  const friend = b
    .getByRole('list', { name: 'Friends' })
    .getByRole('listitem', { name: NICK_IMG, exact: true });
  await expect(friend).toHaveText(new RegExp(NICK_IMG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await expect(friend).toContainText(AVATAR);
  await friend.getByRole('button').click();
  await expect(b.getByRole('region', { name: 'Profile card' })).toContainText(BIO);
  await screenshot(b, testInfo, 'friend-profile-card');

  await expectInert(a);
  await expectInert(b);
});

test('a <script> nickname stays text too, and survives a reload', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;

  await editProfile(a, { nick: NICK_SCRIPT });
  await expect(
    a.getByRole('region', { name: 'Profile', exact: true }).getByRole('heading', { level: 1 }),
  ).toHaveText(NICK_SCRIPT);

  const friend = b
    .getByRole('list', { name: 'Friends' })
    .getByRole('listitem', { name: NICK_SCRIPT, exact: true });
  await expect(friend).toContainText(NICK_SCRIPT);
  await nav(b, 'Chats').click();
  await expect(
    b
      .getByRole('list', { name: 'Chats' })
      .getByRole('listitem', { name: NICK_SCRIPT, exact: true }),
  ).toBeVisible();

  // From the server after a reload (FRIEND_LIST / CONVERSATIONS), not only from the push.
  await b.reload();
  await expectConnected(b);
  await nav(b, 'Chats').click();
  await expect(
    b
      .getByRole('list', { name: 'Chats' })
      .getByRole('listitem', { name: NICK_SCRIPT, exact: true }),
  ).toContainText(NICK_SCRIPT);
  await screenshot(b, testInfo, 'chats-after-reload');
  await a.reload();
  await expectConnected(a);
  await a.getByRole('button', { name: 'My profile' }).click();
  const view = a.getByRole('region', { name: 'Profile', exact: true });
  await expect(view.getByRole('heading', { level: 1 })).toHaveText(NICK_SCRIPT);
  await expect(view).toContainText(BIO);
  await screenshot(a, testInfo, 'profile-view-after-reload');

  await expectInert(a);
  await expectInert(b);
});
