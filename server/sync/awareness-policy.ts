/**
 * Who may write which awareness entries in a room: a connection writes only its own client ids
 * (no spoofing), stamped with its role (server/sync/awareness-filter.ts), under a size cap; a
 * reconnecting client may take its id back from its own old socket.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../log.ts';
import { encodeAwarenessEntries, parseAwarenessUpdate, stampAwarenessEntry, type AwarenessEntry } from './awareness-filter.ts';
import { ProtocolError, awarenessMessage } from './messages.ts';
import { CloseCode } from '../../shared/protocol.ts';
import type { Peer } from './peer.ts';

export interface AwarenessOptions {
  /** Largest JSON awareness state accepted per client, in bytes. */
  maxAwarenessBytes: number;
  /** Awareness client ids one socket may own; entries for more are dropped. */
  maxIdsPerSocket: number;
  /**
   * A socket that sent nothing for this long no longer keeps its awareness ids from a new socket
   * (2× the heartbeat interval; see `mayWrite`).
   */
  staleOwnerMs: number;
}

export class AwarenessPolicy {
  constructor(
    private awareness: awarenessProtocol.Awareness,
    private peers: () => Iterable<Peer>,
    private send: (peer: Peer, message: Uint8Array) => void,
    private options: AwarenessOptions,
    private log: Logger,
    private matrixId: string,
  ) {}

  /** Applies the entries of `update` that `peer` may write; drops (and logs) the others. */
  receive(peer: Peer, update: Uint8Array): void {
    let entries;
    try {
      entries = parseAwarenessUpdate(update);
    } catch {
      throw new ProtocolError(CloseCode.malformedMessage, 'malformed awareness update');
    }
    const owners = new Map<number, Peer>();
    for (const p of this.peers()) for (const id of p.clientIds) owners.set(id, p);
    // Only a client's own entries, stamped with its role, and no oversized states, are accepted.
    const allowed: AwarenessEntry[] = [];
    let refused = 0;
    // A socket owns at most maxIdsPerSocket ids: the ones it holds, then new ones in frame order.
    const claimed = new Set(peer.clientIds);
    for (const entry of entries) {
      const owner = owners.get(entry.clientId);
      const withinIds = entry.state === null || claimed.has(entry.clientId) || claimed.size < this.options.maxIdsPerSocket;
      const stamped = withinIds && this.mayWrite(peer, entry.clientId, owner) ? stampAwarenessEntry(entry, peer.role) : null;
      if (stamped && stamped.state !== null) claimed.add(entry.clientId);
      if (!stamped || stamped.json.length > this.options.maxAwarenessBytes) {
        // y-websocket clients send back every awareness change they receive, colleagues' too; an
        // entry no newer than what the server holds is such an echo, dropped without a log line.
        const known = this.awareness.meta.get(entry.clientId);
        if (!(stamped === null && known !== undefined && entry.clock <= known.clock)) refused++;
        continue;
      }
      allowed.push(stamped);
      // Reclaimed from an old socket: owned from now on, even when the entry is not newer than the
      // stored one (a reconnect re-sends its last clock) and so raises no update event. Other ids
      // become owned only when an entry is applied (`trackOwners`), so none can be squatted.
      if (owner && owner !== peer && stamped.state !== null) peer.clientIds.add(entry.clientId);
    }
    if (refused > 0) this.log.warn('dropped awareness entries', { matrix: this.matrixId, dropped: refused });
    if (allowed.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(allowed), peer.ws);
    // A reconnecting client re-sends the clock it had; if the server removed its state when the
    // old socket closed, that clock is now stale and would be ignored for up to 30 s. Echo the
    // removal back: y-protocols then re-announces the local state with a newer clock.
    const stale = allowed.filter((e) => e.state !== null && !this.awareness.states.has(e.clientId) && this.awareness.meta.has(e.clientId));
    if (stale.length > 0) {
      this.send(
        peer,
        awarenessMessage(
          this.awareness,
          stale.map((e) => e.clientId),
        ),
      );
    }
  }

  /** After an applied awareness change: the sender owns the ids it added or updated. */
  trackOwners(peer: Peer | undefined, { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }): void {
    if (!peer) return;
    for (const id of [...added, ...updated]) peer.clientIds.add(id);
    for (const id of removed) peer.clientIds.delete(id);
  }

  /**
   * May `peer` write the awareness entry currently owned by `owner`? Ownership is what stops one
   * client from spoofing another's presence, but a client that reconnects keeps its awareness
   * client id and must be able to reclaim it from its own old socket. The rule:
   * - nobody owns the id, or this socket does: yes;
   * - the owner's socket is closing or closed (its close event is still pending): yes, ownership moves;
   * - the owner has sent nothing for `staleOwnerMs` (2× the heartbeat; a live y-websocket client
   *   renews its awareness every 15 s): that socket is a half-open leftover; it is terminated and
   *   ownership moves;
   * - otherwise another live connection owns it: no (the entry is dropped and logged).
   */
  private mayWrite(peer: Peer, clientId: number, owner: Peer | undefined): boolean {
    if (!owner || owner === peer) return true;
    const ownerClosing = owner.ws.readyState !== owner.ws.OPEN;
    const ownerSilent = Date.now() - owner.lastReceivedAt > this.options.staleOwnerMs;
    if (!ownerClosing && !ownerSilent) return false;
    // Its leave() must not remove the state the new socket now owns.
    owner.clientIds.delete(clientId);
    if (ownerSilent && !ownerClosing) {
      this.log.warn('terminating a silent socket whose client reconnected', { matrix: this.matrixId });
      owner.ws.terminate();
    }
    return true;
  }

  /** Removes the states a leaving peer owned. */
  release(peer: Peer): void {
    if (peer.clientIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.clientIds], null);
  }
}
