// This browser profile as a device (PROTOCOL.md §9.2): a stable deviceId kept in localStorage
// (so two profiles of one person are two devices, while tabs of one profile are one), and a
// name other devices see in DEVICES and KICKED `by` ("Chrome on Linux"). The naming is pure so it
// can be tested with plain user-agent strings.
import { DeviceId, Limits } from '@parley/proto';

export const DEVICE_KEY = 'parley.device';
/** Random bytes of a new deviceId: 16 bytes = 22 base64url characters, inside §9.2's 8–64. */
const DEVICE_ID_BYTES = 16;

/** Browser: first match wins, so the ones that also say "Chrome" or "Safari" come first. */
const BROWSERS: readonly (readonly [RegExp, string])[] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\b(?:OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(?:Firefox|FxiOS)\//, 'Firefox'],
  // No \b: headless Chromium says "HeadlessChrome/".
  [/Chrom(?:e|ium)\/|\bCriOS\//, 'Chrome'],
  [/\bSafari\//, 'Safari'],
];

/** System: iPhone and Android before Mac and Linux (their agents mention those too). */
const SYSTEMS: readonly (readonly [RegExp, string])[] = [
  [/\biPhone\b/, 'iPhone'],
  [/\biPad\b/, 'iPad'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'Mac'],
  [/\bLinux\b/, 'Linux'],
];

const first = (ua: string, table: readonly (readonly [RegExp, string])[]): string | null =>
  table.find(([re]) => re.test(ua))?.[1] ?? null;

/** A readable name from a user agent: "Chrome on Linux", "Safari on iPhone", "Firefox on
 *  Windows"; "Web browser" when nothing is recognised. At most §9.2's 64 characters. */
export function deviceNameFor(userAgent: string): string {
  const browser = first(userAgent, BROWSERS);
  const system = first(userAgent, SYSTEMS);
  const name =
    browser && system
      ? `${browser} on ${system}`
      : (browser ?? (system ? `Browser on ${system}` : 'Web browser'));
  return name.slice(0, Limits.DEVICE_NAME_MAX);
}

/** A new random deviceId (base64url of random bytes). */
export function newDeviceId(random: (n: number) => Uint8Array = randomBytes): string {
  let s = '';
  for (const b of random(DEVICE_ID_BYTES)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** The minimal storage this needs (localStorage in the browser, a Map-backed fake in tests). */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** This profile's deviceId: the stored one when valid, else a new one, stored. Without storage
 *  (private mode refusing writes) the new id lives as long as the page. */
export function deviceId(storage: KeyValue): string {
  let stored: string | null = null;
  try {
    stored = storage.getItem(DEVICE_KEY);
  } catch {
    // Storage refused: fall through to a fresh id.
  }
  if (stored !== null && DeviceId.safeParse(stored).success) return stored;
  const id = newDeviceId();
  try {
    storage.setItem(DEVICE_KEY, id);
  } catch {
    // Kept for this page only.
  }
  return id;
}
