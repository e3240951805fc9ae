/**
 * The address a request comes from. X-Forwarded-For is trusted only when configured
 * (TRUST_PROXY): anyone can send that header, so trusting it by default would let a client pick
 * its own rate-limit key. Behind one proxy, its last entry is the address the proxy saw.
 */
import type { IncomingMessage } from 'node:http';

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').at(-1)?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
