// The phone layout's own gestures and sheets (issue 12), run by the pixel and iphone projects
// only (playwright.config.ts): touch comes from Chromium's input domain (CDP), as a real finger's
// events would, so the page sees pointer events of type "touch".
import { expect, test, type Locator, type Page } from '@playwright/test';
import { bubble, chatHeading, holdOn, messages, openChat, send } from './helpers/chat';
import { befriend, goTo, signedUp, type Person } from './helpers/people';
import { solidPng } from './helpers/png';
import { screenshot } from './helpers/users';

test.describe.configure({ mode: 'serial' });

/** Longer than the page's LONG_PRESS_MS (500 ms): the hold is the gesture under test. */
const HOLD_MS = 800;
const GROUP = 'Pocket crew';

let alice: Person;
let bob: Person;

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  alice = await signedUp(browser, testInfo, 'alice');
  bob = await signedUp(browser, testInfo, 'bob');
  await befriend(alice, bob);
});

test.afterAll(async () => {
  await alice?.close();
  await bob?.close();
});

async function centre(l: Locator): Promise<{ x: number; y: number }> {
  const box = await l.boundingBox();
  expect(box).not.toBeNull();
  return { x: (box?.x ?? 0) + (box?.width ?? 0) / 2, y: (box?.y ?? 0) + (box?.height ?? 0) / 2 };
}

const hold = (p: Page, l: Locator): Promise<void> => holdOn(p, l, HOLD_MS);

/** Two fingers `from` px apart on `l`'s centre spread to `to` px apart, in `steps` moves. */
async function spread(p: Page, l: Locator, from: number, to: number, steps = 6): Promise<void> {
  const c = await centre(l);
  const points = (d: number) => [
    { x: c.x - d / 2, y: c.y, id: 0 },
    { x: c.x + d / 2, y: c.y, id: 1 },
  ];
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(from) });
  for (let i = 1; i <= steps; i++)
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: points(from + ((to - from) * i) / steps),
    });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

test('a conversation is full-screen with a back arrow and the peer’s name as its title', async () => {
  const a = alice.page;
  await openChat(a, bob.username);
  const chat = a.getByRole('region', { name: 'Chat' });
  const vp = a.viewportSize();
  const box = await chat.boundingBox();
  expect(box?.width).toBe(vp?.width);
  await expect(chatHeading(a, bob.username)).toBeVisible();
  // The list and the tab bar step aside while the conversation is open.
  await expect(a.getByRole('complementary', { name: 'Conversations' })).toBeHidden();
  await expect(a.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await a.getByRole('button', { name: 'Back to chats' }).click();
  await expect(a.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(a.getByRole('list', { name: 'Chats' })).toBeVisible();
});

test('press and hold a message opens its menu; Recall from it reaches the peer', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  await openChat(a, bob.username);
  await openChat(b, alice.username);
  const text = 'Hold me down';
  await send(a, text);
  await expect(bubble(b, text)).toBeVisible();

  // A short touch is a tap, not a hold: no menu.
  await bubble(a, text).tap();
  await expect(a.getByRole('menu', { name: 'Message actions' })).toHaveCount(0);

  await hold(a, bubble(a, text));
  const menu = a.getByRole('menu', { name: 'Message actions' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem')).toHaveText(['Copy', 'Quote', 'Recall']);
  await screenshot(a, testInfo, 'long-press-menu');
  await menu.getByRole('menuitem', { name: 'Recall' }).tap();
  await expect(messages(a).getByTestId('recalled')).toHaveText(['You recalled a message']);
  await expect(messages(b).getByTestId('recalled')).toHaveText([
    `${alice.username} recalled a message`,
  ]);
  // A peer's message offers Copy and Quote, not Recall.
  await send(b, 'Mine to keep');
  await expect(bubble(a, 'Mine to keep')).toBeVisible();
  await hold(a, bubble(a, 'Mine to keep'));
  await expect(menu.getByRole('menuitem')).toHaveText(['Copy', 'Quote']);
  await a.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
});

test('an image opens in a full-screen viewer that pinch-zooms', async () => {
  const testInfo = test.info();
  const a = alice.page;
  const b = bob.page;
  await a.getByLabel('Attach files').setInputFiles({
    name: 'pocket.png',
    mimeType: 'image/png',
    buffer: solidPng(240, 160, [250, 157, 59]),
  });
  const open = messages(b).getByRole('button', { name: 'Open image pocket.png' });
  await expect(open).toBeEnabled();
  await open.tap();
  const viewer = b.getByRole('dialog', { name: 'Image viewer' });
  const image = viewer.getByTestId('viewer-image');
  await expect(image).toHaveAttribute('data-scale', '1.00');
  const vp = b.viewportSize();
  const box = await viewer.boundingBox();
  expect([box?.width, box?.height]).toEqual([vp?.width, vp?.height]);

  // Fingers 40 px apart spread to 160 px: four times as large.
  await spread(b, image, 40, 160);
  await expect(image).toHaveAttribute('data-scale', '4.00');
  await screenshot(b, testInfo, 'image-pinched');
  // And back together: no smaller than the fitted image.
  await spread(b, image, 160, 20);
  await expect(image).toHaveAttribute('data-scale', '1.00');
  await viewer.getByRole('button', { name: 'Close image viewer' }).tap();
  await expect(viewer).toHaveCount(0);
});

test('the composer stays on screen above a keyboard that shortens the viewport', async () => {
  const b = bob.page;
  const vp = b.viewportSize();
  expect(vp).not.toBeNull();
  const full = vp ?? { width: 390, height: 844 };
  // Android Chromium with interactive-widget=resizes-content: the keyboard shrinks the viewport.
  const short = { width: full.width, height: Math.round(full.height / 2) };
  await b.setViewportSize(short);
  try {
    const box = b.getByRole('textbox', { name: 'Message' });
    await box.tap();
    const r = await box.boundingBox();
    expect((r?.y ?? 0) + (r?.height ?? 0)).toBeLessThanOrEqual(short.height);
    await expect(chatHeading(b, alice.username)).toBeInViewport();
    await send(b, 'Typed above the keyboard');
    await expect(bubble(b, 'Typed above the keyboard')).toBeInViewport();
  } finally {
    await b.setViewportSize(full);
  }
});

test('the group panel and a profile card are full-screen sheets', async () => {
  const testInfo = test.info();
  const a = alice.page;
  await goTo(a, 'Chats');
  await a.getByRole('button', { name: 'Start group chat' }).click();
  const form = a.getByRole('region', { name: 'New group chat' });
  await form.getByLabel('Group name').fill(GROUP);
  await form
    .getByRole('list', { name: 'Friends to add' })
    .getByRole('checkbox', { name: bob.username })
    .check();
  await form.getByRole('button', { name: 'Create group' }).click();
  await expect(chatHeading(a, GROUP)).toBeVisible();
  await a.getByRole('button', { name: 'Group info', exact: true }).click();
  const panel = a.getByRole('complementary', { name: 'Group info' });
  const vp = a.viewportSize();
  const box = await panel.boundingBox();
  expect([box?.x, box?.y, box?.width, box?.height]).toEqual([0, 0, vp?.width, vp?.height]);
  await screenshot(a, testInfo, 'group-panel-sheet');
  await panel.getByRole('button', { name: 'Close group info' }).click();
  await expect(panel).toHaveCount(0);

  await goTo(a, 'Contacts');
  await a
    .getByRole('list', { name: 'Friends' })
    .getByRole('listitem', { name: bob.username })
    .getByRole('button')
    .click();
  const card = a.getByRole('region', { name: 'Profile card' });
  const cardBox = await card.boundingBox();
  expect([cardBox?.x, cardBox?.width]).toEqual([0, vp?.width]);
  await expect(a.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await screenshot(a, testInfo, 'profile-card-sheet');
  await a.getByRole('button', { name: 'Back', exact: true }).click();
  await expect(a.getByRole('list', { name: 'Friends' })).toBeVisible();
});
