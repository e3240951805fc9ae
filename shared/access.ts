/**
 * Roles, share links and the access message: the contract between server and client for
 * workshops (issue 4). Pure: no Svelte, no ws, no node: imports.
 *
 * - Each matrix has three secret links, one per role. A link is `<origin>/m/<id>#token=<token>`
 *   (a fragment, so the token never reaches server logs or Referer headers); the client
 *   passes it to the server as `?token=` on the websocket (`params: { token }`: a browser's
 *   WebSocket cannot send headers) and only as `Authorization: Bearer <token>` on HTTP.
 * - The server stores only SHA-256 hashes of tokens (plus, for editor and viewer, a copy
 *   sealed with a key derived from the facilitator token, so a facilitator can always show
 *   all three links; see server/share-links.ts).
 */

export const ROLES = ['viewer', 'editor', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, editor: 1, facilitator: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Does `role` include everything `needed` may do? */
export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** May a connection with this role change the matrix right now? (Lock makes editors read-only.) */
export function canEdit(role: Role, locked: boolean): boolean {
  return role === 'facilitator' || (role === 'editor' && !locked);
}

/** Tokens are 32 random bytes, base64url without padding (43 characters). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** The three tokens of a matrix, as returned once at creation and to facilitators. */
export type ShareTokens = Record<Role, string>;

export function shareUrl(origin: string, matrixId: string, token: string): string {
  return `${origin}/m/${encodeURIComponent(matrixId)}#token=${token}`;
}

/** Reads the token from a link's fragment (`#token=…`), or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return isToken(token) ? token : null;
}

/**
 * Server → client message (type `MessageType.access`, payload: one varString of JSON).
 * Sent right after the socket is accepted, whenever the role's rights change (lock/unlock),
 * and with `rejected` when the server dropped a write from this connection, so the client
 * can roll its local copy back to the server's state.
 */
export interface AccessMessage {
  role: Role;
  locked: boolean;
  /** Present when the server just dropped changes this connection sent. */
  rejected?: Rejection;
}

/**
 * Why the server dropped a change: the role may not edit (`read-only`), the facilitator locked
 * the matrix (`locked`), the change breaks the data model (`invalid`, with the schema guard's
 * reason in `message`), the connection sent too much too fast (`rate`), or the matrix is full
 * (`quota`).
 */
export const REJECT_REASONS = ['read-only', 'locked', 'invalid', 'rate', 'quota'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export interface Rejection {
  reason: RejectReason;
  /** A sentence a person can read (the guard's reason for `invalid`). */
  message?: string;
}

export const isRejectReason = (value: unknown): value is RejectReason => (REJECT_REASONS as readonly unknown[]).includes(value);

const REJECTED: Record<RejectReason, string> = {
  'read-only': 'You can view this matrix but not change it: your change was undone.',
  locked: 'The facilitator locked the matrix: your change was undone.',
  invalid: 'The server refused a change that does not fit the matrix: it was undone.',
  rate: 'Too many changes too fast: the last ones were undone. Wait a moment and try again.',
  quota: 'This matrix is full (storage quota reached): your change was undone. Ask the facilitator to remove old material or start a new matrix.',
};

/** What the page says about a rejection (the server's own sentence, when it sent one, follows). */
export function rejectionText(rejected: Rejection): string {
  const base = REJECTED[rejected.reason];
  return rejected.message ? `${base} ${rejected.message.slice(0, 300)}` : base;
}

/**
 * Awareness fields the server controls:
 * - `role`: the server overwrites it with the connection's role on every accepted entry,
 *   so a client cannot claim to be the facilitator.
 * - `stage`: the facilitator's presentation state (spotlight, step, reveal, scroll, timer);
 *   removed from the entries of connections that are not facilitators.
 */
export const AWARENESS_ROLE_FIELD = 'role';
export const AWARENESS_STAGE_FIELD = 'stage';
