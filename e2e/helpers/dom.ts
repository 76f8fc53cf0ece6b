// Functions that run inside the page (passed to locator.evaluate). The e2e tsconfig has no DOM
// library, so the few DOM members used are typed here.

interface TextNode {
  textContent: string | null;
}
interface Range {
  setStart(node: TextNode, offset: number): void;
  setEnd(node: TextNode, offset: number): void;
  getBoundingClientRect(): { top: number };
}
interface El {
  firstChild: TextNode | null;
  ownerDocument: { createRange(): Range };
}

/**
 * The lines an element's text is rendered on, as the browser wrapped it: characters grouped by
 * the vertical position of their box. Self-contained (it is serialised into the page).
 */
export function renderedLines(target: unknown): string[] {
  const el = target as El;
  const node = el.firstChild;
  const text = node?.textContent ?? '';
  if (!node) return [];
  const range = el.ownerDocument.createRange();
  const lines = new Map<number, string>();
  for (let i = 0; i < text.length; i++) {
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const top = Math.round(range.getBoundingClientRect().top);
    lines.set(top, (lines.get(top) ?? '') + text[i]);
  }
  return [...lines.values()].map((l) => l.trim()).filter(Boolean);
}

/** scrollWidth ≤ clientWidth: nothing sticks out sideways. */
export function fitsWidth(target: unknown): boolean {
  const el = target as { scrollWidth: number; clientWidth: number };
  return el.scrollWidth <= el.clientWidth;
}

export function scrollToTop(target: unknown): void {
  (target as { scrollTop: number }).scrollTop = 0;
}
