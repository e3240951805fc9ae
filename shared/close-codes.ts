/**
 * Every websocket close code the server sends, with all its wording in one row, after
 * Hocuspocus's CloseEvents: the short reason sent on the wire, and for the permanent ones the
 * heading and advice a person sees. y-websocket 3.x stops reconnecting on 4400–4499, so those
 * are for permanent refusals; 4000–4399 and 4500+ are retried.
 */

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
  /** The client speaks an older schema than the server's documents (no `?schema=2`). Permanent: reload. */
  outdatedClient: 4426,
  /** The server could not store an update; reconnect to resync. Retried. */
  storageFailure: 4500,
  /** The server is shutting down. Retried. */
  shuttingDown: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

interface CloseWording {
  /** Sent with the close frame (close reasons are capped at 123 bytes). */
  reason: string;
  /** The heading a person sees when the server refused for good. */
  heading?: string;
  /** What to do about it. */
  advice?: string;
  /** The page's token will never work again: forget it. */
  deadToken?: boolean;
}

const WORDING: Record<CloseCode, CloseWording> = {
  4000: { reason: 'Malformed message' },
  4001: { reason: 'Unknown message type' },
  4002: { reason: 'Heartbeat timeout' },
  4400: { reason: 'Invalid matrix id', heading: 'Invalid matrix id' },
  4401: {
    reason: 'Missing or invalid token',
    heading: 'This link is not valid',
    advice: 'It may have been mistyped or cut short, or it was replaced. Ask the facilitator for a new one.',
    deadToken: true,
  },
  4403: {
    reason: 'Not allowed',
    heading: 'This link does not allow that',
    advice: 'Your link gives less access than this needs. Ask the facilitator for the right link.',
  },
  4404: {
    reason: 'No such matrix',
    heading: 'No such matrix',
    advice: 'There is no matrix at this address: it may have been deleted, or the link is incomplete. Check the link, or pick a matrix from the list.',
  },
  4410: {
    reason: 'This link was replaced by the facilitator',
    heading: 'This link was replaced by the facilitator',
    advice: 'The facilitator replaced the link you used. Ask them for the new one.',
    deadToken: true,
  },
  4426: {
    reason: 'This page is out of date; reload to continue',
    heading: 'This page is out of date; reload to continue',
    advice: 'Stance Grid was updated since this page was loaded. Reload the page to continue; the matrix is safe.',
  },
  4500: { reason: 'Could not store the change; reconnecting' },
  4503: { reason: 'Server shutting down' },
};

const DEFAULT_ADVICE = 'This matrix cannot be opened. Check the address, or pick one from the list.';

const row = (code: number): CloseWording | undefined => (Object.hasOwn(WORDING, code) ? WORDING[code as CloseCode] : undefined);

/** The reason sent with each close code. */
export const CloseReason = Object.fromEntries(Object.entries(WORDING).map(([code, w]) => [code, w.reason])) as Record<CloseCode, string>;

/** The heading shown for a close, e.g. "No such matrix"; `reason` is what the close frame said. */
export function closeMessage(code: number, reason: string): string {
  return row(code)?.heading ?? (reason || row(code)?.reason || `The server closed the connection (${code})`);
}

/** What a person can do after the server refused for good. */
export function closeAdvice(code: number | null): string {
  return (code !== null && row(code)?.advice) || DEFAULT_ADVICE;
}

/** Close codes after which the page's token is useless. */
export function isDeadToken(code: number): boolean {
  return row(code)?.deadToken === true;
}
