// A small RPC over a MessagePort between two threads (issue 9 item 1): either side serves named
// objects ("targets") and calls the other side's by method name and arguments. Generic on purpose:
// a store method added later (e.g. per-device route claims, PROTOCOL.md §9.2) crosses threads
// with no change here, since nothing lists the methods. The serving thread runs each call on its
// own event loop, so an atomic store operation (RouteStore.claim's swap, §4's one live session)
// stays atomic however many threads call it.
import type { MessagePort } from 'node:worker_threads';

/** What crosses: a call, its answer, or a thrown error's name, message and code (SQLite's
 *  `SQLITE_BUSY`, a store's `WORKER_EXIT`: callers decide on retries by the code). */
type Wire =
  | { rpc: 'call'; id: number; target: string; method: string; args: unknown[] }
  | { rpc: 'ok'; id: number; value: unknown }
  | { rpc: 'err'; id: number; name: string; message: string; code?: string | number };

/** `T`'s methods as the other thread sees them: the same arguments, always a promise. */
export type Remote<T> = {
  [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] extends (
    ...args: infer A
  ) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** An error thrown on the other side, with its code kept. */
export class RemoteError extends Error {
  constructor(
    name: string,
    message: string,
    readonly code: string | number | undefined,
  ) {
    super(message);
    this.name = name;
  }
}

function isWire(v: unknown): v is Wire {
  return typeof v === 'object' && v !== null && 'rpc' in v;
}

function codeOf(err: unknown): string | number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

export class RpcEndpoint {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void }
  >();
  private closedWhy: string | null = null;

  /** `targets`: what this side serves, by name. Messages that are not RPC go to `other`. */
  constructor(
    private readonly port: MessagePort,
    private readonly targets: Record<string, object>,
    other?: (message: unknown) => void,
  ) {
    port.on('message', (m: unknown) => {
      if (!isWire(m)) return other?.(m);
      if (m.rpc === 'call') return void this.serve(m);
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) port.unref();
      if (m.rpc === 'ok') w.resolve(m.value);
      else w.reject(new RemoteError(m.name, m.message, m.code));
    });
    // The other thread ended: nothing it was asked will be answered.
    port.on('close', () => this.fail('the other thread is gone'));
    // Only an outstanding call keeps this thread alive, not the port itself.
    port.unref();
  }

  /** A proxy calling `target`'s methods on the other side. */
  remote<T extends object>(target: string): Remote<T> {
    const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
    return new Proxy({} as Remote<T>, {
      get: (_, method) => {
        if (typeof method !== 'string' || method === 'then') return undefined; // not a thenable
        let fn = methods.get(method);
        if (!fn) {
          fn = (...args: unknown[]) => this.call(target, method, args);
          methods.set(method, fn);
        }
        return fn;
      },
    });
  }

  call(target: string, method: string, args: unknown[]): Promise<unknown> {
    if (this.closedWhy !== null) return Promise.reject(new Error(`rpc: ${this.closedWhy}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) this.port.ref();
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ rpc: 'call', id, target, method, args } satisfies Wire);
    });
  }

  /** Rejects every call still waiting (the other side is gone or this one stops). */
  fail(why: string): void {
    this.closedWhy ??= why;
    const err = new RemoteError('Error', `rpc: ${why}`, 'THREAD_GONE');
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private async serve(m: Extract<Wire, { rpc: 'call' }>): Promise<void> {
    let reply: Wire;
    try {
      const obj = this.targets[m.target];
      const fn: unknown = obj ? Reflect.get(obj, m.method) : undefined;
      if (!obj || typeof fn !== 'function' || m.method === 'constructor')
        throw new RemoteError('Error', `rpc: no method ${m.target}.${m.method}`, 'NO_METHOD');
      const value: unknown = await Reflect.apply(fn, obj, m.args);
      reply = { rpc: 'ok', id: m.id, value };
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      const code = codeOf(err);
      reply = {
        rpc: 'err',
        id: m.id,
        name: e.name,
        message: e.message,
        ...(code !== undefined ? { code } : {}),
      };
    }
    try {
      this.port.postMessage(reply);
    } catch (err) {
      // A value that cannot be cloned (a function, a class instance with one) is a bug of the
      // target: answer with that rather than leave the caller waiting forever.
      const why = err instanceof Error ? err.message : String(err);
      this.port.postMessage({
        rpc: 'err',
        id: m.id,
        name: 'Error',
        message: `rpc: ${m.target}.${m.method} returned what cannot cross threads: ${why}`,
      } satisfies Wire);
    }
  }
}
