/** POST /api/import with upload progress (XMLHttpRequest: fetch cannot report upload progress). */
import { ApiError } from '../lib/errors.ts';

export interface ImportIssue {
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

/** A 422 from the importer: the file was refused and nothing was created. */
export class ImportRefused extends Error {
  constructor(
    message: string,
    readonly details: ImportIssue[],
  ) {
    super(message);
    this.name = 'ImportRefused';
  }
}

export type ImportKind = 'json' | 'csv';

export function importKind(file: File): ImportKind | null {
  if (/\.json$/i.test(file.name) || file.type === 'application/json') return 'json';
  if (/\.(csv|tsv|txt)$/i.test(file.name) || file.type === 'text/csv') return 'csv';
  return null;
}

export function uploadImport(file: File, kind: ImportKind, on: { progress(fraction: number): void; uploaded(): void }): Promise<{ id: string; title: string }> {
  const query = new URLSearchParams({ kind });
  // A CSV carries no title: name the matrix after the file.
  if (kind === 'csv') query.set('title', file.name.replace(/\.[^.]+$/, '').slice(0, 200) || 'Imported matrix');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/import?${query}`);
    xhr.setRequestHeader('content-type', kind === 'json' ? 'application/json' : 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && on.progress(event.loaded / event.total);
    xhr.upload.onload = () => on.uploaded();
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Cannot reach the Stance Grid server. Check your connection and try again.'));
    xhr.onload = () => {
      const body = xhr.response as { id?: string; title?: string; error?: { code?: string; message?: string; details?: ImportIssue[] } } | null;
      if (xhr.status === 201 && body?.id) return resolve({ id: body.id, title: body.title ?? '' });
      const message = body?.error?.message ?? `The server answered ${xhr.status}.`;
      if (xhr.status === 422) return reject(new ImportRefused(message, body?.error?.details ?? []));
      reject(new ApiError(xhr.status, body?.error?.code ?? 'http', message));
    };
    xhr.send(file);
  });
}
