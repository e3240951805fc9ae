/** Helpers shared by the exporters: the context of an export, stance lookup, cell iteration. */
import type { StanceLevel } from '../scale.ts';
import { INVALID_VALUE } from '../matrix.ts';
import { cellKey, type AxisItem, type Cell, type MatrixData, type Source } from '../schema.ts';
import type { VerificationStatus } from '../evidence/verify.ts';

/**
 * What the server knows of the sources' evidence when it exports (exports stay pure: it is
 * passed in as data). Absent in a client-side export, whose evidence columns are then empty.
 */
export interface ExportEvidence {
  /** Verification status by source id. */
  status: Record<string, VerificationStatus>;
  /** The library's document titles by id. */
  titles: Record<string, string>;
}

/** The `Document ID`, `Verification` and `Kind` columns of a source (CSV and XLSX). */
export function evidenceColumns(s: Source, evidence: ExportEvidence | undefined): [string, string, string] {
  return [asText(s.documentId), asText(evidence?.status[s.id]), asText(s.kind)];
}

/** Where an export comes from: the live matrix (no snapshot) or a named snapshot. */
export interface ExportContext {
  /** Defaults to now. */
  exportedAt?: Date;
  matrixId?: string;
  snapshot?: { id: string; name: string; createdAt: string };
  /** Verification statuses and document titles, from the server. */
  evidence?: ExportEvidence;
  /** Contested cells (`contestedFromHistory`): cell key → competing stance ids; absent = none shown. */
  contested?: ReadonlyMap<string, readonly (string | null)[]>;
}

/** "−2 Opposes / +2 Supports" for a contested cell's candidates, or "" when it is not contested. */
export function contestedText(matrix: MatrixData, key: string, contested: ExportContext['contested']): string {
  const candidates = contested?.get(key);
  if (!candidates) return '';
  const levels = scaleById(matrix);
  return candidates.map((id) => (id === null ? 'not coded' : levels.get(id) ? stanceText(levels.get(id)!) : id)).join(' / ');
}

/**
 * A copy with exactly the MatrixData fields, so API extras (id, updatedAt, snapshot, asOf) never
 * leak in; the timeline (positions, salience, events) when the matrix was read with it.
 */
export function plainMatrix(m: MatrixData): MatrixData {
  return {
    meta: { schemaVersion: m.meta.schemaVersion, title: m.meta.title, description: m.meta.description, createdAt: m.meta.createdAt },
    scale: m.scale.map((l) => ({
      id: l.id,
      label: l.label,
      symbol: l.symbol,
      value: l.value,
      color: l.color,
      textColor: l.textColor,
      order: l.order,
      description: l.description,
    })),
    parties: m.parties.map(plainItem),
    issues: m.issues.map(plainItem),
    cells: m.cells.map((c) => ({
      partyId: c.partyId,
      issueId: c.issueId,
      stance: c.stance,
      note: c.note,
      sources: c.sources.map((s) => ({
        id: s.id,
        quote: s.quote,
        speaker: s.speaker,
        document: s.document,
        date: s.date,
        link: s.link,
        addedBy: s.addedBy,
        addedAt: s.addedAt,
        order: s.order,
        // Evidence fields only when set, so older matrices export exactly as before.
        ...(s.documentId !== undefined && { documentId: s.documentId }),
        ...(s.selector !== undefined && { selector: { ...s.selector } }),
        ...(s.kind !== undefined && { kind: s.kind }),
      })),
      ...(c.positions
        ? { positions: c.positions.map((p) => ({ id: p.id, stance: p.stance, date: p.date, note: p.note, by: p.by, at: p.at, sources: [...p.sources] })) }
        : {}),
      ...(c.salience !== undefined ? { salience: c.salience } : {}),
    })),
    ...(m.events ? { events: m.events.map((e) => ({ id: e.id, date: e.date, label: e.label })) } : {}),
  };
}

function plainItem(i: AxisItem): AxisItem {
  // Aliases and keywords only when set, as the reader gives them.
  return {
    id: i.id,
    name: i.name,
    description: i.description,
    order: i.order,
    ...(i.aliases !== undefined && { aliases: i.aliases }),
    ...(i.keywords !== undefined && { keywords: i.keywords }),
  };
}

export function scaleById(matrix: MatrixData): Map<string, StanceLevel> {
  return new Map(matrix.scale.map((l) => [l.id, l]));
}

/** "−2 Opposes": the symbol first, so the text alone carries the stance (never colour alone). */
export function stanceText(level: StanceLevel): string {
  return `${asText(level.symbol)} ${asText(level.label)}`;
}

export interface GridCell {
  party: AxisItem;
  issue: AxisItem;
  cell: Cell | undefined;
  level: StanceLevel | undefined;
}

/** Every party × issue position in display order, with its cell data if any. */
export function* gridCells(matrix: MatrixData): Generator<GridCell> {
  const cells = new Map(matrix.cells.map((c) => [cellKey(c.partyId, c.issueId), c]));
  const levels = scaleById(matrix);
  for (const party of matrix.parties) {
    for (const issue of matrix.issues) {
      const cell = cells.get(cellKey(party.id, issue.id));
      yield { party, issue, cell, level: cell?.stance ? levels.get(cell.stance) : undefined };
    }
  }
}

/**
 * A value as cell text. Exports write only strings from user data: an object (say `{ formula }`
 * from a doc written around the schema guard) must never reach exceljs, which would run it.
 */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '';
  return INVALID_VALUE;
}

/** Only absolute http(s) addresses become links, in every export. */
export function isWebLink(v: unknown): v is string {
  return typeof v === 'string' && /^https?:\/\/[^\s]+$/i.test(v);
}

/** "2025-03-26 14:05 UTC": an export's time stamp, readable and zone-explicit. */
export function formatUtc(date: Date): string {
  if (Number.isNaN(date.getTime())) return 'an unknown time';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
