// Finding things in the chat view, for the browser tests.
import { expect, type Locator, type Page } from '@playwright/test';
import { goTo } from './people';

export const messages = (p: Page): Locator => p.getByRole('list', { name: 'Messages' });
export const bubbles = (p: Page): Locator => messages(p).getByTestId('bubble');
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The bubble whose whole text is `text`. */
export const bubble = (p: Page, text: string): Locator =>
  bubbles(p).filter({ hasText: new RegExp(`^${escapeRe(text)}$`) });
export const chatHeading = (p: Page, name: string): Locator =>
  p.getByRole('region', { name: 'Chat' }).getByRole('heading', { name, exact: true });

export async function openChats(p: Page): Promise<void> {
  await goTo(p, 'Chats');
}

/** Open a conversation from the chat list by its exact name. */
export async function openChat(p: Page, name: string): Promise<void> {
  await openChats(p);
  await p
    .getByRole('list', { name: 'Chats' })
    .getByRole('listitem', { name, exact: true })
    .getByRole('button')
    .click();
  await expect(chatHeading(p, name)).toBeVisible();
}

export async function send(p: Page, text: string): Promise<void> {
  const box = p.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
  await expect(box).toHaveValue('');
}

/** A finger rests on `l` for `ms`, then lifts. The page is brought to the front first: a page
 *  behind another person's has its timers throttled, as a phone's background tab would. */
export async function holdOn(p: Page, l: Locator, ms: number): Promise<void> {
  await p.bringToFront();
  const box = await l.boundingBox();
  expect(box).not.toBeNull();
  const at = {
    x: (box?.x ?? 0) + (box?.width ?? 0) / 2,
    y: (box?.y ?? 0) + (box?.height ?? 0) / 2,
  };
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at] });
  await p.waitForTimeout(ms);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Longer than the page's long-press time (500 ms). */
const MENU_HOLD_MS = 800;

/** Open a message's menu as this device would: press and hold on a touch screen, else the
 *  right mouse button. */
export async function messageMenu(p: Page, l: Locator, touch: boolean): Promise<Locator> {
  await l.scrollIntoViewIfNeeded();
  if (touch) await holdOn(p, l, MENU_HOLD_MS);
  else await l.click({ button: 'right' });
  const menu = p.getByRole('menu', { name: 'Message actions' });
  await expect(menu).toBeVisible();
  return menu;
}
