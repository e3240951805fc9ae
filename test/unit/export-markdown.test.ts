import { describe, expect, it } from 'vitest';
import { escapeMarkdown, exportMarkdown } from '../../shared/exports/markdown.ts';
import { asciiFileName, exportFileName } from '../../shared/exports/filename.ts';
import { DEMO, EXPORTED_AT, demoMatrix, richMatrix, sourceCount } from './export-fixtures.ts';

/** The cells of a GFM table row, split on unescaped pipes. */
const cellsOf = (line: string) =>
  line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe('Markdown export', () => {
  it('is a grid table with one row per party and one column per issue', () => {
    const matrix = demoMatrix();
    const md = exportMarkdown(matrix, { exportedAt: EXPORTED_AT });
    const lines = md.split('\n');
    expect(lines[0]).toBe(`# ${DEMO.title}`);
    expect(md).toContain('_Exported 2026-11-22 14:05 UTC from Stance Grid._');
    const start = lines.findIndex((l) => l.startsWith('| Party |'));
    expect(cellsOf(lines[start]!)).toEqual(['Party', ...matrix.issues.map((i) => i.name)]);
    expect(lines[start + 1]).toBe(`| --- |${' --- |'.repeat(matrix.issues.length)}`);
    const rows = lines.slice(start + 2, start + 2 + matrix.parties.length).map(cellsOf);
    expect(rows.map((r) => r[0])).toEqual(matrix.parties.map((p) => `**${p.name}**`));
    for (const r of rows) expect(r).toHaveLength(matrix.issues.length + 1);
    const first = matrix.cells.find((c) => c.partyId === matrix.parties[0]!.id && c.issueId === matrix.issues[0]!.id)!;
    const level = matrix.scale.find((l) => l.id === first.stance)!;
    expect(rows[0]![1]).toBe(`${level.symbol} ${level.label}` + first.sources.map((_, i) => `[^${i + 1}]`).join(''));
  });

  it('numbers a footnote per source, listing quote, speaker, document, date, link', () => {
    const matrix = demoMatrix();
    const md = exportMarkdown(matrix);
    const defs = md.split('\n').filter((l) => /^\[\^\d+\]: /.test(l));
    expect(defs).toHaveLength(sourceCount(matrix));
    expect(defs.map((d) => Number(/^\[\^(\d+)\]/.exec(d)?.[1]))).toEqual(defs.map((_, i) => i + 1));
    const s = matrix.cells[0]!.sources[0]!;
    expect(defs[0]).toBe(`[^1]: “${s.quote}” — ${s.speaker}, *${s.document}*, ${s.date}`);
    expect(md).toContain('**Legend:** −3 Rejects (Firm, public refusal) · −2 Opposes');
    expect(md).toContain('## Notes');
  });

  it('escapes pipes and Markdown in user text, keeps links as autolinks', () => {
    const md = exportMarkdown(richMatrix());
    expect(md).toContain('| Party | Ceasefire | Hostages \\| prisoners | Rafah crossing |');
    expect(md).toContain('Who wants \\| what \\*now\\*');
    expect(md).toMatch(/\*Statement \\\| 2\*, 2026-01-06/);
    expect(md).toContain('<https://example.org/a?b=1&c=2>');
    // A source-only cell shows a dash plus its markers; a note-only cell is empty in the grid.
    const hamas = md.split('\n').find((l) => l.startsWith('| **Hamas**'))!;
    expect(cellsOf(hamas)[1]).toMatch(/^—\[\^\d+\]$/);
    expect(md).toContain('- **Égypte — Rafah crossing:** \tTab-led note');
    expect(md).toContain('Only after \\*all\\* hostages return.<br>Second line.');
    expect(escapeMarkdown('<script>|[x](y)`')).toBe('\\<script\\>\\|\\[x\\](y)\\`');
  });

  it('says in each footnote whether the quote was verified against its document, from the statuses passed in', () => {
    const matrix = demoMatrix();
    const [a, b, c] = matrix.cells.flatMap((cell) => cell.sources);
    const md = exportMarkdown(matrix, {
      evidence: { status: { [a!.id]: 'verified', [b!.id]: 'altered', [c!.id]: 'no-document' }, titles: { [a!.documentId!]: 'Cautious Russia | awaits' } },
    });
    const defs = md.split('\n').filter((l) => /^\[\^\d+\]: /.test(l));
    expect(defs[0]).toMatch(/ \(verified against \*Cautious Russia \\\| awaits\*\)$/);
    expect(defs[1]).toMatch(/ \(altered: differs from (\*.+\*|its document)\)$/);
    expect(defs[2]).toMatch(/ \(not checked: no document\)$/);
    expect(defs[3]).not.toMatch(/\((verified|altered|not)/);
  });

  it('names a snapshot export by its snapshot', () => {
    const md = exportMarkdown(demoMatrix(), { exportedAt: EXPORTED_AT, snapshot: { id: 's1', name: 'after Jeddah', createdAt: '2025-03-12T09:00:00.000Z' } });
    expect(md).toContain('_Snapshot “after Jeddah” of 2025-03-12 09:00 UTC, exported 2026-11-22 14:05 UTC from Stance Grid._');
  });
});

describe('export file names', () => {
  it('carry the title and the time or snapshot name, in safe characters', () => {
    const title = 'Ukraine ceasefire talks, March 2025';
    expect(exportFileName(title, new Date('2026-11-22T14:05:09Z'), 'csv', { utc: true })).toBe('Ukraine-ceasefire-talks-March-2025_2026-11-22_1405.csv');
    expect(exportFileName(title, 'after Jeddah (11 March)', '.xlsx')).toBe('Ukraine-ceasefire-talks-March-2025_after-Jeddah-11-March.xlsx');
    expect(exportFileName('../../etc/passwd', 'x/y\\z', 'md')).toBe('etc-passwd_x-y-z.md');
    expect(exportFileName('Genève: “talks”', 'a', 'json')).toBe('Genève-talks_a.json');
    expect(exportFileName('!!!', '???', 'csv')).toBe('stance-grid_snapshot.csv');
    const local = new Date(2026, 0, 2, 3, 4);
    expect(exportFileName('T', local, 'csv')).toBe('T_2026-01-02_0304.csv');
  });

  it('has an ASCII fallback for Content-Disposition', () => {
    expect(asciiFileName('Genève-talks_a.json')).toBe('Geneve-talks_a.json');
    expect(asciiFileName('Переговоры_a.csv')).toBe('stance-grid_a.csv');
    expect(asciiFileName('Talks in Київ_2026-01-02_0304.csv')).toBe('Talks-in_2026-01-02_0304.csv');
  });
});
