/**
 * The service worker (built by vite-plugin-pwa, injectManifest): keeps the app shell (index.html and
 * the hashed assets) so a reload without network still opens the matrices this browser has a local
 * copy of (IndexedDB, see matrix/session.svelte.ts).
 *
 * Never a stale client: a page load asks the network for index.html first and uses the stored one
 * only when the network fails (or hangs), so after a deploy a reload (the server closes outdated
 * clients with 4426) always gets the new version. A new worker takes over at once. The API, the
 * websocket and /healthz are never answered from the cache.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';
import { SYNC_PATH } from '../../../shared/protocol.ts';

declare const self: typeof globalThis & { __WB_MANIFEST: (PrecacheEntry | string)[]; skipWaiting(): Promise<void> };

/** Paths that are never the app shell. */
const NOT_SHELL = [/^\/api\//, new RegExp(`^${SYNC_PATH}(/|$)`), /^\/healthz$/];

void self.skipWaiting();
clientsClaim();
cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);

// Pages are not stored one by one: the stored index.html always matches the stored assets.
const network = new NetworkOnly({ networkTimeoutSeconds: 4 });
registerRoute(
  new NavigationRoute(
    async (options) => {
      try {
        return await network.handle(options);
      } catch {
        return (await matchPrecache('index.html')) ?? Response.error();
      }
    },
    { denylist: NOT_SHELL },
  ),
);
