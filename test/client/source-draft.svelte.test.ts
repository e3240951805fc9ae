import { describe, expect, it } from 'vitest';
import type { SourceFields } from '../../shared/schema.ts';
import { SourceDraft } from '../../client/src/editor/source-draft.svelte.ts';

const FIELDS: SourceFields = {
  quote: 'We will not negotiate.',
  speaker: 'A speaker',
  document: 'Interview',
  date: '2025-03-01',
  link: 'https://example.org/a',
};

describe('SourceDraft: the source form before it reaches the doc', () => {
  it('saves a valid draft once, as plain fields', () => {
    const draft = new SourceDraft();
    draft.fields = { ...FIELDS };
    const saved: SourceFields[] = [];
    expect(draft.submit((f) => saved.push(f))).toBe(true);
    expect(saved).toEqual([FIELDS]);
    expect(draft.error).toBeNull();
  });

  it.each([
    ['quote', { quote: '   ' }],
    ['link', { link: 'javascript:alert(1)' }],
    ['date', { date: '1 March' }],
  ] as const)('refuses a bad %s without saving and marks that field', (field, patch) => {
    const draft = new SourceDraft({ ...FIELDS, ...patch });
    let saved = 0;
    expect(draft.submit(() => saved++)).toBe(false);
    expect(saved).toBe(0);
    expect(draft.error?.field).toBe(field);
    expect(draft.invalid(field)).toBe('true');
    expect(draft.invalid(field === 'quote' ? 'link' : 'quote')).toBeUndefined();
  });

  it("shows the model's own refusal and keeps the draft", () => {
    const draft = new SourceDraft(FIELDS);
    const ok = draft.submit(() => {
      throw new Error('boom');
    });
    expect(ok).toBe(false);
    expect(draft.error?.field).toBeNull();
    expect(draft.error?.message).toBeTruthy();
    expect(draft.fields.quote).toBe(FIELDS.quote);
  });
});
