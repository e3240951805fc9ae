/** The client's reading of the server's access message (MessageType.access): only valid JSON of the contract counts. */
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { parseAccessMessage, readAccessMessage } from '../../client/src/access/access-message.ts';
import { rejectionText } from '../../shared/access.ts';

describe('access message', () => {
  it('reads role, lock and a rejection from one varString of JSON', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, JSON.stringify({ role: 'editor', locked: true, rejected: { reason: 'locked' } }));
    expect(readAccessMessage(decoding.createDecoder(encoding.toUint8Array(encoder)))).toEqual({ role: 'editor', locked: true, rejected: { reason: 'locked' } });
  });

  it('refuses anything that is not the contract (unknown role, missing lock, garbage)', () => {
    for (const bad of ['', 'not json', 'null', '[]', '{"role":"admin","locked":false}', '{"role":"viewer"}', '{"role":"viewer","locked":"yes"}']) {
      expect(parseAccessMessage(bad), bad).toBe(null);
    }
    expect(readAccessMessage(decoding.createDecoder(new Uint8Array([200])))).toBe(null); // truncated
  });

  it('treats a rejection with an unknown reason as read-only, so the page still rolls back', () => {
    expect(parseAccessMessage('{"role":"viewer","locked":false,"rejected":{"reason":"??"}}')?.rejected).toEqual({ reason: 'read-only' });
    expect(parseAccessMessage('{"role":"viewer","locked":false}')?.rejected).toBeUndefined();
  });

  it("carries the server's reason for an invalid change, and the page's sentence shows it", () => {
    const message = parseAccessMessage('{"role":"editor","locked":false,"rejected":{"reason":"invalid","message":"A note must be text (got a number)."}}');
    expect(message?.rejected).toEqual({ reason: 'invalid', message: 'A note must be text (got a number).' });
    expect(rejectionText(message!.rejected!)).toMatch(/does not fit the matrix.*A note must be text/);
    expect(rejectionText({ reason: 'quota' })).toMatch(/full/);
    expect(rejectionText({ reason: 'rate' })).toMatch(/Too many changes/);
  });
});
