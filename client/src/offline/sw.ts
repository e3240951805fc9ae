/**
 * The service worker (built by vite-plugin-pwa, injectManifest, which fills in `__WB_MANIFEST`), on
 * Workbox: keeps the app shell (index.html and the hashed assets) so a reload without network still
 * opens the matrices this browser has a local copy of (IndexedDB, see matrix/session.svelte.ts).
 *
 * Never a stale client: a page load asks the network for index.html first (NetworkFirst) and uses the
 * stored one only when the network fails or takes over NETWORK_TIMEOUT_S, so after a deploy a reload
 * (the server closes outdated clients with 4426) always gets the new version. A new worker takes over
 * at once and drops the old precache. The API, the websocket and /healthz are never answered from here.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import { SYNC_PATH } from '../../../shared/protocol.ts';

// Only what this file uses of the worker scope (the DOM lib, not WebWorker, is the project's).
declare const self: { __WB_MANIFEST: (PrecacheEntry | string)[]; skipWaiting(): Promise<void> };

const NETWORK_TIMEOUT_S = 4;
/** Paths that are never the app shell. */
const NOT_SHELL = [/^\/api\//, new RegExp(`^${SYNC_PATH}(/|$)`), /^\/healthz$/];

void self.skipWaiting();
clientsClaim();

// Registered before the precache route, which would answer "/" from the cache first.
const pages = new NetworkFirst({ cacheName: 'stance-grid-pages', networkTimeoutSeconds: NETWORK_TIMEOUT_S });
registerRoute(
  new NavigationRoute(
    async (options) => {
      try {
        return await pages.handle(options);
      } catch {
        // Never fetched online at this path (e.g. a matrix opened from the home page): the shell is the same page.
        return (await matchPrecache('/index.html')) ?? Response.error();
      }
    },
    { denylist: NOT_SHELL },
  ),
);

cleanupOutdatedCaches();
precacheAndRoute(self.__WB_MANIFEST);
