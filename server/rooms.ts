/** The map of loaded rooms: get-or-load, and unload after the last client has left. */
import * as Y from 'yjs';
import type { Storage } from './storage.ts';
import type { Logger } from './log.ts';
import { Room, type RoomOptions } from './room.ts';
import { SERVER_ORIGIN } from '../shared/origins.ts';

export class Rooms {
  private rooms = new Map<string, Room>();
  private unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private storage: Storage,
    private log: Logger,
    private options: RoomOptions & { idleUnloadMs: number },
    /** The lock of a matrix, from its one source (server/lock.ts). */
    private isLocked: (id: string) => boolean = () => false,
  ) {}

  get size(): number {
    return this.rooms.size;
  }

  get connections(): number {
    let n = 0;
    for (const room of this.rooms.values()) n += room.connectionCount;
    return n;
  }

  /** Is there a matrix with this id (loaded, or stored)? The one existence check of HTTP and sync. */
  exists(id: string): boolean {
    return this.rooms.has(id) || this.storage.exists(id);
  }

  loaded(id: string): Room | undefined {
    return this.rooms.get(id);
  }

  /** Loads a stored matrix (synchronously, so no reply can precede the stored state). */
  get(id: string): Room {
    this.cancelUnload(id);
    let room = this.rooms.get(id);
    if (!room) {
      room = new Room(id, this.storage, this.log, this.options, () => this.isLocked(id));
      this.rooms.set(id, room);
    }
    return room;
  }

  /** A read-only copy of a matrix: the live doc if loaded, else one built from storage. */
  withDoc<T>(id: string, read: (doc: Y.Doc) => T): T {
    const room = this.rooms.get(id);
    if (room) return read(room.load());
    const doc = new Y.Doc();
    try {
      const { updates } = this.storage.load(id);
      doc.transact(() => updates.forEach((u) => Y.applyUpdate(doc, u, SERVER_ORIGIN)), SERVER_ORIGIN);
      return read(doc);
    } finally {
      doc.destroy();
    }
  }

  /** A change the server makes to a matrix (loaded for it if need be), stored and sent live (Room.serverWrite). */
  write(id: string, change: (doc: Y.Doc) => void): void {
    const room = this.get(id);
    try {
      room.serverWrite(change);
    } finally {
      // Loaded only for this write: unload it again once idle, as after a last client.
      this.released(id);
    }
  }

  /** Called when a socket leaves: unloads the room once it has been empty for a while. */
  released(id: string): void {
    const room = this.rooms.get(id);
    if (!room || room.connectionCount > 0) return;
    this.cancelUnload(id);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(id);
      const current = this.rooms.get(id);
      if (current && current.connectionCount === 0) {
        current.destroy();
        this.rooms.delete(id);
        this.log.info('unloaded idle matrix', { matrix: id });
      }
    }, this.options.idleUnloadMs);
    timer.unref();
    this.unloadTimers.set(id, timer);
  }

  private cancelUnload(id: string): void {
    const timer = this.unloadTimers.get(id);
    if (timer) clearTimeout(timer);
    this.unloadTimers.delete(id);
  }

  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /** Stores and frees every room. Safe to call twice. */
  destroyAll(): void {
    for (const id of [...this.unloadTimers.keys()]) this.cancelUnload(id);
    for (const room of this.rooms.values()) room.destroy();
    this.rooms.clear();
  }
}
