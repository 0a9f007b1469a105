/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The installed app's service worker — SvelteKit's own (`$service-worker` lists this build's files), no
 * Workbox needed for what it does:
 *
 * - the app shell (index.html), the build's scripts and styles and the static files (icons, manifest) are
 *   cached when a version installs, and old versions' caches are dropped when it activates;
 * - scripts, styles and static files are served from the cache (their names carry a hash: they never change);
 * - a page navigation goes to the network first (a new deployment shows at once) and falls back to the
 *   cached shell offline, so the app opens and says «Нет соединения» instead of the browser's error page;
 * - the API is never cached: GraphQL, exports, support photos, the captcha and the development outbox always
 *   go to the network — they are personal or change every second;
 * - a warning pushed by the server (Web Push, api/docs/alerts.md) is shown as a notification, one per alert (its tag),
 *   even with the app closed; tapping it opens the warnings page (or focuses a window already open).
 */
import { build, files, version } from '$service-worker';

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE = `askue-${version}`;
/**
 * The cache key of the shell. It is fetched as a page (`/`, Accept: text/html) rather than as the file
 * /index.html: the server sends a page with the Content-Security-Policy that allows its inline bootstrap
 * script, and a cached copy must carry that header to start offline.
 */
const SHELL = '/index.html';
/** A navigation that has not answered within this long is served the cached shell (a very bad connection). */
const NAVIGATION_TIMEOUT_MS = 5_000;

const ASSETS = new Set([...build, ...files].filter((path) => !path.endsWith('/version.json') && !path.split('/').some((part) => part.startsWith('.'))));

/** Never from the cache, never as the shell: the API and whatever is personal or live. */
const NETWORK_ONLY = ['/graphql', '/export', '/support/attachments', '/captcha', '/dev'];
const networkOnly = (pathname: string) =>
  NETWORK_ONLY.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`) || pathname.startsWith(`${prefix}.`));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll([...ASSETS]);
      const shell = await fetch('/', { headers: { accept: 'text/html' }, cache: 'no-store' });
      if (!shell.ok) throw new Error(`the app shell: HTTP ${shell.status}`);
      await cache.put(SHELL, shell);
      // A new version takes over at once: its pages are served by the network first anyway.
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

async function fromCache(request: Request): Promise<Response> {
  const cached = await caches.match(request, { cacheName: CACHE });
  return cached ?? fetch(request);
}

async function navigate(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('navigation timeout')), NAVIGATION_TIMEOUT_MS)),
    ]);
    // Every page of the single-page app is the same shell: keep the newest one for offline use.
    if (response.ok && response.headers.get('content-type')?.includes('text/html')) await cache.put(SHELL, response.clone());
    return response;
  } catch {
    const shell = await cache.match(SHELL);
    if (shell) return shell;
    return new Response('Нет соединения / No connection', { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || networkOnly(url.pathname)) return;
  if (ASSETS.has(url.pathname)) event.respondWith(fromCache(request));
  else if (request.mode === 'navigate') event.respondWith(navigate(request));
});

/** What the API pushes (api/src/alerts/alerts.service.ts, `pushTo`). */
interface AlertPush {
  title: string;
  body: string;
  url?: string;
  tag?: string;
  alertId?: string;
}

sw.addEventListener('push', (event) => {
  let data: AlertPush;
  try {
    data = event.data?.json() as AlertPush;
  } catch {
    data = { title: 'Комета', body: event.data?.text() ?? '' };
  }
  event.waitUntil(
    sw.registration.showNotification(data.title, {
      body: data.body,
      tag: data.tag,
      icon: '/icons/icon-192.png',
      badge: '/icons/icon-192.png',
      data: { url: data.url ?? '/alerts' },
    }),
  );
});

sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? '/alerts', sw.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => w.url === url) ?? windows[0];
      if (open) {
        await open.focus();
        if (open.url !== url) await open.navigate(url);
      } else await sw.clients.openWindow(url);
    })(),
  );
});
