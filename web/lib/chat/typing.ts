// Typing indicators (PROTOCOL.md §3 TYPING / TYPING_NOTIFY): send TYPING at most every 3 s while
// the user types; show "typing…" for about 4 s after each TYPING_NOTIFY.
import type { ChatStore } from './store';

export const TYPING_EVERY_MS = 3_000; // 3 s
export const TYPING_SHOW_MS = 4_000; // 4 s

export class Typing {
  readonly #store: ChatStore;
  readonly #send: (conversationId: string) => void;
  readonly #lastSent = new Map<string, number>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(store: ChatStore, send: (conversationId: string) => void) {
    this.#store = store;
    this.#send = send;
  }

  /** The user typed in `conversationId`. */
  local(conversationId: string, now = Date.now()): void {
    const last = this.#lastSent.get(conversationId);
    if (last !== undefined && now - last < TYPING_EVERY_MS) return;
    this.#lastSent.set(conversationId, now);
    this.#send(conversationId);
  }

  /** A message went out: the next keystroke starts a fresh typing burst. */
  sent(conversationId: string): void {
    this.#lastSent.delete(conversationId);
  }

  /** TYPING_NOTIFY (on) or a message from that user (off). */
  remote(conversationId: string, uid: string, on: boolean): void {
    const key = `${conversationId}\u0000${uid}`;
    const t = this.#timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.#timers.delete(key);
    if (!on) {
      this.#store.setTyping(conversationId, uid, null);
      return;
    }
    this.#store.setTyping(conversationId, uid, Date.now() + TYPING_SHOW_MS);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.#store.setTyping(conversationId, uid, null);
      }, TYPING_SHOW_MS),
    );
  }

  clearAll(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    this.#lastSent.clear();
    if (Object.keys(this.#store.state.typing).length > 0)
      this.#store.update((s) => ({ ...s, typing: {} }));
  }
}
