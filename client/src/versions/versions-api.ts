/** HTTP calls for snapshots, compare, restore and export URLs (server/routes/versions.ts, server/routes/files.ts). */
import type * as v from 'valibot';
import type { MatrixData } from '../../../shared/schema.ts';
import {
  EXPORT_FORMATS as FORMATS,
  type CompareResponse,
  type CreatedMatrix,
  type ExportFormat,
  type ExportLink,
  type NewSnapshotBody,
  type RevertResult,
  type SnapshotInfo,
  type SnapshotList,
  type SnapshotView,
} from '../../../shared/api.ts';
import { request } from '../lib/api.ts';

export type { ExportFormat };

/** A version of a matrix: the live one or a snapshot id. */
export type VersionId = 'current' | string;

/** The server's export formats, as menu items. */
export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = (Object.keys(FORMATS) as ExportFormat[]).map((format) => ({
  format,
  label: FORMATS[format].label,
}));

const base = (matrixId: string) => `/api/matrices/${encodeURIComponent(matrixId)}`;
const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

// `token`: the page's matrix token (viewer+ to read, editor+ to snapshot or restore).
export async function listSnapshots(matrixId: string, token: string | null): Promise<SnapshotInfo[]> {
  return (await request<SnapshotList>(`${base(matrixId)}/snapshots`, { token })).snapshots;
}

export function takeSnapshot(matrixId: string, fields: v.InferInput<typeof NewSnapshotBody.schema>, token: string | null): Promise<SnapshotInfo> {
  return request(`${base(matrixId)}/snapshots`, { ...json(fields), token });
}

export function getSnapshot(matrixId: string, sid: string, token: string | null): Promise<SnapshotView> {
  return request(`${base(matrixId)}/snapshots/${encodeURIComponent(sid)}`, { token });
}

export function getVersion(matrixId: string, which: VersionId, token: string | null): Promise<MatrixData> {
  return which === 'current' ? request(base(matrixId), { token }) : getSnapshot(matrixId, which, token);
}

export function compareVersions(matrixId: string, from: VersionId, to: VersionId, token: string | null): Promise<CompareResponse> {
  const q = new URLSearchParams({ from, to });
  return request(`${base(matrixId)}/compare?${q}`, { token });
}

/** A new matrix from a snapshot; the server's create token goes in X-Create-Token when it has one. */
export function restoreSnapshot(matrixId: string, sid: string, token: string | null, createToken: string | null): Promise<CreatedMatrix> {
  const init = json({});
  return request(`${base(matrixId)}/snapshots/${encodeURIComponent(sid)}/restore`, {
    ...init,
    headers: { ...init.headers, ...(createToken ? { 'x-create-token': createToken } : {}) },
    token,
  });
}

/** Writes a snapshot's content on top of the live matrix, after a "Before revert" snapshot (facilitator). */
export function revertToSnapshot(matrixId: string, sid: string, by: string, token: string | null): Promise<RevertResult> {
  return request(`${base(matrixId)}/snapshots/${encodeURIComponent(sid)}/revert`, { ...json({ by }), token });
}

/** The export's address, without a token: opened directly it is refused (401); `downloadExport` is what downloads. */
export function exportUrl(matrixId: string, format: ExportFormat, snapshotId: string | undefined): string {
  const q = new URLSearchParams({ format });
  if (snapshotId) q.set('snapshot', snapshotId);
  return `${base(matrixId)}/export?${q}`;
}

/**
 * Downloads an export without the token ever being in a URL: the token goes in the Authorization
 * header of a request for a single-use link (valid 60 s), which the browser then downloads.
 */
export async function downloadExport(matrixId: string, format: ExportFormat, snapshotId: string | undefined, token: string | null): Promise<void> {
  const { url } = await request<ExportLink>(`${base(matrixId)}/export-links`, { ...json({ format, ...(snapshotId ? { snapshot: snapshotId } : {}) }), token });
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.append(a);
  a.click();
  a.remove();
}
