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
