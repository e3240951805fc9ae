/** Reading a matrix version for routes: a stored snapshot (404 `snapshot-not-found` when missing) or the live matrix. */
import type { MatrixData } from '../../shared/schema.ts';
import { ITEM_ID_PATTERN } from '../../shared/ids.ts';
import { readExtras, type MatrixExtras } from '../../shared/exports/json.ts';
import { readTimelineData } from '../../shared/timeline/read.ts';
import { versionFromState, type SnapshotInfo } from '../../shared/versions/snapshot.ts';
import { HttpError } from '../http/respond.ts';
import type { AppContext } from './context.ts';

export interface Version {
  matrix: MatrixData;
  extras: MatrixExtras;
}

export function versionReader({ rooms, snapshots }: Pick<AppContext, 'rooms' | 'snapshots'>) {
  const notFound = (matrixId: string, sid: string) => new HttpError(404, 'snapshot-not-found', `Matrix "${matrixId}" has no snapshot "${sid}".`);

  return {
    requireSnapshot(matrixId: string, sid: string): SnapshotInfo {
      const info = ITEM_ID_PATTERN.test(sid) ? snapshots.get(matrixId, sid) : undefined;
      if (!info) throw notFound(matrixId, sid);
      return info;
    },
    snapshotVersion(matrixId: string, info: SnapshotInfo): Version {
      const state = snapshots.state(matrixId, info.id);
      if (!state) throw notFound(matrixId, info.id);
      return versionFromState(state);
    },
    currentVersion(matrixId: string): Version {
      return rooms.withDoc(matrixId, (doc) => ({ matrix: readTimelineData(doc), extras: readExtras(doc) }));
    },
  };
}
