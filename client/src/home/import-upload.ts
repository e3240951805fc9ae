/** POST /api/import with upload progress (XMLHttpRequest: fetch cannot report upload progress). */
import { isToken, ROLES, type ShareTokens } from '../../../shared/access.ts';
import type { CreatedMatrix, ErrorBody, ImportIssue, ImportKind, ImportResult } from '../../../shared/api.ts';
import { ApiError } from '../lib/errors.ts';

export type { ImportIssue, ImportKind };

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

export function importKind(file: File): ImportKind | null {
  if (/\.json$/i.test(file.name) || file.type === 'application/json') return 'json';
  if (/\.(csv|tsv|txt)$/i.test(file.name) || file.type === 'text/csv') return 'csv';
  return null;
}

const hasTokens = (value: unknown): value is ShareTokens => !!value && ROLES.every((role) => isToken((value as Record<string, unknown>)[role]));

/** `createToken`: the server's create token when it has one (Authorization: Bearer). */
export function uploadImport(
  file: File,
  kind: ImportKind,
  createToken: string | null,
  on: { progress(fraction: number): void; uploaded(): void },
): Promise<CreatedMatrix> {
  const query = new URLSearchParams({ kind });
  // A CSV carries no title: name the matrix after the file.
  if (kind === 'csv') query.set('title', file.name.replace(/\.[^.]+$/, '').slice(0, 200) || 'Imported matrix');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/import?${query}`);
    xhr.setRequestHeader('content-type', kind === 'json' ? 'application/json' : 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    if (createToken) xhr.setRequestHeader('authorization', `Bearer ${createToken}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && on.progress(event.loaded / event.total);
    xhr.upload.onload = () => on.uploaded();
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Cannot reach the Stance Grid server. Check your connection and try again.'));
    xhr.onload = () => {
      // Checked field by field: a proxy's error page is neither shape.
      const body = xhr.response as (Partial<Omit<ImportResult, 'tokens'>> & { tokens?: unknown } & Partial<ErrorBody>) | null;
      if (xhr.status === 201 && body?.id && hasTokens(body.tokens)) return resolve({ id: body.id, title: body.title ?? '', tokens: body.tokens });
      const message = body?.error?.message ?? `The server answered ${xhr.status}.`;
      if (xhr.status === 422) return reject(new ImportRefused(message, body?.error?.details ?? []));
      reject(new ApiError(xhr.status, body?.error?.code ?? 'http', message));
    };
    xhr.send(file);
  });
}
