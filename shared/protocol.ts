/**
 * The wire protocol: the standard y-websocket framing (first varUint = message type) and the
 * close codes this server uses. y-websocket 3.x stops reconnecting on 4400–4499, so those are
 * for permanent refusals; 4000–4399 and 4500+ are retried.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Server → client only: the connection's role and lock state (shared/access.ts AccessMessage). */
  access: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

export const CloseCode = {
  /** A frame could not be decoded (garbage, truncated, not a Yjs update). Retried. */
  malformedMessage: 4000,
  /** A frame had a message type this server does not speak. Retried. */
  unknownMessageType: 4001,
  /** No pong within the heartbeat interval. Retried. */
  heartbeatTimeout: 4002,
  /** The matrix id in the URL does not match the id grammar. Permanent. */
  invalidMatrixId: 4400,
  /** Missing or bad token. Permanent. */
  unauthorized: 4401,
  /** Token valid but the role may not do this. Permanent. */
  forbidden: 4403,
  /** No matrix with that id. Permanent. */
  notFound: 4404,
  /** The facilitator replaced the link this connection used. Permanent. */
  linkRevoked: 4410,
  /** The server could not store an update; reconnect to resync. Retried. */
  storageFailure: 4500,
  /** The server is shutting down. Retried. */
  shuttingDown: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Short reasons sent with each close code (close reasons are capped at 123 bytes). */
export const CloseReason: Record<CloseCode, string> = {
  4000: 'Malformed message',
  4001: 'Unknown message type',
  4002: 'Heartbeat timeout',
  4400: 'Invalid matrix id',
  4401: 'Missing or invalid token',
  4403: 'Not allowed',
  4404: 'No such matrix',
  4410: 'This link was replaced by the facilitator',
  4500: 'Could not store the change; reconnecting',
  4503: 'Server shutting down',
};

/** Path prefix of the sync endpoint: ws://HOST:PORT/sync/<matrixId>. */
export const SYNC_PATH = '/sync';

/** Largest websocket message the server accepts by default (2 MiB). */
export const DEFAULT_MAX_PAYLOAD = 2 * 1024 * 1024;
