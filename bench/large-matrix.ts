/** A large, realistic matrix for benchmarks: 60 parties × 80 issues, two sources per cell. */
import * as Y from 'yjs';
import { addAxisItem, addSource, initMatrix, setNote, setStance } from '../shared/matrix.ts';
import { DEFAULT_SCALE } from '../shared/scale.ts';
import { SEED_ORIGIN } from '../shared/origins.ts';

export function buildLargeMatrix(parties = 60, issues = 80, sourcesPerCell = 2): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    initMatrix(doc, { title: `Large matrix ${parties} × ${issues}` }, SEED_ORIGIN);
    const ps = Array.from({ length: parties }, (_, n) =>
      addAxisItem(doc, 'parties', { id: `p${n}`, name: `Party ${n + 1}`, description: 'A party' }, SEED_ORIGIN),
    );
    const is = Array.from({ length: issues }, (_, n) => addAxisItem(doc, 'issues', { id: `i${n}`, name: `Issue number ${n + 1}` }, SEED_ORIGIN));
    let k = 0;
    for (const p of ps) {
      for (const i of is) {
        const level = DEFAULT_SCALE[k++ % DEFAULT_SCALE.length]!;
        setStance(doc, p, i, level.id, SEED_ORIGIN);
        if (k % 7 === 0) setNote(doc, p, i, 'Coded from two statements; see sources.', SEED_ORIGIN);
        for (let s = 0; s < sourcesPerCell; s++) {
          addSource(
            doc,
            p,
            i,
            {
              quote: `Statement ${k}.${s}: we are in favour of a truce with both hands, but we need at least framework guarantees and at least from the United States.`,
              speaker: 'Senior official, foreign ministry',
              document: 'Wire report',
              date: '2025-03-12',
              link: 'https://example.org/report',
              addedBy: 'Bench',
              addedAt: '2025-03-12T10:00:00.000Z',
            },
            SEED_ORIGIN,
          );
        }
      }
    }
  }, SEED_ORIGIN);
  return doc;
}
