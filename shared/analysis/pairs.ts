/** Party alignment: agreement over shared issues, MACTOR-style convergence and divergence. */
import type { MatrixData } from '../schema.ts';
import { cellKey } from '../schema.ts';
import type { Coded } from './coded.ts';

export interface PairAnalysis {
  /** Party ids, `a` before `b` in the matrix's party order. */
  a: string;
  b: string;
  /** Issues both parties hold a valued stance on. */
  n: number;
  /** Mean over those issues of 1 − |a − b| / span (span 6 on −3…+3); null when n = 0. */
  agreement: number | null;
  /** Shared issues where both are on the same side of 0 (a · b > 0). */
  convergent: number;
  /** Shared issues where they are on opposite sides (a · b < 0). A 0 is on neither side. */
  divergent: number;
}

export function analysePairs(data: MatrixData, coded: Coded): PairAnalysis[] {
  const out: PairAnalysis[] = [];
  const value = (partyId: string, issueId: string) => coded.byKey.get(cellKey(partyId, issueId))?.value ?? null;
  for (let i = 0; i < data.parties.length; i++) {
    for (let j = i + 1; j < data.parties.length; j++) {
      const a = data.parties[i]?.id ?? '';
      const b = data.parties[j]?.id ?? '';
      let n = 0;
      let sum = 0;
      let convergent = 0;
      let divergent = 0;
      for (const issue of data.issues) {
        const va = value(a, issue.id);
        const vb = value(b, issue.id);
        if (va === null || vb === null) continue;
        n++;
        sum += coded.span === 0 ? 1 : 1 - Math.abs(va - vb) / coded.span;
        if (va * vb > 0) convergent++;
        else if (va * vb < 0) divergent++;
      }
      out.push({ a, b, n, agreement: n === 0 ? null : sum / n, convergent, divergent });
    }
  }
  return out;
}
