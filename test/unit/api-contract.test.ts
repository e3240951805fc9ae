import { describe, expect, it } from 'vitest';
import { AsOfQuery, EXPORT_FORMATS, NewSnapshotBody } from '../../shared/api.ts';
import { XLSX_MIME } from '../../shared/exports/xlsx.ts';
import { validate } from '../../server/http/body.ts';
import { HttpError } from '../../server/http/respond.ts';

const refusal = (value: unknown) => {
  try {
    validate(NewSnapshotBody, value);
  } catch (err) {
    if (err instanceof HttpError) return [err.status, err.code, err.message];
  }
  return null;
};

describe('shared API contract', () => {
  it('the XLSX export type is the one the writer uses (kept literal so the client bundle needs no XLSX writer)', () => {
    expect(EXPORT_FORMATS.xlsx.type).toBe(XLSX_MIME);
  });

  it('a body refusal carries the code of the field that failed, with a message saying what to send', () => {
    expect(validate(NewSnapshotBody, { name: '  Before   the vote ', createdBy: 'Ana' })).toEqual({ name: 'Before the vote', createdBy: 'Ana', note: '' });
    expect(refusal({ createdBy: 'Ana' })).toEqual([400, 'invalid-name', 'The snapshot name must be text: { "name": "…" }.']);
    expect(refusal({ name: ' ', createdBy: 'Ana' })).toEqual([400, 'invalid-name', 'The snapshot name cannot be empty.']);
    expect(refusal({ name: 'x', createdBy: 'Ana', note: 1 })).toEqual([400, 'invalid-note', 'The note must be text.']);
    expect(refusal([])).toEqual([400, 'invalid-body', 'Send { "name": "…", "createdBy": "…" }.']);
  });

  it('?asOf= takes a real calendar day (YYYY-MM-DD) or nothing; anything else is invalid-date', () => {
    expect(validate(AsOfQuery, { asOf: '2025-03-12', token: 'x' })).toEqual({ asOf: '2025-03-12' });
    expect(validate(AsOfQuery, {})).toEqual({});
    for (const asOf of ['', '2025-3-12', '2025-02-29', '12/03/2025', '2025-03-12T00:00']) {
      expect(() => validate(AsOfQuery, { asOf }), asOf).toThrow(expect.objectContaining({ status: 400, code: 'invalid-date' }));
    }
  });
});
