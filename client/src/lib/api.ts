/** fetch for the JSON API (shared/api.ts is the contract: response types, error body). */
import type * as v from 'valibot';
import type { CreatedMatrix, ErrorBody, MatrixList, MatrixSummary, NewMatrixBody } from '../../../shared/api.ts';
import { ApiError } from './errors.ts';

export type { CreatedMatrix, MatrixSummary };

/** `token`: the matrix token (or the server's create token) sent as `Authorization: Bearer`. */
export type RequestOptions = RequestInit & { token?: string | null };

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { token, ...init } = options;
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers } });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Stance Grid server. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    // Checked field by field: a proxy's error page is not our ErrorBody.
    const error = (body as Partial<Record<keyof ErrorBody, { code?: unknown; message?: unknown }>> | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(res.status, typeof error?.code === 'string' ? error.code : 'http', message);
  }
  if (body === null) throw new ApiError(res.status, 'bad-response', 'The server sent an unreadable answer.');
  return body as T;
}

/** The server's list; open unless it has a create token, then that token is needed. */
export async function listMatrices(createToken: string | null = null): Promise<MatrixSummary[]> {
  const body = await request<MatrixList>('/api/matrices', { token: createToken });
  return body.matrices;
}

export async function createMatrix(title: string, createToken: string | null, description = ''): Promise<CreatedMatrix> {
  return request('/api/matrices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, description } satisfies v.InferInput<typeof NewMatrixBody.schema>),
    token: createToken,
  });
}
