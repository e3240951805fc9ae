/**
 * The Markdown export: a briefing. A GitHub-flavoured grid table (stance symbol and label in
 * each cell, never colour), numbered footnotes for the sources, a legend, the analysts' notes, the
 * analysis and how positions moved (markdown-analysis.ts).
 */
import { cellKey, type MatrixData, type Source } from '../schema.ts';
import { asText, contestedText, formatUtc, gridCells, isWebLink, stanceText, type ExportContext, type ExportEvidence } from './common.ts';
import { analysisSection, movesSection } from './markdown-analysis.ts';

/** " (verified against *Title*)", or the status; "" when the export knows no verification (client side). */
function verificationNote(s: Source, evidence: ExportEvidence | undefined): string {
  const status = evidence?.status[s.id];
  if (!status) return '';
  const title = s.documentId ? evidence.titles[s.documentId] : undefined;
  const doc = title ? ` *${escapeMarkdown(title)}*` : '';
  switch (status) {
    case 'verified':
      return ` (verified against${doc || ' its document'})`;
    case 'altered':
      return ` (altered: differs from${doc || ' its document'})`;
    case 'not-found':
      return ` (not found in${doc || ' its document'})`;
    case 'no-document':
      return ' (not checked: no document)';
  }
}

/**
 * Makes user text literal inside Markdown: backslash-escapes the characters that would start
 * emphasis, links, code, HTML or (in a table) a new column, and turns line breaks into <br>.
 */
export function escapeMarkdown(value: unknown): string {
  return asText(value)
    .replace(/[\\`*_[\]<>|#~]/g, (ch) => `\\${ch}`)
    .replace(/\r\n?|\n/g, '<br>');
}

/** An http(s) address as an autolink (it cannot hold "<", ">" or spaces); anything else as plain, escaped text. */
function autolink(url: string): string {
  return isWebLink(url) && !/[<>]/.test(url) ? `<${url}>` : escapeMarkdown(url);
}

export function exportMarkdown(matrix: MatrixData, context: ExportContext = {}): string {
  const out: string[] = [];
  const { meta, issues } = matrix;
  out.push(`# ${escapeMarkdown(meta.title)}`, '');
  if (meta.description) out.push(escapeMarkdown(meta.description), '');
  const when = formatUtc(context.exportedAt ?? new Date());
  out.push(
    context.snapshot
      ? `_Snapshot “${escapeMarkdown(context.snapshot.name)}” of ${formatUtc(new Date(context.snapshot.createdAt))}, exported ${when} from Stance Grid._`
      : `_Exported ${when} from Stance Grid._`,
    '',
  );

  const footnotes: string[] = [];
  const notes: string[] = [];
  out.push(`| Party | ${issues.map((i) => escapeMarkdown(i.name)).join(' | ')} |`);
  out.push(`| --- |${issues.map(() => ' --- |').join('')}`);
  let row: string[] = [];
  let current = '';
  const flush = () => {
    if (current) out.push(`| ${row.join(' | ')} |`);
  };
  for (const { party, issue, cell, level } of gridCells(matrix)) {
    if (party.id !== current) {
      flush();
      current = party.id;
      row = [`**${escapeMarkdown(party.name)}**`];
    }
    let text = level ? escapeMarkdown(stanceText(level)) : cell?.sources.length ? '—' : '';
    const disputed = contestedText(matrix, cellKey(party.id, issue.id), context.contested);
    if (disputed) text += ` ⚡ _contested: ${escapeMarkdown(disputed)}_`;
    for (const s of cell?.sources ?? []) {
      const n = footnotes.length + 1;
      text += `[^${n}]`;
      const cite = [
        escapeMarkdown(s.speaker),
        s.document ? `*${escapeMarkdown(s.document)}*` : '',
        escapeMarkdown(s.date),
        s.link ? autolink(asText(s.link)) : '',
      ]
        .filter(Boolean)
        .join(', ');
      footnotes.push(`[^${n}]: “${escapeMarkdown(s.quote)}”${cite ? ` — ${cite}` : ''}${verificationNote(s, context.evidence)}`);
    }
    if (cell?.note) notes.push(`- **${escapeMarkdown(party.name)} — ${escapeMarkdown(issue.name)}:** ${escapeMarkdown(cell.note)}`);
    row.push(text);
  }
  flush();
  out.push('');

  const legend = matrix.scale.map((l) => `${escapeMarkdown(stanceText(l))} (${escapeMarkdown(l.description)})`);
  const marks = context.contested?.size ? ['⚡ contested: colleagues set different stances, not yet confirmed'] : [];
  out.push(`**Legend:** ${[...legend, 'empty: not coded', ...marks].join(' · ')}`, '');
  if (notes.length) out.push('## Notes', '', ...notes, '');
  out.push(...analysisSection(matrix, escapeMarkdown), ...movesSection(matrix, escapeMarkdown));
  if (footnotes.length) out.push('## Sources', '', ...footnotes, '');
  return out.join('\n');
}
