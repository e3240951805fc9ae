/**
 * The demo's facilitator link, when the server gives it to this browser: only on the machine that
 * runs the server (GET /api/demo/links; README "Security model — HTTP"). Null anywhere else.
 */
import type { Links } from '../../../shared/api.ts';
import { shareUrl } from '../../../shared/access.ts';
import { DEMO_MATRIX_ID } from '../../../shared/demo.ts';
import { request } from '../lib/api.ts';
import type { ServerConfig } from '../access/server-config.svelte.ts';

export async function localDemoLink(config: ServerConfig): Promise<string | null> {
  try {
    // The server says whether it would answer (GET /api/config); elsewhere, do not even ask.
    await config.load();
    if (!config.demoLinksHere) return null;
    const { tokens } = await request<Links>('/api/demo/links');
    return typeof tokens?.facilitator === 'string' ? shareUrl(location.origin, DEMO_MATRIX_ID, tokens.facilitator) : null;
  } catch {
    return null;
  }
}
