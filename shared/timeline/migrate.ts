/**
 * Schema version 2 and what it asks of old documents and old clients.
 *
 * Version 2 only adds roots (`positions`, `salience`, `events`, `documents`) and optional
 * fields, and reads a coded cell without positions as one undated position. So a version-1
 * document is already a valid version-2 document: migrating it changes nothing but the version
 * number, and loses nothing. What version 2 cannot tolerate is a version-1 *client*: it would set
 * stances without moving the timeline, or clear a stance and leave its positions behind. The
 * server therefore refuses sockets whose client does not declare a supported version.
 */
import type * as Y from 'yjs';
import { metaMap } from '../matrix.ts';
import { SERVER_ORIGIN } from '../origins.ts';
import { SCHEMA_VERSION } from '../schema.ts';

/** The oldest client schema version the server accepts (clients before it ignore the timeline). */
export const MIN_CLIENT_SCHEMA_VERSION = 2;

/** Query parameter of the sync URL in which a client declares its schema version (`?schema=2`). */
export const SCHEMA_PARAM = 'schema';

/** The document's schema version; a document without one predates versioning (1). */
export function docSchemaVersion(doc: Y.Doc): number {
  const v = metaMap(doc).get('schemaVersion');
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/**
 * Brings a version-1 document to version 2 (sets meta.schemaVersion; every other root is read
 * as it is). Idempotent; a document from a newer version is left alone. The server calls it when
 * it loads a room, before the first sync reply. Returns whether it wrote anything.
 */
export function migrateToV2(doc: Y.Doc, origin: unknown = SERVER_ORIGIN): boolean {
  // An empty document is not a matrix yet: initMatrix will write the current version.
  if (metaMap(doc).size === 0 || docSchemaVersion(doc) >= 2) return false;
  doc.transact(() => metaMap(doc).set('schemaVersion', 2), origin);
  return true;
}

/**
 * Whether the server should accept a client declaring `version` (a number, or the string of the
 * `schema` query parameter; absent = a client from before version 2).
 */
export function clientSchemaSupported(version: unknown): boolean {
  const n = typeof version === 'number' ? version : typeof version === 'string' && /^\d{1,6}$/.test(version) ? Number(version) : NaN;
  return Number.isInteger(n) && n >= MIN_CLIENT_SCHEMA_VERSION && n <= SCHEMA_VERSION;
}
