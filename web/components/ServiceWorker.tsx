'use client';
// Registers public/sw.js (the app-shell cache) once the page has loaded, in production builds
// only: a development server's files change on every edit.
import { useEffect } from 'react';

export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' || !('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register('/sw.js')
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        // This first page's scripts and styles were fetched before the worker ran: hand it their
        // addresses so even the first visit can open offline next time.
        const files = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => new URL(u).pathname.startsWith('/_next/static/'));
        reg.active?.postMessage({ type: 'cache', urls: files });
      })
      .catch((err: unknown) => {
        console.warn('[sw] registration failed:', err);
      });
  }, []);
  return null;
}
