import type { MatrixCounts } from '../../../shared/schema.ts';
import type { ShareTokens } from '../../../shared/access.ts';
import { ApiError } from './errors.ts';

export interface MatrixSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  counts: MatrixCounts;
}

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
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const message = typeof error?.message === 'string' ? error.message : `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(res.status, typeof error?.code === 'string' ? error.code : 'http', message);
  }
  if (body === null) throw new ApiError(res.status, 'bad-response', 'The server sent an unreadable answer.');
  return body as T;
}

/** The server's list; open unless it has a create token, then that token is needed. */
export async function listMatrices(createToken: string | null = null): Promise<MatrixSummary[]> {
  const body = await request<{ matrices: MatrixSummary[] }>('/api/matrices', { token: createToken });
  return body.matrices;
}

/** A matrix just made (new, imported or restored): its three links' tokens, shown once to its creator. */
export interface CreatedMatrix {
  id: string;
  title: string;
  tokens: ShareTokens;
}

export async function createMatrix(title: string, createToken: string | null, description = ''): Promise<CreatedMatrix> {
  return request('/api/matrices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, description }),
    token: createToken,
  });
}
