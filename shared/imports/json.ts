/**
 * Reads our own JSON export (shared/exports/json.ts) back into an import plan. Everything is
 * checked before anything is written: types, ids (format and uniqueness), references between
 * cells and parties/issues, stance ids against the file's scale, dates, links, order keys.
 * Unknown extra properties are ignored, so files from a later release within the same
 * formatVersion still import.
 */
import { SCHEMA_VERSION } from '../schema.ts';
import { cleanName } from '../matrix.ts';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION } from '../exports/json.ts';
import { locateJsonSyntaxError } from './json-syntax.ts';
import { parseEvents } from './json-timeline.ts';
import { IssueList, type ImportOptions, type ImportResult } from './types.ts';
import { IMPORT_LIMITS, checkLimit } from './limits.ts';
import { checkJsonLimits } from './json-limits.ts';
import { fieldReader, isObj, validTimestamp } from './json-fields.ts';
import { parseScale } from './json-scale.ts';
import { parseAxis } from './json-axis.ts';
import { parseCells } from './json-cells.ts';
import { parseExtras } from './json-extras.ts';

export function parseJsonImport(text: string, options: ImportOptions = {}): ImportResult {
  checkLimit(options.limits ?? IMPORT_LIMITS, 'bytes', text.length);
  const issues = new IssueList();
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const where = locateJsonSyntaxError(text.replace(/^\uFEFF/, ''));
    return {
      ok: false,
      errors: [
        where ? { line: where.line, column: where.column, message: `This is not valid JSON: ${where.message}` } : { message: 'This is not valid JSON.' },
      ],
    };
  }
  const err = (field: string, message: string) => issues.add({ field, message });

  if (!isObj(data) || data.format !== EXPORT_FORMAT) {
    return { ok: false, errors: [{ field: 'format', message: 'This is not a Stance Grid export (expected "format": "stance-grid").' }] };
  }
  if (typeof data.formatVersion !== 'number' || !Number.isInteger(data.formatVersion) || data.formatVersion < 1) {
    err('formatVersion', 'formatVersion must be a whole number.');
  } else if (data.formatVersion > EXPORT_FORMAT_VERSION) {
    err(
      'formatVersion',
      `This file was made by a newer version of Stance Grid (format ${data.formatVersion}); this one reads format ${EXPORT_FORMAT_VERSION}.`,
    );
  }
  if (typeof data.schemaVersion !== 'number' || !Number.isInteger(data.schemaVersion) || data.schemaVersion < 1) {
    err('schemaVersion', 'schemaVersion must be a whole number.');
  } else if (data.schemaVersion > SCHEMA_VERSION) {
    err('schemaVersion', `This file uses data model version ${data.schemaVersion}; this Stance Grid knows version ${SCHEMA_VERSION}.`);
  }
  const m = data.matrix;
  if (!isObj(m)) {
    err('matrix', 'The file has no "matrix" object.');
    return { ok: false, errors: issues.result() };
  }
  checkJsonLimits(data, m, options.limits ?? IMPORT_LIMITS);
  const fields = fieldReader(err);
  const { str, clean } = fields;

  const metaIn = isObj(m.meta) ? m.meta : (err('matrix.meta', 'The matrix has no "meta" object.'), {});
  const rawTitle = options.title ?? str(metaIn, 'title', 'matrix.meta');
  const title = rawTitle === undefined ? undefined : clean(options.title !== undefined ? 'title' : 'matrix.meta.title', () => cleanName(rawTitle, 'Title'));
  const description = str(metaIn, 'description', 'matrix.meta', { required: false }) ?? '';
  const createdAt = str(metaIn, 'createdAt', 'matrix.meta', { required: false, max: 100 }) ?? '';
  if (!validTimestamp(createdAt)) err('matrix.meta.createdAt', `"${createdAt}" is not an ISO timestamp.`);

  const scale = parseScale(m, fields);
  const levelIds = new Set(scale.map((l) => l.id));

  const { items: parties, seen: partyIds } = parseAxis(m, 'parties', fields);
  const { items: issueList, seen: issueIds } = parseAxis(m, 'issues', fields);

  const cells = parseCells(m, { partyIds, issueIds, levelIds }, fields);

  const events = parseEvents(m, err);
  const extras = parseExtras(data, err);

  if (!issues.empty || title === undefined) return { ok: false, errors: issues.result() };
  return {
    ok: true,
    format: 'json',
    matrix: {
      meta: { schemaVersion: SCHEMA_VERSION, title, description, createdAt },
      scale,
      parties,
      issues: issueList,
      cells,
      ...(events ? { events } : {}),
      ...extras,
    },
  };
}
