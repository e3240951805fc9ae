/**
 * The demo's facilitator link, when the server gives it to this browser: only on the machine that
 * runs the server (GET /api/demo/links; README "Security model — HTTP"). Null anywhere else.
 */
import type { Links } from '../../../shared/api.ts';
import { shareUrl } from '../../../shared/access.ts';
import { DEMO_MATRIX_ID } from '../../../shared/demo.ts';
import { request } from '../lib/api.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export async function localDemoLink(): Promise<string | null> {
  // The server answers only a loopback address; elsewhere, do not even ask.
  if (!LOOPBACK.has(location.hostname)) return null;
  try {
    const { tokens } = await request<Links>('/api/demo/links');
    return typeof tokens?.facilitator === 'string' ? shareUrl(location.origin, DEMO_MATRIX_ID, tokens.facilitator) : null;
  } catch {
    return null;
  }
}
