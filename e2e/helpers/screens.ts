// Checks that apply to any screen, for the screens and phone specs: sideways overflow, axe.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * What scrolls sideways: the page itself, or any scroller inside it whose content is wider than
 * its box (a strip of content clipped off the right edge). Runs in the page; a string because the
 * e2e tsconfig has no DOM library. Answers descriptions of the offenders (none: []).
 */
const SIDEWAYS = `(() => {
  const out = [];
  const root = document.scrollingElement || document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1)
    out.push('page: ' + root.scrollWidth + ' > ' + root.clientWidth);
  for (const el of document.querySelectorAll('body *')) {
    const ox = getComputedStyle(el).overflowX;
    if (ox !== 'auto' && ox !== 'scroll') continue;
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      out.push((el.getAttribute('aria-label') || el.tagName.toLowerCase()) + ': ' +
        el.scrollWidth + ' > ' + el.clientWidth);
  }
  return out;
})()`;

export function sideways(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(SIDEWAYS);
}

/** Serious and critical axe violations, one line each with where they are. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map(
        (n) => `${v.id} (${String(v.impact)}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`,
      ),
    );
}

export type Scheme = 'light' | 'dark';
export const SCHEMES: readonly Scheme[] = ['light', 'dark'];
