/** HTTP calls for snapshots, compare, restore and export URLs (server/api-versions.ts). */
import type { MatrixData } from '../../../shared/schema.ts';
import type { CompareResponse, SnapshotInfo, SnapshotView } from '../../../shared/versions/snapshot.ts';
import { request } from '../lib/api.ts';

/** A version of a matrix: the live one or a snapshot id. */
export type VersionId = 'current' | string;

export type ExportFormat = 'json' | 'csv' | 'xlsx' | 'md';

export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON' },
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel (XLSX)' },
  { format: 'md', label: 'Markdown' },
];

const base = (matrixId: string) => `/api/matrices/${encodeURIComponent(matrixId)}`;
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function listSnapshots(matrixId: string): Promise<SnapshotInfo[]> {
  return (await request<{ snapshots: SnapshotInfo[] }>(`${base(matrixId)}/snapshots`)).snapshots;
}

export function takeSnapshot(matrixId: string, fields: { name: string; note: string; createdBy: string }): Promise<SnapshotInfo> {
  return request(`${base(matrixId)}/snapshots`, json(fields));
}

export function getSnapshot(matrixId: string, sid: string): Promise<SnapshotView> {
  return request(`${base(matrixId)}/snapshots/${encodeURIComponent(sid)}`);
}

export function getVersion(matrixId: string, which: VersionId): Promise<MatrixData> {
  return which === 'current' ? request(base(matrixId)) : getSnapshot(matrixId, which);
}

export function compareVersions(matrixId: string, from: VersionId, to: VersionId): Promise<CompareResponse> {
  const q = new URLSearchParams({ from, to });
  return request(`${base(matrixId)}/compare?${q}`);
}

export function restoreSnapshot(matrixId: string, sid: string): Promise<{ id: string; title: string }> {
  return request(`${base(matrixId)}/snapshots/${encodeURIComponent(sid)}/restore`, json({}));
}

export function exportUrl(matrixId: string, format: ExportFormat, snapshotId?: string): string {
  const q = new URLSearchParams({ format });
  if (snapshotId) q.set('snapshot', snapshotId);
  return `${base(matrixId)}/export?${q}`;
}
