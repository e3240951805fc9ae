/** Moves in a comparison are the fewest that explain the new order, found in O(n log n). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareMatrices } from '../../shared/versions/compare.ts';
import { DEFAULT_SCALE } from '../../shared/scale.ts';
import type { AxisItem, MatrixData } from '../../shared/schema.ts';

const matrix = (ids: readonly string[]): MatrixData => ({
  meta: { schemaVersion: 1, title: 'T', description: '', createdAt: '' },
  scale: DEFAULT_SCALE.map((l) => ({ ...l })),
  parties: ids.map((id, i): AxisItem => ({ id, name: id.toUpperCase(), description: '', order: String(i) })),
  issues: [],
  cells: [],
});

/** Length of a longest increasing subsequence, the plain quadratic way. */
function lisLength(seq: readonly number[]): number {
  const best = seq.map(() => 1);
  for (let i = 0; i < seq.length; i++) for (let j = 0; j < i; j++) if (seq[j]! < seq[i]! && best[j]! + 1 > best[i]!) best[i] = best[j]! + 1;
  return Math.max(0, ...best);
}

describe('compare: moved parties', () => {
  it('moves the fewest items, and the others keep their relative order', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.integer({ min: 0, max: 200 }), { maxLength: 40 })
          .chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length }))),
        ([before, after]) => {
          const ids = (xs: number[]) => xs.map((x) => `p${x}`);
          const moved = compareMatrices(matrix(ids(before)), matrix(ids(after))).parties.moved;
          const position = new Map(after.map((x, i) => [x, i]));
          expect(moved).toHaveLength(before.length - lisLength(before.map((x) => position.get(x)!)));
          const movedIds = new Set(moved.map((m) => m.id));
          const stayed = ids(before).filter((id) => !movedIds.has(id));
          expect(ids(after).filter((id) => stayed.includes(id))).toEqual(stayed);
          for (const m of moved) expect(ids(after)[m.toIndex]).toBe(m.id);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('compares 20,000 shuffled parties quickly', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `p${i}`);
    const shuffled = [...ids].reverse();
    const started = performance.now();
    const moved = compareMatrices(matrix(ids), matrix(shuffled)).parties.moved;
    expect(moved).toHaveLength(19_999);
    // The quadratic version took minutes here (4·10^8 steps plus an indexOf per moved item).
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
