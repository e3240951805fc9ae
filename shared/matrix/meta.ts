/** The matrix's title, description and scale: written once by the server, then edited. */
import type * as Y from 'yjs';
import { DEFAULT_SCALE, type StanceLevel } from '../scale.ts';
import { LOCAL_ORIGIN } from '../origins.ts';
import { SCHEMA_VERSION } from '../schema.ts';
import { metaMap, scaleMap } from './maps.ts';
import { cleanName, cleanText } from './validate.ts';

// ---------- creation (server side only: never seed from a client) ----------

export interface InitOptions {
  title: string;
  description?: string;
  scale?: readonly StanceLevel[];
  createdAt?: string;
}

/** Writes meta and the stance scale into an empty doc. Only the server calls this, once. */
export function initMatrix(doc: Y.Doc, options: InitOptions, origin: unknown = LOCAL_ORIGIN): void {
  const title = cleanName(options.title, 'Title');
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', title);
    meta.set('description', options.description ?? '');
    meta.set('createdAt', options.createdAt ?? new Date().toISOString());
    const scale = scaleMap(doc);
    for (const level of options.scale ?? DEFAULT_SCALE) scale.set(level.id, { ...level });
  }, origin);
}

export function setTitle(doc: Y.Doc, title: string, origin: unknown = LOCAL_ORIGIN): void {
  const clean = cleanName(title, 'Title');
  doc.transact(() => metaMap(doc).set('title', clean), origin);
}

export function setDescription(doc: Y.Doc, description: string, origin: unknown = LOCAL_ORIGIN): void {
  doc.transact(() => metaMap(doc).set('description', cleanText(description, 'The description')), origin);
}
