import type { MatrixCounts } from '../../../shared/schema.ts';
import { ApiError } from './errors.ts';

export interface MatrixSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  counts: MatrixCounts;
}

export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', ...init?.headers } });
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

export async function listMatrices(): Promise<MatrixSummary[]> {
  const body = await request<{ matrices: MatrixSummary[] }>('/api/matrices');
  return body.matrices;
}

export async function createMatrix(title: string, description = ''): Promise<{ id: string; title: string }> {
  return request('/api/matrices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, description }),
  });
}
