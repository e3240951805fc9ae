/** Evidence health per party and per issue: how well the coded cells are sourced. */
import type { MatrixData, Source } from '../schema.ts';
import { cellKey } from '../schema.ts';
import type { Coded, CodedCell } from './coded.ts';

export interface EvidenceRow {
  /** Party or issue id. */
  id: string;
  /** Coded cells (any level). */
  coded: number;
  /** Coded cells with at least one source that counts as verified direct evidence. */
  verified: number;
  /** verified / coded; null when nothing is coded. */
  share: number | null;
  /** Coded cells without any source. */
  unsourced: number;
  /** Coded cells that are contested (competing stances). */
  contested: number;
}

export interface Evidence {
  parties: EvidenceRow[];
  issues: EvidenceRow[];
  total: Omit<EvidenceRow, 'id'>;
}

export interface EvidenceOptions {
  /** Whether a source counts as a verified direct source; default: any source counts. */
  isVerifiedDirect?: (source: Source) => boolean;
  /** Keys ("partyId|issueId") of contested cells (contestedCells(doc)); default none. */
  contested?: Iterable<string>;
}

export function analyseEvidence(data: MatrixData, coded: Coded, options: EvidenceOptions = {}): Evidence {
  const verifiedDirect = options.isVerifiedDirect ?? (() => true);
  const contested = new Set(options.contested ?? []);
  const row = (id: string, cells: readonly CodedCell[]): EvidenceRow => {
    const verified = cells.filter((c) => c.cell.sources.some(verifiedDirect)).length;
    return {
      id,
      coded: cells.length,
      verified,
      share: cells.length === 0 ? null : verified / cells.length,
      unsourced: cells.filter((c) => c.cell.sources.length === 0).length,
      contested: cells.filter((c) => contested.has(cellKey(c.partyId, c.issueId))).length,
    };
  };
  const { id: _all, ...total } = row('', coded.cells);
  return {
    parties: data.parties.map((p) =>
      row(
        p.id,
        coded.cells.filter((c) => c.partyId === p.id),
      ),
    ),
    issues: data.issues.map((i) =>
      row(
        i.id,
        coded.cells.filter((c) => c.issueId === i.id),
      ),
    ),
    total,
  };
}
