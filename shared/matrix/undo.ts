/** What a per-user undo manager tracks. */
import type * as Y from 'yjs';
import { historyArray } from '../history.ts';
import { commentsMap, threadsMap } from '../comments.ts';
import { eventsMap, positionsMap, salienceMap } from '../timeline/store.ts';
import { axisMap, metaMap, notesMap, sourceOrderMap, sourcesMap, stancesMap } from './maps.ts';

/**
 * The shared types a per-user Y.UndoManager should track. It includes `history`, so undoing an
 * edit also removes the entry that recorded it: the log and the data stay consistent (the
 * previous stance entry becomes the head again) instead of the log claiming a value the cell
 * no longer has. The scale is left out: only the server writes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Y.UndoManager's own scope type
export function undoScope(doc: Y.Doc): Y.AbstractType<any>[] {
  return [
    metaMap(doc),
    axisMap(doc, 'parties'),
    axisMap(doc, 'issues'),
    stancesMap(doc),
    notesMap(doc),
    sourcesMap(doc),
    sourceOrderMap(doc),
    historyArray(doc),
    commentsMap(doc),
    threadsMap(doc),
    positionsMap(doc),
    salienceMap(doc),
    eventsMap(doc),
  ];
}
