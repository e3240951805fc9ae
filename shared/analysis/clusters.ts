/**
 * Agglomerative hierarchical clustering of parties (average linkage, UPGMA) on the distance
 * 1 − agreement, giving the merge tree and a leaf order for the alignment heat map, in which
 * coalitions then appear as blocks.
 */
import type { PairAnalysis } from './pairs.ts';

/** A leaf (one party) or an earlier merge (its index in `merges`). */
export type ClusterNode = { party: string } | { merge: number };

export interface ClusterMerge {
  /** The side holding the party that comes first in the matrix's order. */
  left: ClusterNode;
  right: ClusterNode;
  /**
   * Average of 1 − agreement over the pairs across the two sides that share at least one issue;
   * null when no such pair exists (the sides have nothing in common to compare).
   */
  distance: number | null;
  /** Every party in the merged cluster, in leaf order. */
  parties: string[];
}

export interface Clusters {
  /** Parties in dendrogram leaf order (left before right at every merge). */
  order: string[];
  /** Merges in the order they happen: defined distances ascending, then the null ones. */
  merges: ClusterMerge[];
}

interface Group {
  node: ClusterNode;
  /** Indices into the party list, in leaf order. */
  members: number[];
  /** Smallest member index: ties and left/right are decided by it. */
  first: number;
}

const EPSILON = 1e-12;

/**
 * Merges the closest two clusters until one is left. Ties (equal distance within 1e-12) go to
 * the pair whose clusters come first in party order. Pairs of parties with no shared issue
 * (agreement null) have no distance and are left out of every average; two clusters with no
 * such pair between them merge only after every defined merge, first-in-order first.
 */
export function clusterParties(partyIds: readonly string[], pairs: readonly PairAnalysis[]): Clusters {
  const index = new Map(partyIds.map((id, i) => [id, i]));
  const count = partyIds.length;
  const distance: (number | null)[][] = Array.from({ length: count }, () => Array<number | null>(count).fill(null));
  for (const p of pairs) {
    const i = index.get(p.a);
    const j = index.get(p.b);
    if (i === undefined || j === undefined || p.agreement === null) continue;
    const row = distance[i];
    const col = distance[j];
    if (row) row[j] = 1 - p.agreement;
    if (col) col[i] = 1 - p.agreement;
  }
  const linkage = (x: Group, y: Group): number | null => {
    let sum = 0;
    let n = 0;
    for (const i of x.members) {
      for (const j of y.members) {
        const d = distance[i]?.[j];
        if (d === null || d === undefined) continue;
        sum += d;
        n++;
      }
    }
    return n === 0 ? null : sum / n;
  };
  let groups: Group[] = partyIds.map((party, i) => ({ node: { party }, members: [i], first: i }));
  const merges: ClusterMerge[] = [];
  while (groups.length > 1) {
    // groups stay sorted by `first`, so scanning x < y visits pairs in tie-break order.
    let best: { x: number; y: number; d: number | null } | null = null;
    for (let x = 0; x < groups.length; x++) {
      for (let y = x + 1; y < groups.length; y++) {
        const gx = groups[x];
        const gy = groups[y];
        if (!gx || !gy) continue;
        const d = linkage(gx, gy);
        if (best === null) best = { x, y, d };
        else if (d !== null && (best.d === null || d < best.d - EPSILON)) best = { x, y, d };
      }
    }
    if (!best) break;
    const left = groups[best.x];
    const right = groups[best.y];
    if (!left || !right) break;
    const members = [...left.members, ...right.members];
    merges.push({ left: left.node, right: right.node, distance: best.d, parties: members.map((i) => partyIds[i] ?? '') });
    const merged: Group = { node: { merge: merges.length - 1 }, members, first: left.first };
    groups = [...groups.filter((g) => g !== left && g !== right), merged].sort((a, b) => a.first - b.first);
  }
  const root = groups[0];
  return { order: root ? root.members.map((i) => partyIds[i] ?? '') : [], merges };
}
