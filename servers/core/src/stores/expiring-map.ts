/**
 * Building blocks of the memory stores: a Map with per-record deadlines, and `settle`, which gives
 * a synchronous operation the shape (and rejection behaviour) of an async store call.
 */

export type Clock = () => number;

/** Runs fn atomically and turns a synchronous throw into a rejection, as an async store would. */
export function settle<T>(fn: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(fn()));
}

export interface Slot<V> {
  value: V;
  expiresAt: number;
}

/** A Map whose records vanish at their deadline (live while now < expiresAt). */
export class ExpiringMap<V> {
  readonly #slots = new Map<string, Slot<V>>();
  readonly #now: Clock;

  constructor(now: Clock) {
    this.#now = now;
  }

  /** The live slot (mutable, so callers can bump a count or move a deadline), else undefined. */
  slot(key: string): Slot<V> | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= this.#now()) {
      this.#slots.delete(key);
      return undefined;
    }
    return slot;
  }

  get(key: string): V | undefined {
    return this.slot(key)?.value;
  }

  set(key: string, value: V, expiresAt: number): Slot<V> {
    const slot = { value, expiresAt };
    this.#slots.set(key, slot);
    return slot;
  }

  delete(key: string): boolean {
    return this.#slots.delete(key);
  }

  *liveEntries(): IterableIterator<[string, V]> {
    const now = this.#now();
    for (const [key, slot] of this.#slots) if (slot.expiresAt > now) yield [key, slot.value];
  }

  sweep(onExpired?: (key: string, value: V) => void): number {
    const now = this.#now();
    let dropped = 0;
    for (const [key, slot] of this.#slots) {
      if (slot.expiresAt > now) continue;
      this.#slots.delete(key); // deleting the current entry while iterating a Map is safe
      onExpired?.(key, slot.value);
      dropped += 1;
    }
    return dropped;
  }
}
