/**
 * The wire protocol: the standard y-websocket framing (first varUint = message type). The close
 * codes this server uses are in shared/close-codes.ts.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client only: the connection's role and lock state (shared/access.ts AccessMessage). */
  access: 100,
  /** Both directions: reactions to cells, outside the Y.Doc (shared/reactions.ts). */
  reaction: 101,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

// The close codes and their wording: shared/close-codes.ts (re-exported for existing imports).
export { CloseCode, CloseReason } from './close-codes.ts';

/**
 * The sync URL's schema query parameter (`?schema=2`): the schema version the client speaks. The
 * upgrade refuses a missing or unsupported one with 4426 (shared/timeline/migrate.ts says why).
 */
export { SCHEMA_PARAM } from './timeline/migrate.ts';
export { SCHEMA_VERSION } from './schema.ts';

/** Path prefix of the sync endpoint: ws://HOST:PORT/sync/<matrixId>. */
export const SYNC_PATH = '/sync';

/** Largest websocket message the server accepts by default (2 MiB). */
export const DEFAULT_MAX_PAYLOAD = 2 * 1024 * 1024;
