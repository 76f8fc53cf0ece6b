// The CLI's own device id (PROTOCOL.md §9.2: "the client's own stable id … kept across
// restarts"), kept in the CLI's state directory beside whatever else it saves, so every run on
// this machine and account directory is the same device: a new run replaces the old one
// (KICKED "replaced") instead of taking another of the five device places.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DEVICE_FILE = 'device-id';
/** The name other devices see in DEVICES and in KICKED `by`. */
export const DEVICE_NAME = 'parley CLI';
const VALID = /^[A-Za-z0-9_-]{8,64}$/;

/** The saved id, or a new one saved now. `saved` is false when it could not be written (the id
 *  then holds for this run only, and the caller says so). */
export async function loadDeviceId(dir: string): Promise<{ deviceId: string; saved: boolean }> {
  const file = path.join(dir, DEVICE_FILE);
  const existing = await readFile(file, 'utf8').then(
    (t) => t.trim(),
    () => '',
  );
  if (VALID.test(existing)) return { deviceId: existing, saved: true };
  const deviceId = `cli-${randomBytes(12).toString('base64url')}`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, `${deviceId}\n`, { mode: 0o600 });
    return { deviceId, saved: true };
  } catch {
    return { deviceId, saved: false };
  }
}
