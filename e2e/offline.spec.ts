// Installable (issue 12): the manifest and its icons are served; the service worker caches the
// app shell and nothing under /api/, so the app opens without a network to its offline state.
import { expect, test } from '@playwright/test';
import { signedUp, type Person } from './helpers/people';

test.describe.configure({ mode: 'serial' });

let alice: Person;

test.afterAll(async () => {
  await alice?.close();
});

interface Manifest {
  name: string;
  start_url: string;
  display: string;
  theme_color: string;
  icons: { src: string; sizes: string; type: string; purpose?: string }[];
}

test('the manifest names the app and its icons are PNGs of the stated sizes', async ({
  request,
}) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  const m = (await res.json()) as Manifest;
  expect(m).toMatchObject({ name: 'Parley', start_url: '/', display: 'standalone' });
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  expect(m.icons.some((i) => i.purpose === 'maskable')).toBe(true);
  for (const icon of m.icons) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    const png = await r.body();
    // PNG signature, then IHDR's width and height (big-endian) at bytes 16–23.
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const [w, h] = icon.sizes.split('x').map(Number);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]);
  }
});

test('offline, the app opens from the cache to a clear offline state; no API answer is cached', async ({
  browser,
}, testInfo) => {
  alice = await signedUp(browser, testInfo, 'alice');
  const p = alice.page;
  // The worker is installed and controls the page once it is ready (clients.claim).
  await p.evaluate('navigator.serviceWorker.ready.then(() => true)');
  await expect.poll(() => p.evaluate('navigator.serviceWorker.controller !== null')).toBe(true);
  // It has what the page loaded, and nothing that needs a token.
  const cached = async () =>
    p.evaluate<string[]>(
      `caches.keys().then((ks) => Promise.all(ks.map((k) => caches.open(k).then((c) => c.keys())))).then((all) => all.flat().map((r) => new URL(r.url).pathname))`,
    );
  await expect
    .poll(async () => (await cached()).some((u) => u.startsWith('/_next/static/')))
    .toBe(true);
  expect((await cached()).filter((u) => u.startsWith('/api/'))).toEqual([]);

  await alice.context.setOffline(true);
  try {
    await p.reload();
    await expect(p.getByTestId('chat-app')).toBeVisible();
    await expect(p.getByRole('status', { name: 'Connection' })).toContainText('You are offline');
    // A page never visited: the offline page.
    await p.goto('/never-visited');
    await expect(p.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  } finally {
    await alice.context.setOffline(false);
  }
  expect((await cached()).filter((u) => u.startsWith('/api/'))).toEqual([]);
});
