/**
 * Is this request from a browser on the server's own machine, talking to it directly? Used to
 * hand the demo's links to whoever runs the server locally (GET /api/demo/links), and nobody else.
 *
 * All of these must hold: the TCP peer is a loopback address; the Host header names loopback
 * (`localhost`, `127.0.0.1`, `[::1]`), so a site that rebinds its DNS name to 127.0.0.1 is refused;
 * no forwarding header (`Forwarded`, `X-Forwarded-*`, `X-Real-IP`) and the server not configured
 * behind a proxy (TRUST_PROXY): a reverse proxy on the same host also connects from loopback, and
 * the requests it forwards come from anywhere; and an `Origin`, when sent, is that same origin.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip'];

function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** `localhost:8080` → `localhost`; `[::1]:8080` → `[::1]`. */
function hostName(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.trim().toLowerCase());
  return match?.[1] ?? '';
}

export function isSameMachineRequest(req: IncomingMessage, trustProxy: boolean): boolean {
  if (trustProxy || !isLoopbackAddress(req.socket.remoteAddress)) return false;
  if (FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) return false;
  const host = req.headers.host;
  if (!host || !LOOPBACK_HOSTS.has(hostName(host))) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host.toLowerCase()}`;
}
