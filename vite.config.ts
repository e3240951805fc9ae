import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

const WORKERS = Math.min(4, Math.max(2, os.availableParallelism()));

/** Client state tests: Svelte 5 runes need Svelte's browser runtime (see the `client` project). */
const CLIENT_TESTS = ['test/client/**/*.test.ts', 'test/**/*.svelte.test.ts'];

// The client lives in client/; the built files go to dist/ where the server serves them.
export default defineConfig({
  root: 'client',
  plugins: [
    svelte(),
    // The service worker (client/src/offline/sw.ts): the app shell for a reload without network.
    // Registered by offline/register.ts; no manifest (an installable app is not the point).
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/offline',
      filename: 'sw.ts',
      injectRegister: false,
      manifest: false,
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,woff2}'], maximumFileSizeToCacheInBytes: 8 * 1024 * 1024 },
    }),
  ],
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: {
    port: 5173,
    proxy: {
      '/sync': { target: 'ws://localhost:8080', ws: true },
      '/api': 'http://localhost:8080',
      '/healthz': 'http://localhost:8080',
    },
  },
  test: {
    root: '.',
    // Browser tests on a busy two-core machine: generous, since every wait inside polls its condition.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // expect.poll returns as soon as its condition holds; its 1 s default deadline is too short for a
    // page to follow a remote change while other test files keep both cores busy.
    expect: { poll: { timeout: 10_000 } },
    // Test files share nothing (each starts its own server on port 0 with its own data dir), so they
    // run side by side: two at once on two cores, where two Chromiums (one per worker) and their
    // servers still fit (three were slower); more on bigger machines. To change it, pass both
    // `--maxWorkers=N --minWorkers=N`.
    pool: 'forks',
    // Workers are reused from file to file (set here, at the root: the pool reads only this one; a
    // project's `isolate` alone still gave each file a new process and, for browser files, a new Chromium).
    isolate: false,
    maxWorkers: WORKERS,
    // As many as the most: tinypool ends a shared worker that falls idle above the minimum while its
    // teardown task is still out, which fails the run ("Terminating worker thread").
    minWorkers: WORKERS,
    reporters: ['default', './test/utils/summary-reporter.ts'],
    projects: [
      {
        // Test files share their workers' module cache (no re-import of the server and the model per
        // file: a third of the unit and integration files' time) and, for browser files, one Chromium
        // per worker (test/utils/browser.ts). Each test still starts its own server on a new port with its
        // own data dir; fake timers are restored in afterEach.
        extends: true,
        // The server is bundled first (test/utils/build-server.ts) for the tests that start it as a process.
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: CLIENT_TESTS, isolate: false, globalSetup: ['test/utils/build-server.ts'] },
      },
      {
        // Svelte's client runtime and client compile, so `$state` is reactive and `$effect` runs:
        // the `browser` condition (only here: it would give the server code other tests start
        // `ws`'s browser stub) and the web transform for every module these tests load.
        // A pool of their own (threads): with shared workers, one pool serving two projects recycles
        // its workers between them and can end a file still running ("Terminating worker thread").
        extends: true,
        resolve: { conditions: ['browser'] },
        test: { name: 'client', include: CLIENT_TESTS, testTransformMode: { web: ['**/*'] }, pool: 'threads', isolate: false },
      },
    ],
  },
});
