// Parley's service worker (issue 12): caches the app shell — the pages' HTML, Next's hashed static
// files, the manifest and icons — so the installed app opens without a network and shows its
// offline state. Never cached: anything under /api/ (auth, media: answers that need a token),
// any request that carries an Authorization header, anything not a same-origin GET. The chat
// itself runs over a WebSocket, which service workers do not see.
const VERSION = 'parley-shell-v1';
const SHELL = [
  '/',
  '/login',
  '/register',
  '/reset',
  '/offline.html',
  '/manifest.webmanifest',
  '/icon.svg',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
];

/** What may be kept: the shell's pages and files, nothing private. */
function cacheable(request) {
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return false;
  if (request.headers.has('Authorization')) return false;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/dev/')) return false;
  return (
    request.mode === 'navigate' ||
    url.pathname.startsWith('/_next/static/') ||
    SHELL.includes(url.pathname) ||
    url.pathname.startsWith('/icons/')
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** Pages: the network first (they change with each build), the cached copy when offline, and
 *  the offline page when there is none. */
async function page(request) {
  const cache = await caches.open(VERSION);
  try {
    const fresh = await fetch(request);
    if (fresh.ok) await cache.put(request, fresh.clone());
    return fresh;
  } catch {
    const url = new URL(request.url);
    return (
      (await cache.match(request, { ignoreSearch: true })) ??
      (await cache.match(url.pathname)) ??
      (await cache.match('/offline.html')) ??
      Response.error()
    );
  }
}

/** Hashed static files never change: the cache first. */
async function asset(request) {
  const cache = await caches.open(VERSION);
  const hit = await cache.match(request);
  if (hit) return hit;
  const fresh = await fetch(request);
  if (fresh.ok) await cache.put(request, fresh.clone());
  return fresh;
}

// The page lists the static files it loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (!data || data.type !== 'cache' || !Array.isArray(data.urls)) return;
  const requests = data.urls
    .filter((u) => typeof u === 'string')
    .map((u) => new Request(u))
    .filter((r) => cacheable(r) && new URL(r.url).pathname.startsWith('/_next/static/'));
  event.waitUntil(
    caches
      .open(VERSION)
      .then((cache) =>
        Promise.all(requests.map((r) => cache.match(r).then((hit) => hit ?? cache.add(r)))),
      ),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (!cacheable(request)) return; // the browser's own handling, uncached
  event.respondWith(request.mode === 'navigate' ? page(request) : asset(request));
});
