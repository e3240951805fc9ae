/** What parseImport returns: a complete, validated plan, or every problem found. */
import type { MatrixData } from '../schema.ts';
import type { MatrixExtras } from '../exports/json.ts';
import type { ImportLimits } from './limits.ts';

export type ImportKind = 'json' | 'csv';

/** One problem in an import file. `line` and `column` are 1-based; `field` names the column or JSON path. */
export interface ImportIssue {
  line?: number;
  column?: number;
  field?: string;
  message: string;
}

/**
 * A matrix ready to be written by applyImport: every value validated and cleaned, every id
 * fresh or checked. An empty `order` means "after the previous one". History and comments
 * come only from a JSON export (a CSV has none).
 */
export type ImportPlan = MatrixData & Partial<MatrixExtras>;

/** Which layout a file was read as. */
export type ImportFormat = 'json' | 'csv-long' | 'csv-grid';

export type ImportResult = { ok: true; format: ImportFormat; matrix: ImportPlan } | { ok: false; errors: ImportIssue[] };

export interface ImportOptions {
  /** Title of the new matrix (overrides the file's; a CSV has none, so it defaults to "Imported matrix"). */
  title?: string;
  /** Who added the sources of a CSV import (CSV has no such column). */
  addedBy?: string;
  /** "Now", for createdAt and addedAt of CSV content (tests pass a fixed time). */
  now?: Date;
  /** Bounds on the file (default IMPORT_LIMITS); tests pass smaller ones. */
  limits?: ImportLimits;
}

/** Past this many problems the list is cut: the file needs fixing as a whole anyway. */
export const MAX_IMPORT_ERRORS = 100;

/** Collects problems, capped, with a closing line that says how many were left out. */
export class IssueList {
  readonly items: ImportIssue[] = [];
  private dropped = 0;

  add(issue: ImportIssue): void {
    if (this.items.length < MAX_IMPORT_ERRORS) this.items.push(issue);
    else this.dropped++;
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  result(): ImportIssue[] {
    if (this.dropped === 0) return this.items;
    return [...this.items, { message: `…and ${this.dropped} more problem${this.dropped === 1 ? '' : 's'}.` }];
  }
}
