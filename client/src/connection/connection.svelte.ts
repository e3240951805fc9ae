import { closeMessage } from '../../../shared/api.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/** Failed first attempts before "Connecting…" turns into "Offline" (it keeps retrying). */
const FIRST_CONNECT_ATTEMPTS = 3;

// The wording of each close code lives with the codes (shared/close-codes.ts).
export { closeMessage };

/** The session's connection, as a few reactive values for the UI (the session feeds it). */
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

  /** The socket's state changed (the session reports the provider's `status` event). */
  setStatus(status: 'connecting' | 'connected' | 'disconnected'): void {
    this.#raw = status;
    if (status === 'connected') {
      this.#everConnected = true;
      this.#failures = 0;
    }
  }

  setSynced(synced: boolean): void {
    this.synced = synced;
    if (synced) {
      this.loaded = true;
      this.pending = 0;
    }
  }

  /** A connection attempt ended (failed or dropped). */
  socketClosed(): void {
    this.#failures++;
    this.synced = false;
    if (this.#raw === 'connecting') this.#raw = 'disconnected';
  }

  /** The server refused us for good (the provider stops reconnecting). */
  refused(code: number, reason: string): void {
    this.closedCode = code;
    this.closedReason = closeMessage(code, reason);
  }

  setOnline(online: boolean): void {
    this.#online = online;
  }

  /** A local transaction; pending until the next completed sync. */
  localChange(): void {
    if (!this.synced) this.pending++;
  }

  /** The matrix came from this browser's local copy (IndexedDB): show it before the server answers. */
  markLoadedLocally(): void {
    this.loaded = true;
  }
}
