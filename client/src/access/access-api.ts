/** HTTP calls for roles, share links and the lock (server side: see README, "Share links and roles"). */
import type { Role, ShareTokens } from '../../../shared/access.ts';
import type { AccessInfo, Links, LockState } from '../../../shared/api.ts';
import { request } from '../lib/api.ts';

export type { AccessInfo };

const base = (matrixId: string) => `/api/matrices/${encodeURIComponent(matrixId)}`;

/** What a token grants on a matrix (401 when the token is not valid for it). */
export function getAccess(matrixId: string, token: string): Promise<AccessInfo> {
  return request(`${base(matrixId)}/access`, { token });
}

/** The three links' tokens (facilitator only). */
export async function getLinks(matrixId: string, token: string): Promise<ShareTokens> {
  return (await request<Links>(`${base(matrixId)}/links`, { token })).tokens;
}

/** Replaces one role's link: everyone using the old one is disconnected (facilitator only). */
export async function rotateLink(matrixId: string, role: Role, token: string): Promise<ShareTokens> {
  return (await request<Links>(`${base(matrixId)}/links/${role}/rotate`, { method: 'POST', token })).tokens;
}

export async function setLock(matrixId: string, locked: boolean, token: string): Promise<boolean> {
  const body = await request<LockState>(`${base(matrixId)}/lock`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ locked } satisfies LockState),
    token,
  });
  return body.locked;
}
