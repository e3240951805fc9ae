/**
 * The HTTP API and close-code contract between server, client and tests (README "HTTP API",
 * "Sync protocol"). Pure: no Node modules, no DOM. Request bodies are valibot schemas, so the
 * server validates with them and the client may check a form against the same rules.
 * One file per part in ./api/; this module is their public face.
 */
export * from './api/codes.ts';
export * from './api/errors.ts';
export * from './api/responses.ts';
export * from './api/documents.ts';
export * from './api/bodies.ts';
export * from './api/transfer.ts';

export { CloseCode, CloseReason, closeAdvice, closeMessage, isDeadToken } from './close-codes.ts';
