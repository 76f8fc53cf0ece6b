// Where media bytes live, behind a small interface (STYLE.md: stores behind interfaces) so an
// object store can replace the local disk when several GateServers share the media. Keys are
// chosen by the storage; callers keep them (Media.storageKey) and never build paths themselves.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface MediaStorage {
  /** Store the whole stream; resolves to its key once it is durable. If the stream fails, nothing
   *  is left behind and the promise rejects with the stream's error. */
  put(body: Readable): Promise<string>;
  /** The stored bytes, or null if the key holds nothing. */
  get(key: string): Promise<Readable | null>;
  /** Remove a stored object; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** `ab/<32 hex>`: two-level fan-out so no directory grows to millions of entries. */
const KEY = /^([0-9a-f]{2})\/([0-9a-f]{32})$/;
/** Partial uploads older than this are left over from a crash and swept at start-up. */
const STALE_PART_MS = 60 * 60_000; // 1 h

/**
 * Local-disk storage under `root`: each upload is written to `root/tmp/<random>.part`, flushed,
 * then renamed to `root/<ab>/<key>` — a reader never sees a half-written file, and a crashed or
 * aborted upload leaves only a .part file (deleted on failure, or swept on the next start).
 */
export function diskStorage(root: string): MediaStorage {
  const tmp = path.join(root, 'tmp');
  const ready = (async () => {
    await mkdir(tmp, { recursive: true, mode: 0o700 });
    await sweep(tmp).catch(() => undefined);
  })();

  const fileOf = (key: string): string | null => {
    const m = KEY.exec(key);
    return m ? path.join(root, m[1]!, m[2]!) : null;
  };

  return {
    async put(body) {
      await ready;
      const key = randomBytes(16).toString('hex');
      const part = path.join(tmp, `${key}.part`);
      try {
        // `wx`: never follow or reuse an existing file; `flush`: fsync before close.
        await pipeline(body, createWriteStream(part, { flags: 'wx', mode: 0o600, flush: true }));
        const dir = path.join(root, key.slice(0, 2));
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await rename(part, path.join(dir, key));
      } catch (err) {
        body.destroy();
        await rm(part, { force: true });
        throw err;
      }
      return `${key.slice(0, 2)}/${key}`;
    },

    async get(key) {
      const file = fileOf(key);
      if (!file) return null;
      try {
        // Opened before returning, so a missing file is a null here, not a stream error later.
        const fh = await open(file, 'r');
        return fh.createReadStream(); // closes the handle when it ends or is destroyed
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },

    async delete(key) {
      const file = fileOf(key);
      if (file) await rm(file, { force: true });
    },
  };
}

async function sweep(dir: string): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.part')) continue;
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s && now - s.mtimeMs > STALE_PART_MS) await rm(file, { force: true });
  }
}
