/** Exports and imports: the formats, their queries and limits. */
import * as v from 'valibot';
import type { BodyContract } from './codes.ts';

export const EXPORT_FORMATS = {
  json: { label: 'JSON', ext: 'json', type: 'application/json; charset=utf-8' },
  csv: { label: 'CSV', ext: 'csv', type: 'text/csv; charset=utf-8; header=present' },
  xlsx: { label: 'Excel (XLSX)', ext: 'xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  md: { label: 'Markdown', ext: 'md', type: 'text/markdown; charset=utf-8' },
} as const;
export type ExportFormat = keyof typeof EXPORT_FORMATS;

export const IMPORT_KINDS = ['json', 'csv'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** GET /api/matrices/:id/export?format=…[&snapshot=<sid>] */
export const ExportQuery = {
  schema: v.object(
    {
      format: v.picklist(Object.keys(EXPORT_FORMATS) as ExportFormat[], 'Choose an export format: ?format=json, csv, xlsx or md.'),
      snapshot: v.optional(v.string()),
    },
    'Choose an export format: ?format=json, csv, xlsx or md.',
  ),
  codes: { '': 'invalid-format' },
} satisfies BodyContract;

/** POST /api/matrices/:id/export-links: the same choice as the export's query, as a JSON body. */
export const ExportLinkBody = { schema: ExportQuery.schema, codes: { '': 'invalid-format' } } satisfies BodyContract;

/** A single-use download link (`/api/downloads/<id>`), carrying no token; it works once, until `expiresAt`. */
export interface ExportLink {
  url: string;
  expiresAt: string;
}

/** POST /api/import?kind=json|csv[&title=…] */
export const ImportQuery = {
  schema: v.object(
    { kind: v.picklist(IMPORT_KINDS, 'Say what the file is: ?kind=json or ?kind=csv.'), title: v.optional(v.string()) },
    'Say what the file is: ?kind=json or ?kind=csv.',
  ),
  codes: { '': 'invalid-kind' },
} satisfies BodyContract;

/** Largest file POST /api/import accepts. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
