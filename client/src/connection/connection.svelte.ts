import type { WebsocketProvider } from 'y-websocket';
import { closeMessage } from '../../../shared/api.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Failed first attempts before "Connecting…" turns into "Offline" (it keeps retrying). */
const FIRST_CONNECT_ATTEMPTS = 3;

// The wording of each close code lives with the codes (shared/close-codes.ts).
export { closeMessage };

/** The provider's connection, as a few reactive values for the UI. */
export class Connection {
  #raw = $state.raw<'connecting' | 'connected' | 'disconnected'>('connecting');
  #everConnected = $state.raw(false);
  #failures = $state.raw(0);
  #online = $state.raw(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** Has the doc received the server's state since the last (re)connect? */
  synced = $state.raw(false);
  /** Set once the first full sync arrived; editing only needs this. */
  loaded = $state.raw(false);
  /** Why the server refused us for good (4400–4499), e.g. "No such matrix". */
  closedReason = $state.raw<string | null>(null);
  closedCode = $state.raw<number | null>(null);
  /** Local changes made since the server last confirmed a full sync (shown while offline). */
  pending = $state.raw(0);

  status: ConnectionStatus = $derived.by(() => {
    if (this.closedReason !== null || !this.#online) return 'offline';
    if (this.#raw === 'connected') return 'connected';
    if (this.#everConnected) return 'reconnecting';
    return this.#failures >= FIRST_CONNECT_ATTEMPTS ? 'offline' : 'connecting';
  });

  #cleanup: (() => void)[] = [];

  constructor(provider: WebsocketProvider) {
    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
      this.#raw = status;
      if (status === 'connected') {
        this.#everConnected = true;
        this.#failures = 0;
      }
    };
    const onSync = (synced: boolean) => {
      this.synced = synced;
      if (synced) {
        this.loaded = true;
        this.pending = 0;
      }
    };
    const onClose = () => {
      this.#failures++;
      this.synced = false;
      if (this.#raw === 'connecting') this.#raw = 'disconnected';
    };
    const onClosed = (event: { code: number; reason: string }) => {
      this.closedCode = event.code;
      this.closedReason = closeMessage(event.code, event.reason);
    };
    // The browser knows the network is gone: stop the socket now (instead of waiting for a
    // timeout) so edits count as pending, and reconnect as soon as it is back.
    const onOnline = () => {
      this.#online = true;
      if (this.closedReason === null) provider.connect();
    };
    const onOffline = () => {
      this.#online = false;
      provider.disconnect();
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('connection-close', onClose);
    provider.on('closed', onClosed);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    this.#cleanup.push(
      () => provider.off('status', onStatus),
      () => provider.off('sync', onSync),
      () => provider.off('connection-close', onClose),
      () => provider.off('closed', onClosed),
      () => window.removeEventListener('online', onOnline),
      () => window.removeEventListener('offline', onOffline),
    );
  }

  /** A local transaction; pending until the next completed sync. */
  localChange(): void {
    if (!this.synced) this.pending++;
  }

  /** The matrix came from this browser's local copy (IndexedDB): show it before the server answers. */
  markLoadedLocally(): void {
    this.loaded = true;
  }

  destroy(): void {
    for (const undo of this.#cleanup) undo();
    this.#cleanup = [];
  }
}
