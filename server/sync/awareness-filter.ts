/**
 * Parses and re-encodes y-protocols awareness updates, so the room can keep only the entries a
 * connection may write (its own client ids, under a size cap) and stamp them with its role.
 * The format is: varUint count, then per entry varUint clientID, varUint clock, varString JSON state.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AWARENESS_ROLE_FIELD, AWARENESS_STAGE_FIELD, type Role } from '../../shared/access.ts';
import { isCellKey, isPlainObject } from '../../shared/doc-rules.ts';
import { parseStage } from '../../shared/stage.ts';

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The raw JSON text ("null" removes the client). */
  json: string;
  /** The parsed state. */
  state: unknown;
}

export function parseAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const json = decoding.readVarString(decoder);
    const state: unknown = JSON.parse(json); // throws on garbage, so a malformed frame closes the socket
    entries.push({ clientId, clock, json, state });
  }
  return entries;
}

export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}

/** Lengths of the presence fields (README "Security model — sync"). */
export const AWARENESS_LIMITS = { name: 200, color: 32, userId: 64 } as const;

const optionalText = (v: unknown, max: number) => v === undefined || (typeof v === 'string' && v.length <= max);

/**
 * Does a state fit the presence schema (client/src/presence: `{ user: { name, color, id }, cell,
 * editing, stage? }`)? The known fields must have their shapes; other fields pass, under the
 * size cap, as y-protocols clients may publish their own.
 */
export function fitsAwarenessSchema(state: Record<string, unknown>): boolean {
  const { user, cell, editing } = state;
  if (user !== undefined) {
    if (!isPlainObject(user)) return false;
    const limits = AWARENESS_LIMITS;
    if (!optionalText(user.name, limits.name) || !optionalText(user.color, limits.color) || !optionalText(user.id, limits.userId)) return false;
  }
  if (!(cell === undefined || cell === null || isCellKey(cell))) return false;
  return editing === undefined || typeof editing === 'boolean';
}

/**
 * The entry as the server accepts it: `role` set to the connection's role (a client cannot claim
 * to be the facilitator), `stage` kept only from facilitators and only when well-formed. A
 * removal (null) passes unchanged; a state that is not a JSON object, or breaks the presence
 * schema, is refused (null).
 */
export function stampAwarenessEntry(entry: AwarenessEntry, role: Role): AwarenessEntry | null {
  if (entry.state === null) return entry;
  if (!isPlainObject(entry.state) || !fitsAwarenessSchema(entry.state)) return null;
  const state: Record<string, unknown> = { ...entry.state, [AWARENESS_ROLE_FIELD]: role };
  if (role !== 'facilitator' || parseStage(state[AWARENESS_STAGE_FIELD]) === null) delete state[AWARENESS_STAGE_FIELD];
  return { ...entry, state, json: JSON.stringify(state) };
}
