import { untrack } from 'svelte';
import { isDeadToken } from '../../../shared/api.ts';
import type { MatrixStore } from '../matrix/matrix-store.svelte.ts';
import type { Notices } from '../ui/notices.svelte.ts';
import { rejectionText } from '../../../shared/access.ts';
import { writeTab, type RememberedMatrices } from './remembered.svelte.ts';

declare global {
  interface Window {
    /** Test and debugging hook, present only when localStorage has `stance-grid:test-hook` = `1`. */
    __stanceGrid?: { store: MatrixStore };
  }
}

/**
 * Connects a matrix page's store to the rest of the browser: remembers the link once the
 * server accepts it (with the role it granted), forgets it when refused or replaced, and
 * rolls the page back when the server dropped our changes. Call during component init.
 */
export function wireAccess(store: MatrixStore, remembered: RememberedMatrices, notices: Notices, reopen: (token: string | null) => void): void {
  store.session.on('access', (message) => {
    const token = store.access.token;
    if (!token) return;
    const title = store.connection.loaded ? store.meta.title : (remembered.byToken(store.id, token)?.title ?? '');
    remembered.remember({ id: store.id, token, role: message.role, title, locked: message.locked });
    writeTab(store.id, token);
  });

  // The server will never take what this copy holds beyond its state: start again from the server's.
  let rollingBack = false;
  store.session.on('rejected', (rejected) => {
    if (rollingBack) return;
    rollingBack = true;
    notices.error(rejectionText(rejected));
    void store.discardLocalCopy().then(() => reopen(store.access.token));
  });

  $effect(() => {
    const code = store.connection.closedCode;
    const token = store.access.token;
    if (code !== null && token && isDeadToken(code)) untrack(() => remembered.forgetToken(store.id, token));
  });

  $effect(() => {
    if (!store.connection.loaded || !store.access.known) return;
    const patch = { title: store.meta.title, locked: store.access.locked };
    untrack(() => remembered.update(store.id, patch));
  });

  try {
    if (localStorage.getItem('stance-grid:test-hook') === '1') window.__stanceGrid = { store };
  } catch {
    // No storage, no hook.
  }
}
