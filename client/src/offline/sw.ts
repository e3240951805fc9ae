/**
 * The service worker (built by vite-plugin-pwa, injectManifest, which fills in `__WB_MANIFEST`): keeps
 * the app shell (index.html and the hashed assets) so a reload without network still opens the
 * matrices this browser has a local copy of (IndexedDB, see matrix/session.svelte.ts).
 *
 * Never a stale client: a page load asks the network for index.html first and uses the stored one
 * only when the network fails (or takes over NETWORK_TIMEOUT_MS), so after a deploy a reload (the
 * server closes outdated clients with 4426) always gets the new version. A new worker takes over at
 * once and drops the old shell. The API, the websocket and /healthz are never answered from here.
 * Plain Cache API, no library: the whole job is these three handlers.
 */
import { SYNC_PATH } from '../../../shared/protocol.ts';

interface ManifestEntry {
  url: string;
  revision: string | null;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  __WB_MANIFEST: (ManifestEntry | string)[];
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
declare const self: WorkerScope;

const NETWORK_TIMEOUT_MS = 4000;
/** Paths that are never the app shell. */
const NOT_SHELL = [/^\/api\//, new RegExp(`^${SYNC_PATH}(/|$)`), /^\/healthz$/];
const PREFIX = 'stance-grid-shell-';

const entries = self.__WB_MANIFEST.map((e) => (typeof e === 'string' ? { url: e, revision: null } : e));
const shellUrls = new Set(entries.map((e) => new URL(e.url, self.location.origin).pathname));
/** One cache per build: a new build's worker fills its own, then deletes the old ones. */
const CACHE = PREFIX + hash(entries.map((e) => `${e.url}@${e.revision ?? ''}`).join('\n'));

function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(36);
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: past the HTTP cache, so the stored shell is exactly this build's.
      await cache.addAll([...shellUrls].map((path) => new Request(path, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || NOT_SHELL.some((p) => p.test(url.pathname))) return;
  if (request.mode === 'navigate') event.respondWith(page(request));
  else if (shellUrls.has(url.pathname)) event.respondWith(stored(request));
});

/** A page: the network's index.html, else (offline, or too slow) the stored one. */
async function page(request: Request): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } catch {
    return (await caches.match('/index.html', { cacheName: CACHE })) ?? Response.error();
  } finally {
    clearTimeout(timer);
  }
}

/** A hashed asset of this build: the stored copy, else the network. */
async function stored(request: Request): Promise<Response> {
  return (await caches.match(request, { cacheName: CACHE })) ?? fetch(request);
}
