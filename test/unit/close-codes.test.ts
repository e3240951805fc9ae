import { describe, expect, it } from 'vitest';
import { CloseCode, CloseReason, closeAdvice, closeMessage, isDeadToken } from '../../shared/api.ts';

describe('close codes and their wording', () => {
  it('every code has a wire reason that fits a close frame (123 bytes)', () => {
    for (const code of Object.values(CloseCode)) {
      expect(CloseReason[code]).toBeTruthy();
      expect(new TextEncoder().encode(CloseReason[code]).length).toBeLessThanOrEqual(123);
    }
  });

  it('permanent refusals get a heading and advice; others fall back to the reason', () => {
    expect(closeMessage(CloseCode.unauthorized, 'Missing or invalid token')).toBe('This link is not valid');
    expect(closeAdvice(CloseCode.linkRevoked)).toMatch(/Ask them for the new one/);
    expect(closeMessage(CloseCode.shuttingDown, '')).toBe('Server shutting down');
    expect(closeMessage(4999, '')).toBe('The server closed the connection (4999)');
    expect(closeAdvice(null)).toMatch(/cannot be opened/);
    expect(closeMessage(CloseCode.outdatedClient, CloseReason[CloseCode.outdatedClient])).toBe('This page is out of date; reload to continue');
    expect(closeAdvice(CloseCode.outdatedClient)).toMatch(/Reload the page/);
  });

  it('only a refused or replaced link makes the token dead', () => {
    const dead = Object.values(CloseCode).filter(isDeadToken);
    expect(dead.sort()).toEqual([CloseCode.unauthorized, CloseCode.linkRevoked]);
  });
});
