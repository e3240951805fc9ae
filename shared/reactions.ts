/**
 * Reactions (issue 11.15): anyone with a link, viewers included, can mark a cell with agree,
 * question or disagree. They travel on their own small channel (MessageType.reaction, one
 * varString of JSON each way), never in the Y.Doc: a viewer's socket still cannot change the
 * matrix. The server keeps them in memory for as long as the matrix is loaded (a workshop
 * session); they are not stored, not in history, and not in snapshots or exports.
 *
 * Pure: the kinds, the messages and their validation, and the table both sides count with.
 */
import * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';
import { axisMap } from './matrix.ts';
import { parseCellKey } from './schema.ts';
import { MessageType } from './protocol.ts';

export const REACTION_KINDS = ['agree', 'question', 'disagree'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];

/**
 * Each kind's mark and label. The issue's 👍 ❓ ⚠ are drawn as ✓ ? ⚠: glyphs every common font
 * has, so a projector laptop without an emoji font still shows them.
 */
export const REACTION_SYMBOL: Record<ReactionKind, { mark: string; label: string }> = {
  agree: { mark: '✓', label: 'Agree' },
  question: { mark: '?', label: 'Question' },
  disagree: { mark: '⚠', label: 'Disagree' },
};

export const isReactionKind = (value: unknown): value is ReactionKind => (REACTION_KINDS as readonly unknown[]).includes(value);

/** A browser's reaction key (random, kept in localStorage): who "one person" is. Never sent to others. */
export const REACTION_PERSON_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** How many of each kind a cell has (kinds with none are left out). */
export type ReactionCounts = Partial<Record<ReactionKind, number>>;

/** Client → server. */
export type ReactionRequest =
  /** Who this socket reacts as; sent once after each connect, answered with `state`. */
  | { t: 'hello'; person: string }
  /** Adds this person's reaction of `kind` to `cell`, or takes it back. */
  | { t: 'toggle'; cell: string; kind: ReactionKind }
  /** Facilitators only: clears one cell's reactions, or every cell's when `cell` is left out. */
  | { t: 'clear'; cell?: string };

export type ReactionRefusal = 'cell' | 'rate' | 'bounds' | 'role' | 'hello';

/** Server → client. */
export type ReactionEvent =
  /** Every cell's counts, and the kinds this socket's person chose. */
  | { t: 'state'; counts: Record<string, ReactionCounts>; mine: Record<string, ReactionKind[]> }
  /** One cell changed. */
  | { t: 'cell'; cell: string; counts: ReactionCounts; mine: ReactionKind[] }
  /** A request was not carried out, with a sentence to show. */
  | { t: 'refused'; reason: ReactionRefusal; message: string };

/** One reaction frame (type + JSON), for either direction. */
export function encodeReactionFrame(message: ReactionRequest | ReactionEvent): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.reaction);
  encoding.writeVarString(encoder, JSON.stringify(message));
  return encoding.toUint8Array(encoder);
}

function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isCellString = (value: unknown): value is string => typeof value === 'string' && value.length <= 129 && parseCellKey(value) !== null;

/** A client's request, or null when it is not one (the server drops it). */
export function parseReactionRequest(json: string): ReactionRequest | null {
  const v = parseObject(json);
  if (!v) return null;
  if (v.t === 'hello') return typeof v.person === 'string' && REACTION_PERSON_PATTERN.test(v.person) ? { t: 'hello', person: v.person } : null;
  if (v.t === 'toggle') return isCellString(v.cell) && isReactionKind(v.kind) ? { t: 'toggle', cell: v.cell, kind: v.kind } : null;
  if (v.t === 'clear') {
    if (v.cell === undefined) return { t: 'clear' };
    return isCellString(v.cell) ? { t: 'clear', cell: v.cell } : null;
  }
  return null;
}

function parseCounts(value: unknown): ReactionCounts {
  const counts: ReactionCounts = {};
  if (typeof value !== 'object' || value === null) return counts;
  for (const kind of REACTION_KINDS) {
    const n = (value as Record<string, unknown>)[kind];
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) counts[kind] = n;
  }
  return counts;
}

const parseKinds = (value: unknown): ReactionKind[] => (Array.isArray(value) ? REACTION_KINDS.filter((k) => value.includes(k)) : []);

function parseRecord<T>(value: unknown, parse: (v: unknown) => T): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [cell, v] of Object.entries(value)) if (isCellString(cell)) out[cell] = parse(v);
  return out;
}

/** A server's event, or null when it is not one we understand (a newer or broken server). */
export function parseReactionEvent(json: string): ReactionEvent | null {
  const v = parseObject(json);
  if (!v) return null;
  if (v.t === 'state') return { t: 'state', counts: parseRecord(v.counts, parseCounts), mine: parseRecord(v.mine, parseKinds) };
  if (v.t === 'cell' && isCellString(v.cell)) return { t: 'cell', cell: v.cell, counts: parseCounts(v.counts), mine: parseKinds(v.mine) };
  if (v.t === 'refused' && typeof v.message === 'string') {
    const reason = (['cell', 'rate', 'bounds', 'role', 'hello'] as const).find((r) => r === v.reason) ?? 'bounds';
    return { t: 'refused', reason, message: v.message.slice(0, 300) };
  }
  return null;
}

/** Does the matrix have this cell (its party and its issue)? */
export function cellExists(doc: Y.Doc, cell: string): boolean {
  const parsed = parseCellKey(cell);
  return parsed !== null && axisMap(doc, 'parties').has(parsed.partyId) && axisMap(doc, 'issues').has(parsed.issueId);
}

/**
 * Who reacted how, per cell: one of each kind per person per cell. The server's state; the
 * reducer the unit tests pin down.
 */
export class ReactionTable {
  /** cell → kind → people. */
  #cells = new Map<string, Map<ReactionKind, Set<string>>>();
  /** person → how many reactions they hold. */
  #perPerson = new Map<string, number>();

  get people(): number {
    return this.#perPerson.size;
  }

  has(person: string): boolean {
    return this.#perPerson.has(person);
  }

  held(person: string): number {
    return this.#perPerson.get(person) ?? 0;
  }

  /** The cells that have any reaction. */
  cells(): string[] {
    return [...this.#cells.keys()];
  }

  /** Adds `person`'s `kind` on `cell`, or removes it if there: true when it is now on. */
  toggle(person: string, cell: string, kind: ReactionKind): boolean {
    let kinds = this.#cells.get(cell);
    if (!kinds) this.#cells.set(cell, (kinds = new Map()));
    let people = kinds.get(kind);
    if (!people) kinds.set(kind, (people = new Set()));
    const on = !people.has(person);
    if (on) people.add(person);
    else people.delete(person);
    this.#count(person, on ? 1 : -1);
    if (people.size === 0) kinds.delete(kind);
    if (kinds.size === 0) this.#cells.delete(cell);
    return on;
  }

  counts(cell: string): ReactionCounts {
    const counts: ReactionCounts = {};
    for (const [kind, people] of this.#cells.get(cell) ?? []) counts[kind] = people.size;
    return counts;
  }

  mine(person: string | null, cell: string): ReactionKind[] {
    const kinds = this.#cells.get(cell);
    return person === null || !kinds ? [] : REACTION_KINDS.filter((k) => kinds.get(k)?.has(person));
  }

  /** Every cell's counts and `person`'s own kinds (the `state` event). */
  snapshot(person: string | null): { counts: Record<string, ReactionCounts>; mine: Record<string, ReactionKind[]> } {
    const counts: Record<string, ReactionCounts> = {};
    const mine: Record<string, ReactionKind[]> = {};
    for (const cell of this.#cells.keys()) {
      counts[cell] = this.counts(cell);
      const own = this.mine(person, cell);
      if (own.length > 0) mine[cell] = own;
    }
    return { counts, mine };
  }

  /** Removes one cell's reactions, or all; returns the cells that had some. */
  clear(cell?: string): string[] {
    const cells = cell === undefined ? [...this.#cells.keys()] : this.#cells.has(cell) ? [cell] : [];
    for (const c of cells) {
      for (const people of this.#cells.get(c)?.values() ?? []) for (const person of people) this.#count(person, -1);
      this.#cells.delete(c);
    }
    return cells;
  }

  #count(person: string, delta: number): void {
    const n = (this.#perPerson.get(person) ?? 0) + delta;
    if (n > 0) this.#perPerson.set(person, n);
    else this.#perPerson.delete(person);
  }
}
