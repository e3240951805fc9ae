/**
 * Every analysis figure against values worked out by hand (the arithmetic is in the comments).
 * Default scale: rejects −3, opposes −2, sceptical −1, ambiguous 0, open +1, supports +2,
 * demands +3; conditional and no-position have no value.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyseMatrix } from '../../shared/analysis/index.ts';
import { clusterParties } from '../../shared/analysis/clusters.ts';
import { median, populationSd, weightedMedian } from '../../shared/analysis/stats.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import type { Cell, MatrixData, Source } from '../../shared/schema.ts';
import { analyseDoc } from '../../shared/analysis/doc.ts';
import { addAxisItem } from '../../shared/matrix.ts';
import { addPosition } from '../../shared/positions.ts';
import { MatrixError } from '../../shared/errors.ts';
import { replicas } from '../utils/docs.ts';

const item = (id: string, k: number) => ({ id, name: id, description: '', order: `a${k}` });
const source = (id: string, speaker: string): Source => ({ id, quote: 'q', speaker, document: '', date: '', link: '', addedBy: '', addedAt: '', order: id });

type Row = [party: string, issue: string, stance: string, salience?: number, sources?: Source[]];

function matrix(parties: string[], issues: string[], rows: Row[]): MatrixData {
  const cells: Cell[] = rows.map(([partyId, issueId, stance, salience, sources]) => ({
    partyId,
    issueId,
    stance,
    note: '',
    sources: sources ?? [],
    ...(salience === undefined ? {} : { salience }),
  }));
  return {
    meta: { schemaVersion: 2, title: 'T', description: '', createdAt: '' },
    scale: DEFAULT_SCALE.map((l) => ({ ...l })),
    parties: parties.map(item),
    issues: issues.map(item),
    cells,
  };
}

/**
 * Parties in the order A, C, B, D, E (so clustering has something to reorder).
 *        i1            i2               i3               i4            i5
 *   A    demands +3    rejects −3 (100) supports +2 (10) ambiguous 0   —
 *   B    supports +2   opposes −2 (20)  open +1 (10)     ambiguous 0   —
 *   C    open +1       supports +2 (30) no-position      conditional   —
 *   D    supports +2   demands +3 (50)  ambiguous 0 (90) —             —
 *   E    conditional   —                —                —             —
 * (salience in brackets; unset = 50)
 */
function sample(): MatrixData {
  return matrix(
    ['A', 'C', 'B', 'D', 'E'],
    ['i1', 'i2', 'i3', 'i4', 'i5'],
    [
      ['A', 'i1', 'demands', undefined, [source('s1', 'Putin')]],
      ['A', 'i2', 'rejects', 100, [source('s2', '')]],
      ['A', 'i3', 'supports', 10],
      ['A', 'i4', 'ambiguous'],
      ['C', 'i1', 'open'],
      ['C', 'i2', 'supports', 30],
      ['C', 'i3', 'no-position'],
      ['C', 'i4', 'conditional'],
      ['B', 'i1', 'supports'],
      ['B', 'i2', 'opposes', 20],
      ['B', 'i3', 'open', 10],
      ['B', 'i4', 'ambiguous'],
      ['D', 'i1', 'supports'],
      ['D', 'i2', 'demands'],
      ['D', 'i3', 'ambiguous', 90],
      ['E', 'i1', 'conditional'],
    ],
  );
}

const zeros = Object.fromEntries(DEFAULT_SCALE.map((l) => [l.id, 0]));

describe('per issue', () => {
  const issues = new Map(analyseMatrix(sample()).issues.map((i) => [i.issueId, i]));

  it('i1: null levels counted apart, never averaged', () => {
    // Coded: A +3, C +1, B +2, D +2, E conditional → n = 5, valued 4: [1, 2, 2, 3].
    // mean = 8/4 = 2; median = (2 + 2)/2 = 2; sd = sqrt((1 + 0 + 0 + 1)/4) = sqrt(0.5).
    // weighted median (all 50): W = 200; C(1) = 50, C(2) = 150 → 2·150 > 200 → 2.
    // low = 0/5; high = 3/5 (+3, +2, +2); polarisation = 2·min(0, 0.6) = 0; no split.
    expect(issues.get('i1')).toEqual({
      issueId: 'i1',
      n: 5,
      valued: 4,
      counts: { ...zeros, demands: 1, supports: 2, open: 1, conditional: 1 },
      mean: 2,
      median: 2,
      sd: Math.sqrt(0.5),
      weightedMedian: 2,
      low: 0,
      high: 0.6,
      polarisation: 0,
      split: false,
      rank: 2,
    });
  });

  it('i2: a split issue, and a weighted median that lands exactly on half the weight', () => {
    // Values A −3 (100), B −2 (20), C +2 (30), D +3 (50): mean 0, median (−2 + 2)/2 = 0,
    // sd = sqrt((9 + 4 + 4 + 9)/4) = sqrt(6.5).
    // Weighted: W = 200; C(−3) = 100 → 2·100 = 200 = W exactly → midpoint of −3 and −2 = −2.5.
    // low = 2/4, high = 2/4 → polarisation = 2·0.5 = 1; split.
    const i2 = issues.get('i2');
    expect(i2).toMatchObject({ n: 4, valued: 4, mean: 0, median: 0, weightedMedian: -2.5, low: 0.5, high: 0.5, polarisation: 1, split: true, rank: 4 });
    expect(i2?.sd).toBeCloseTo(Math.sqrt(6.5), 12);
  });

  it('i3: unequal weights pull the weighted median away from the median', () => {
    // Values A +2 (10), B +1 (10), D 0 (90); C no-position not valued. n = 4, valued 3.
    // median of [0, 1, 2] = 1; mean = 1; sd = sqrt((1 + 0 + 1)/3) = sqrt(2/3).
    // Weighted: W = 110; C(0) = 90 → 2·90 = 180 > 110 → 0.
    // high = 1/4 (A at +2), low = 0 → polarisation 0.
    const i3 = issues.get('i3');
    expect(i3).toMatchObject({ n: 4, valued: 3, mean: 1, median: 1, weightedMedian: 0, low: 0, high: 0.25, polarisation: 0, split: false, rank: 3 });
    expect(i3?.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(i3?.counts).toEqual({ ...zeros, supports: 1, open: 1, 'no-position': 1, ambiguous: 1 });
  });

  it('i4: a tie of identical values, i5: nothing coded', () => {
    // A 0, B 0, C conditional: mean 0, median 0, sd 0, weighted median 0 (W = 100, C(0) = 100 > 50).
    expect(issues.get('i4')).toMatchObject({ n: 3, valued: 2, mean: 0, median: 0, sd: 0, weightedMedian: 0, split: false, rank: 1 });
    expect(issues.get('i5')).toEqual({
      issueId: 'i5',
      n: 0,
      valued: 0,
      counts: zeros,
      mean: null,
      median: null,
      sd: null,
      weightedMedian: null,
      low: 0,
      high: 0,
      polarisation: 0,
      split: false,
      rank: 5,
    });
  });

  it('ranks consensus to split: no split by polarisation then sd (i4 sd 0, i1 0.71, i3 0.82), then split i2, then empty i5', () => {
    expect(analyseMatrix(sample()).issues.map((i) => i.issueId)).toEqual(['i4', 'i1', 'i3', 'i2', 'i5']);
  });
});

describe('weighted median: tie handling', () => {
  it('equal weights give the ordinary median, odd and even', () => {
    // [1, 2, 3, 4] at 50 each: W = 200; C(2) = 100 = W/2 → (2 + 3)/2 = 2.5.
    expect(weightedMedian([1, 2, 3, 4].map((value) => ({ value, weight: 50 })))).toBe(2.5);
    expect(weightedMedian([3, 1, 2].map((value) => ({ value, weight: 7 })))).toBe(2);
  });

  it('pools equal values, ignores zero weights, and is null without weight', () => {
    // −1 (30) + −1 (30) = 60 against +3 (50): W = 110, C(−1) = 60 → 120 > 110 → −1.
    expect(
      weightedMedian([
        { value: -1, weight: 30 },
        { value: 3, weight: 50 },
        { value: -1, weight: 30 },
      ]),
    ).toBe(-1);
    // The zero-weight −3 does not count: only +2 (10) → +2.
    expect(
      weightedMedian([
        { value: -3, weight: 0 },
        { value: 2, weight: 10 },
      ]),
    ).toBe(2);
    expect(weightedMedian([{ value: 1, weight: 0 }])).toBeNull();
    expect(weightedMedian([])).toBeNull();
  });

  it('stats helpers: median and population sd', () => {
    expect(median([5, 1, 3])).toBe(3);
    // Population sd of [2, 4, 4, 4, 5, 5, 7, 9] is exactly 2 (the sample sd would be 2.138).
    expect(populationSd([2, 4, 4, 4, 5, 5, 7, 9])).toBe(2);
  });
});

describe('pairs', () => {
  const pairs = new Map(analyseMatrix(sample()).pairs.map((p) => [`${p.a}-${p.b}`, p]));

  it('lists every pair once, in party order', () => {
    expect([...pairs.keys()]).toEqual(['A-C', 'A-B', 'A-D', 'A-E', 'C-B', 'C-D', 'C-E', 'B-D', 'B-E', 'D-E']);
  });

  it('agreement = mean of 1 − |a − b|/6 over shared valued issues, with convergence and divergence', () => {
    // A–B on i1..i4: |3−2|, |−3+2|, |2−1|, |0−0| = 1, 1, 1, 0 → (5/6·3 + 1)/4 = 3.5/4 = 0.875.
    // Same sign on i1, i2, i3; i4 is 0 and 0: neither.
    expect(pairs.get('A-B')).toEqual({ a: 'A', b: 'B', n: 4, agreement: 0.875, convergent: 3, divergent: 0 });
    // A–C on i1, i2 (C's i3, i4 are null levels): |3−1| = 2, |−3−2| = 5 → (4/6 + 1/6)/2 = 5/12.
    expect(pairs.get('A-C')?.agreement).toBeCloseTo(5 / 12, 12);
    expect(pairs.get('A-C')).toMatchObject({ n: 2, convergent: 1, divergent: 1 });
    // A–D on i1, i2, i3: 1, 6, 2 → (5/6 + 0 + 4/6)/3 = 0.5; i3 has D at 0: neither side.
    expect(pairs.get('A-D')).toEqual({ a: 'A', b: 'D', n: 3, agreement: 0.5, convergent: 1, divergent: 1 });
    // C–D on i1, i2: 1, 1 → 5/6.
    expect(pairs.get('C-D')?.agreement).toBeCloseTo(5 / 6, 12);
    expect(pairs.get('C-D')).toMatchObject({ n: 2, convergent: 2, divergent: 0 });
    // B–D on i1, i2, i3: 0, 5, 1 → (1 + 1/6 + 5/6)/3 = 2/3.
    expect(pairs.get('B-D')?.agreement).toBeCloseTo(2 / 3, 12);
    // C–B on i1, i2: 1, 4 → (5/6 + 2/6)/2 = 7/12.
    expect(pairs.get('C-B')?.agreement).toBeCloseTo(7 / 12, 12);
  });

  it('a party with no shared valued issue has n = 0 and agreement null with everyone', () => {
    for (const other of ['A', 'C', 'B', 'D']) expect(pairs.get(`${other}-E`)).toEqual({ a: other, b: 'E', n: 0, agreement: null, convergent: 0, divergent: 0 });
  });
});

describe('clusters', () => {
  it('average linkage merges by hand-computed distances; the party without shared issues joins last', () => {
    // Distances 1 − agreement: AB 1/8, CD 1/6, BD 1/3, BC 5/12, AD 1/2, AC 7/12; E none.
    // 1. A+B at 0.125.  2. C+D at 1/6 (AB–C = (7/12 + 5/12)/2 = 1/2, AB–D = (1/2 + 1/3)/2 = 5/12).
    // 3. AB+CD at (7/12 + 6/12 + 5/12 + 4/12)/4 = 11/24.  4. E, with no distance: null.
    const { clusters } = analyseMatrix(sample());
    expect(clusters.merges.map((m) => [m.left, m.right, m.parties])).toEqual([
      [{ party: 'A' }, { party: 'B' }, ['A', 'B']],
      [{ party: 'C' }, { party: 'D' }, ['C', 'D']],
      [{ merge: 0 }, { merge: 1 }, ['A', 'B', 'C', 'D']],
      [{ merge: 2 }, { party: 'E' }, ['A', 'B', 'C', 'D', 'E']],
    ]);
    const d = clusters.merges.map((m) => m.distance);
    expect(d[0]).toBeCloseTo(1 / 8, 12);
    expect(d[1]).toBeCloseTo(1 / 6, 12);
    expect(d[2]).toBeCloseTo(11 / 24, 12);
    expect(d[3]).toBeNull();
    // Leaf order: the heat map shows A, B (a block) then C, D, though the matrix lists A, C, B, D.
    expect(clusters.order).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('equal distances merge the pair that comes first in party order', () => {
    const pair = (a: string, b: string) => ({ a, b, n: 3, agreement: 0.5, convergent: 0, divergent: 0 });
    const result = clusterParties(['P', 'Q', 'R'], [pair('P', 'Q'), pair('P', 'R'), pair('Q', 'R')]);
    expect(result.merges.map((m) => [m.parties, m.distance])).toEqual([
      [['P', 'Q'], 0.5],
      [['P', 'Q', 'R'], 0.5],
    ]);
  });

  it('handles no party and a single party', () => {
    expect(clusterParties([], [])).toEqual({ order: [], merges: [] });
    expect(clusterParties(['P'], [])).toEqual({ order: ['P'], merges: [] });
  });
});

describe('evidence', () => {
  it('counts coded cells with a verified direct source, unsourced and contested cells', () => {
    // A: 4 coded; sources on i1 (speaker Putin) and i2 (no speaker); contested: A|i2.
    const isVerifiedDirect = (s: Source) => s.speaker !== '';
    const { evidence } = analyseMatrix(sample(), { isVerifiedDirect, contested: ['A|i2', 'gone|i9'] });
    expect(evidence.parties.find((p) => p.id === 'A')).toEqual({ id: 'A', coded: 4, verified: 1, share: 0.25, unsourced: 2, contested: 1 });
    expect(evidence.issues.find((i) => i.id === 'i2')).toEqual({ id: 'i2', coded: 4, verified: 0, share: 0, unsourced: 3, contested: 1 });
    expect(evidence.issues.find((i) => i.id === 'i5')).toEqual({ id: 'i5', coded: 0, verified: 0, share: null, unsourced: 0, contested: 0 });
    // 16 coded cells, one verified.
    expect(evidence.total).toEqual({ coded: 16, verified: 1, share: 1 / 16, unsourced: 14, contested: 1 });
  });

  it('without a verification function any source counts', () => {
    const { evidence } = analyseMatrix(sample());
    expect(evidence.parties.find((p) => p.id === 'A')).toMatchObject({ verified: 2, share: 0.5 });
    expect(evidence.total).toMatchObject({ verified: 2, share: 2 / 16, contested: 0 });
  });
});

describe('analysis: robustness', () => {
  it('ignores cells of deleted parties or issues and stances outside the scale', () => {
    const data = sample();
    data.cells.push({ partyId: 'gone', issueId: 'i1', stance: 'rejects', note: '', sources: [] });
    data.cells.push({ partyId: 'A', issueId: 'i5', stance: 'level-deleted-since', note: '', sources: [] });
    expect(analyseMatrix(data)).toEqual(analyseMatrix(sample()));
  });

  it('is plain JSON (the API returns it as is)', () => {
    const result = analyseMatrix(sample());
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });
});

describe('analysis: properties', () => {
  const LEVELS = DEFAULT_SCALE.map((l) => l.id);
  const arbitraryMatrix = fc
    .array(fc.option(fc.record({ stance: fc.constantFrom(...LEVELS), salience: fc.integer({ min: 0, max: 100 }) }), { nil: null }), {
      minLength: 20,
      maxLength: 20,
    })
    .map((grid) => {
      const parties = ['p0', 'p1', 'p2', 'p3'];
      const issues = ['i0', 'i1', 'i2', 'i3', 'i4'];
      const rows: Row[] = [];
      grid.forEach((cell, k) => {
        if (cell) rows.push([parties[Math.floor(k / 5)] ?? 'p0', issues[k % 5] ?? 'i0', cell.stance, cell.salience]);
      });
      return matrix(parties, issues, rows);
    });

  it('agreement is symmetric and in [0, 1]; n counts shared valued issues', () => {
    fc.assert(
      fc.property(arbitraryMatrix, (data) => {
        const forward = analyseMatrix(data).pairs;
        const backward = analyseMatrix({ ...data, parties: [...data.parties].reverse() }).pairs;
        for (const p of forward) {
          const q = backward.find((x) => x.a === p.b && x.b === p.a);
          expect(q).toMatchObject({ n: p.n, agreement: p.agreement, convergent: p.convergent, divergent: p.divergent });
          if (p.agreement !== null) {
            expect(p.agreement).toBeGreaterThanOrEqual(0);
            expect(p.agreement).toBeLessThanOrEqual(1);
          }
          expect(p.agreement === null).toBe(p.n === 0);
          expect(p.convergent + p.divergent).toBeLessThanOrEqual(p.n);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the weighted median lies within the values, and equals the median for equal weights', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ value: fc.integer({ min: -3, max: 3 }), weight: fc.integer({ min: 1, max: 100 }) }), { minLength: 1 }), (items) => {
        const wm = weightedMedian(items) ?? NaN;
        const values = items.map((i) => i.value);
        expect(wm).toBeGreaterThanOrEqual(Math.min(...values));
        expect(wm).toBeLessThanOrEqual(Math.max(...values));
        expect(weightedMedian(values.map((value) => ({ value, weight: 50 })))).toBe(median(values));
      }),
      { numRuns: 300 },
    );
  });

  it('the cluster order is a permutation of the parties, with n − 1 merges', () => {
    fc.assert(
      fc.property(arbitraryMatrix, (data) => {
        const { clusters } = analyseMatrix(data);
        expect([...clusters.order].sort()).toEqual(data.parties.map((p) => p.id).sort());
        expect(clusters.merges).toHaveLength(data.parties.length - 1);
        expect(clusters.merges.at(-1)?.parties).toEqual(clusters.order);
      }),
      { numRuns: 100 },
    );
  });
});

describe('analysis of a live document', () => {
  it('changes with an edit, and as of a day gives that day’s figures', () => {
    const [doc] = replicas(1);
    for (const p of ['ru', 'ua']) addAxisItem(doc!, 'parties', { id: p, name: p });
    addAxisItem(doc!, 'issues', { id: 'cf', name: 'Ceasefire' });
    addPosition(doc!, 'ru', 'cf', { stance: 'no-position', date: '2025-03-12' });
    addPosition(doc!, 'ua', 'cf', { stance: 'supports', date: '2025-03-11' });
    // Only Ukraine is valued: mean +2.
    expect(analyseDoc(doc!).issues[0]).toMatchObject({ n: 2, valued: 1, mean: 2 });
    addPosition(doc!, 'ru', 'cf', { stance: 'opposes', date: '2025-03-18' });
    // Now +2 and −2: mean 0, split, agreement 1 − 4/6 = 1/3.
    const now = analyseDoc(doc!);
    expect(now.issues[0]).toMatchObject({ n: 2, valued: 2, mean: 0, split: true });
    expect(now.pairs[0]?.agreement).toBeCloseTo(1 / 3, 12);
    // As of 11 March only Ukraine is coded.
    expect(analyseDoc(doc!, { asOf: '2025-03-11' }).issues[0]).toMatchObject({ n: 1, valued: 1, mean: 2 });
    expect(() => analyseDoc(doc!, { asOf: '11 March' })).toThrowError(MatrixError);
  });
});
