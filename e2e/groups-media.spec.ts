// Issue 5 in real browsers: three people in three browser contexts make a group chat from their
// contacts (create, invite, rename, the member panel), send an image that the others view in the
// image viewer, a file that is downloaded byte for byte, an oversized image refused with a clear
// 413 message, a voice message from Chromium's fake microphone, recall a message that the others
// then see as recalled (also after a reload, with the group's stored event lines), see read state
// and unread badges that survive a reload, and one leaves. Screenshots of the main views are attached to the report.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bubble, chatHeading, messages, openChat, openChats, send } from './helpers/chat';
import { befriend, nav, signedUp, type Person } from './helpers/people';
import { solidPng } from './helpers/png';
import { expectConnected, screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

const GROUP = 'Trail crew';
const RENAMED = 'Trail crew 2026';
const IMAGE = { name: 'summit.png', width: 64, height: 40 };
const FILE_NAME = 'route notes 📄.txt';
/** Text plus every byte value: the download must match exactly. */
const FILE_BYTES = Buffer.concat([
  Buffer.from('Meet at the trailhead at 7.\n', 'utf8'),
  Buffer.from(Array.from({ length: 2048 }, (_, i) => i % 256)),
]);
const IMAGE_LIMIT = 10 * 1024 * 1024; // MEDIA_MAX_IMAGE's default (README)

let alice: Person;
let bob: Person;
let carol: Person;
const dialogs: string[] = [];

const lines = (p: Page, testId: 'group-notice' | 'recalled'): Locator =>
  messages(p).getByTestId(testId);
const groupInfo = (p: Page): Locator => p.getByRole('complementary', { name: 'Group info' });

/** The natural width of an <img> once decoded (0 while it is not). */
const naturalWidth = (l: Locator): Promise<number> =>
  l.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice', { dialogs });
  bob = await signedUp(browser, testInfo, 'bob', { dialogs });
  carol = await signedUp(browser, testInfo, 'carol', { dialogs });
});

test.afterAll(async () => {
  await alice?.close();
  await bob?.close();
  await carol?.close();
});

test('Alice befriends Bob and Carol', async () => {
  await befriend(alice, bob);
  await befriend(alice, carol);
});

test('a three-person group chat: create, invite, messages with sender names, rename', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  const c = carol.page;

  // Created from the chat list's "Start group chat" with Bob; Alice lands in it.
  await openChats(a);
  await a.getByRole('button', { name: 'Start group chat' }).click();
  const form = a.getByRole('region', { name: 'New group chat' });
  await form.getByLabel('Group name').fill(GROUP);
  await form
    .getByRole('list', { name: 'Friends to add' })
    .getByRole('checkbox', { name: bob.username })
    .check();
  await screenshot(a, testInfo, 'new-group');
  await form.getByRole('button', { name: 'Create group' }).click();
  await expect(chatHeading(a, GROUP)).toBeVisible();
  await expect(lines(a, 'group-notice')).toHaveText(['You created the group chat']);

  // Bob is told (GROUP_NOTIFY "created") and finds it in his chat list.
  await openChat(b, GROUP);
  await expect(lines(b, 'group-notice').first()).toHaveText(
    `${alice.username} invited you to the group chat`,
  );
  await send(a, 'Who is in for Saturday?');
  await expect(bubble(b, 'Who is in for Saturday?')).toBeVisible();

  // Alice invites Carol from the member panel.
  await a.getByRole('button', { name: 'Group info', exact: true }).click();
  await groupInfo(a).getByRole('button', { name: 'Add members' }).click();
  await groupInfo(a)
    .getByRole('list', { name: 'Friends to invite' })
    .getByRole('checkbox', { name: carol.username })
    .check();
  await groupInfo(a)
    .getByRole('button', { name: /^Invite/ })
    .click();
  const members = groupInfo(a).getByRole('list', { name: 'Members' });
  await expect(members.getByRole('listitem')).toHaveCount(3);
  await expect(members.getByRole('listitem', { name: alice.username })).toContainText('Owner');
  await expect(a.getByTestId('member-count')).toHaveText('(3)');
  await expect(lines(b, 'group-notice').last()).toHaveText(
    `${alice.username} invited ${carol.username} to the group chat`,
  );

  // Everyone talks; the others' messages carry sender names.
  await openChat(c, GROUP);
  await expect(bubble(c, 'Who is in for Saturday?')).toBeVisible();
  await send(b, 'Me!');
  await send(c, 'Count me in 🥾');
  for (const [p, texts] of [
    [a, ['Me!', 'Count me in 🥾']],
    [b, ['Who is in for Saturday?', 'Count me in 🥾']],
    [c, ['Who is in for Saturday?', 'Me!']],
  ] as const) {
    for (const t of texts) await expect(bubble(p, t)).toBeVisible();
  }
  const row = (p: Page, text: string) =>
    messages(p).getByTestId('message').filter({ hasText: text });
  await expect(row(a, 'Count me in 🥾').getByTestId('sender-name')).toHaveText(carol.username);
  const fromAlice = row(c, 'Who is in for Saturday?');
  await expect(fromAlice.getByTestId('sender-name')).toHaveText(alice.username);

  // Only the owner renames; every member sees the new name and the line.
  await b.getByRole('button', { name: 'Group info', exact: true }).click();
  await expect(groupInfo(b).getByRole('form', { name: 'Rename group' })).toHaveCount(0);
  await expect(
    groupInfo(b).getByRole('list', { name: 'Members' }).getByRole('listitem'),
  ).toHaveCount(3);
  await groupInfo(b).getByRole('button', { name: 'Close group info' }).click();
  const rename = groupInfo(a).getByRole('form', { name: 'Rename group' });
  await rename.getByLabel('Group name').fill(RENAMED);
  await rename.getByRole('button', { name: 'Rename' }).click();
  for (const p of [a, b, c]) {
    await expect(chatHeading(p, RENAMED)).toBeVisible();
    await expect(lines(p, 'group-notice').last()).toHaveText(
      `${p === a ? 'You' : alice.username} changed the group name to "${RENAMED}"`,
    );
  }
  await screenshot(a, testInfo, 'group-chat-alice');
  await screenshot(c, testInfo, 'group-chat-carol');
  await a.getByRole('button', { name: 'Group info', exact: true }).click(); // closes the panel
});

test('an image is sent and the others view it in the image viewer', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  const png = solidPng(IMAGE.width, IMAGE.height, [7, 193, 96]);
  await a.getByLabel('Attach files').setInputFiles({
    name: IMAGE.name,
    mimeType: 'image/png',
    buffer: png,
  });
  for (const p of [a, b, carol.page]) {
    const thumb = messages(p).getByTestId('image-thumb');
    await expect(thumb).toHaveCount(1);
    await expect.poll(() => naturalWidth(thumb)).toBe(IMAGE.width);
  }
  await expect(
    messages(a).locator('[data-status="uploading"], [data-status="sending"]'),
  ).toHaveCount(0);

  await messages(b)
    .getByRole('button', { name: `Open image ${IMAGE.name}` })
    .click();
  const viewer = b.getByRole('dialog', { name: 'Image viewer' });
  await expect(viewer).toBeVisible();
  await expect.poll(() => naturalWidth(viewer.getByTestId('viewer-image'))).toBe(IMAGE.width);
  await screenshot(b, testInfo, 'image-viewer');
  await b.keyboard.press('Escape');
  await expect(viewer).toHaveCount(0);
});

test('a file is sent and downloaded by another member, byte for byte', async () => {
  const testInfo = test.info();
  const b = bob.page;
  await carol.page.getByLabel('Attach files').setInputFiles({
    name: FILE_NAME,
    mimeType: 'text/plain',
    buffer: FILE_BYTES,
  });
  const card = messages(b).getByTestId('file-card');
  await expect(card.getByTestId('file-name')).toHaveText(FILE_NAME);
  await expect(card.getByTestId('file-size')).toHaveText('2 KB'); // 2,076 bytes
  await screenshot(b, testInfo, 'file-card');
  const download = b.waitForEvent('download');
  await card.getByRole('button', { name: `Download ${FILE_NAME}` }).click();
  const d = await download;
  expect(d.suggestedFilename()).toBe(FILE_NAME);
  // Through a signed link (streamed to disk by the browser), not a blob held by the page.
  expect(d.url()).toMatch(/\/api\/media\/[\w-]+\?.*sig=/);
  const saved = await d.path();
  expect(readFileSync(saved).equals(FILE_BYTES)).toBe(true);
});

test('an image over the limit is refused with a clear message (413)', async () => {
  const a = alice.page;
  // PNG signature first, so the gate sniffs an image and applies the image limit. From a file
  // on disk: the browser reads it directly instead of receiving 10 MB through the driver.
  const big = test.info().outputPath('huge.png');
  writeFileSync(big, Buffer.concat([solidPng(1, 1, [0, 0, 0]), Buffer.alloc(IMAGE_LIMIT + 1024)]));
  await a.getByLabel('Attach files').setInputFiles(big);
  const error = messages(a).getByTestId('send-error');
  await expect(error).toContainText('Too large to send: upload is over the 10 MB image limit', {
    timeout: 30_000,
  });
  await error.getByRole('button', { name: 'Remove' }).click();
  await expect(error).toHaveCount(0);
});

test('a voice message recorded in the browser plays for the others with its length', async () => {
  const a = alice.page;
  const b = bob.page;
  await a.getByRole('button', { name: 'Record voice message' }).click();
  await expect(a.getByRole('timer', { name: 'Recording time' })).toBeVisible();
  await a.waitForTimeout(1_600);
  await a.getByRole('button', { name: 'Send voice' }).click();
  const voice = messages(b).getByTestId('voice-message');
  await expect(voice).toHaveCount(1);
  await expect(voice.getByTestId('voice-length')).toHaveText(/^[1-3]″$/);
  await voice.click();
  await expect(voice).toHaveAttribute('data-playing', 'true');
});

test('a recall is seen by the others, also after a reload', async () => {
  const testInfo = test.info();
  const b = bob.page;
  const oops = 'Wrong chat, sorry';
  await send(b, oops);
  for (const p of [alice.page, carol.page]) await expect(bubble(p, oops)).toBeVisible();
  await bubble(b, oops).click({ button: 'right' });
  await b
    .getByRole('menu', { name: 'Message actions' })
    .getByRole('menuitem', { name: 'Recall' })
    .click();
  await expect(lines(b, 'recalled')).toHaveText(['You recalled a message']);
  for (const p of [alice.page, carol.page]) {
    await expect(lines(p, 'recalled')).toHaveText([`${bob.username} recalled a message`]);
    await expect(bubble(p, oops)).toHaveCount(0);
  }
  await screenshot(alice.page, testInfo, 'recalled');
  // HISTORY returns it as recalled, without its text.
  await carol.page.reload();
  await expectConnected(carol.page);
  await openChat(carol.page, RENAMED);
  await expect(lines(carol.page, 'recalled')).toHaveText([`${bob.username} recalled a message`]);
  // The group's event lines are stored (GROUP_EVENTS), so they are still there after a reload.
  await expect(lines(carol.page, 'group-notice')).toHaveText([
    `${alice.username} invited ${bob.username} to the group chat`,
    `${alice.username} invited you to the group chat`,
    `${alice.username} changed the group name to "${RENAMED}"`,
  ]);
  await expect(bubble(carol.page, oops)).toHaveCount(0);
});

test('read state and unread badges follow the cursors across a reload', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const c = carol.page;
  // Carol looks elsewhere; Alice writes twice.
  await nav(c, 'Contacts').click();
  await send(a, 'Bring water');
  await send(a, 'And snacks');
  await expect(c.getByLabel('2 unread messages')).toBeVisible();
  await c.reload();
  await expectConnected(c);
  await expect(c.getByLabel('2 unread messages')).toBeVisible();
  await openChats(c);
  const row = c.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name: RENAMED });
  await expect(row.getByLabel('2 unread')).toBeVisible();
  await screenshot(c, testInfo, 'group-unread');
  // Bob has the chat open; once Carol opens it too, both have read Alice's last message.
  await openChat(c, RENAMED);
  await expect(row.getByTestId('unread-badge')).toHaveCount(0);
  await expect(a.getByTestId('read-state')).toHaveText('Read by 2');
  await c.reload();
  await expectConnected(c);
  await expect(
    c.getByRole('navigation', { name: 'Main' }).getByLabel(/unread messages/),
  ).toHaveCount(0);
});

test('Carol leaves: the chat goes from her list, the others see her leave', async () => {
  const c = carol.page;
  await openChat(c, RENAMED);
  await c.getByRole('button', { name: 'Group info', exact: true }).click();
  await groupInfo(c).getByRole('button', { name: 'Leave group' }).click();
  await groupInfo(c).getByRole('button', { name: 'Leave', exact: true }).click();
  await expect(
    c.getByRole('list', { name: 'Chats' }).getByRole('listitem', { name: RENAMED }),
  ).toHaveCount(0);
  for (const p of [alice.page, bob.page]) {
    await expect(lines(p, 'group-notice').last()).toHaveText(
      `${carol.username} left the group chat`,
    );
    await expect(p.getByTestId('member-count')).toHaveText('(2)');
  }
  expect(dialogs).toEqual([]);
});
