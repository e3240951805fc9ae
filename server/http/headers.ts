/**
 * Security headers on every response (API, static files, errors), set before anything else runs.
 * The CSP fits the built client (dist/index.html has no inline script or style; Svelte sets
 * styles through the CSSOM, which style-src does not restrict): scripts and styles only from
 * this origin; images also data: (the favicon) and blob: (the PNG export); connections to this
 * origin (CSP3 'self' covers ws:/wss: of the same host); the service worker (/sw.js) from this origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeadersHook(frameAncestors: string) {
  const headers: Record<string, string> = {
    'content-security-policy': contentSecurityPolicy(frameAncestors),
    'x-content-type-options': 'nosniff',
    // Share links carry the token in the fragment; keep every URL out of Referer anyway.
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    ...(frameAncestors === "'none'" ? { 'x-frame-options': 'DENY' } : {}),
  };
  return (_req: IncomingMessage, res: ServerResponse): void => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };
}
