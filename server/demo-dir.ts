/**
 * shared/demo/, found from this file. It sits one level below the repo root, like the bundled
 * server (dist-server/*.js, `npm run build`), so the same relative URL holds in both.
 */
export const DEMO_DIR = new URL('../shared/demo/', import.meta.url);
