/**
 * Typed transaction origins. Every write passes one, so observers can tell their own
 * changes from remote ones and an UndoManager can track only the local user's edits.
 */
export type OriginSource = 'local' | 'seed' | 'server' | 'import';

export interface Origin {
  readonly source: OriginSource;
}

/** Edits made by the person at this client. The UndoManager tracks exactly this object. */
export const LOCAL_ORIGIN: Origin = Object.freeze({ source: 'local' });
/** Content the server writes once when it creates a matrix (demo seed, empty matrix). */
export const SEED_ORIGIN: Origin = Object.freeze({ source: 'seed' });
/** Content loaded from storage on the server. */
export const SERVER_ORIGIN: Origin = Object.freeze({ source: 'server' });
/**
 * A change the server makes to a live matrix at someone's request (a revert to a snapshot): unlike
 * SERVER_ORIGIN (loading), it is stored and relayed to every connection like an edit.
 */
export const SERVER_CHANGE_ORIGIN: Origin = Object.freeze({ source: 'server' });
/** Content created by an import. */
export const IMPORT_ORIGIN: Origin = Object.freeze({ source: 'import' });

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'object' && value !== null && 'source' in value;
}
