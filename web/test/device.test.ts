// This browser profile as a device (PROTOCOL.md §9.2): readable names from real user agents, and
// a deviceId that is valid, kept, and replaced only when what is stored is not one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeviceId } from '@parley/proto';
import {
  DEVICE_KEY,
  deviceId,
  deviceNameFor,
  newDeviceId,
  type KeyValue,
} from '../lib/chat/device';

const AGENTS: readonly (readonly [string, string])[] = [
  [
    'Chrome on Linux',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ],
  [
    'Chrome on Linux',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
  ],
  [
    'Chrome on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  ],
  [
    'Firefox on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  ],
  [
    'Chrome on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
  ],
  [
    'Safari on Mac',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  ],
  [
    'Chrome on Android',
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
  ],
  [
    'Edge on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  ],
  [
    'Firefox on Linux',
    'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  ],
  ['Web browser', ''],
  ['Browser on Linux', 'SomethingNew (X11; Linux x86_64)'],
];

/** A Map-backed storage; `refuse` makes every call throw, as a locked-down browser may. */
function storage(
  initial: Record<string, string> = {},
  refuse = false,
): KeyValue & {
  data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => {
      if (refuse) throw new Error('SecurityError');
      return data.get(k) ?? null;
    },
    setItem: (k, v) => {
      if (refuse) throw new Error('QuotaExceededError');
      data.set(k, v);
    },
  };
}

describe('deviceNameFor', () => {
  for (const [name, ua] of AGENTS)
    it(`${name} ← ${ua.slice(0, 60) || '(empty)'}`, () => {
      assert.equal(deviceNameFor(ua), name);
    });
});

describe('deviceId', () => {
  it('a new id fits §9.2 (8–64 of A-Za-z0-9_-) and differs each time', () => {
    const ids = new Set(Array.from({ length: 50 }, () => newDeviceId()));
    assert.equal(ids.size, 50);
    for (const id of ids) assert.ok(DeviceId.safeParse(id).success, id);
  });

  it('is created once and kept: the same id on every later call (reloads, logins)', () => {
    const s = storage();
    const first = deviceId(s);
    assert.equal(s.data.get(DEVICE_KEY), first);
    assert.equal(deviceId(s), first);
    assert.equal(deviceId(s), first);
  });

  it('a stored value that is not a valid deviceId is replaced by a valid one', () => {
    for (const bad of ['short', 'has space in it', 'x'.repeat(65), 'ünïcode-device']) {
      const s = storage({ [DEVICE_KEY]: bad });
      const id = deviceId(s);
      assert.notEqual(id, bad);
      assert.ok(DeviceId.safeParse(id).success);
      assert.equal(s.data.get(DEVICE_KEY), id);
    }
  });

  it('storage that refuses still yields a valid id (for this page only)', () => {
    const id = deviceId(storage({}, true));
    assert.ok(DeviceId.safeParse(id).success);
  });
});
