/**
 * The evidence library's documents in SQLite, in the same database as the matrices (a table
 * of their own). A document's text is immutable once added and identified by its SHA-256; the
 * same text is stored once per matrix. Deleting a matrix deletes its documents (FK cascade).
 * The Y.Doc keeps only a small index of them (see indexEntry), never the text.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { MatrixError } from '../../shared/errors.ts';
import { ITEM_ID_PATTERN, newId } from '../../shared/ids.ts';
import { cleanDate, cleanLink } from '../../shared/matrix.ts';
import type { DocumentIndexEntry, DocumentMeta } from '../../shared/schema.ts';
import type { ExportedDocument } from '../../shared/evidence/library-export.ts';
import { documentIndexEntry, documentMeta } from '../../shared/evidence/library-index.ts';
import { DocumentError } from './errors.ts';

import { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_FIELD, MAX_DOCUMENTS_PER_MATRIX } from '../../shared/evidence/limits.ts';

export { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_FIELD, MAX_DOCUMENTS_PER_MATRIX };

export interface DocumentMetadata {
  title: string;
  outlet?: string;
  author?: string;
  /** YYYY-MM-DD or "". */
  date?: string;
  /** http(s) URL or "". */
  url?: string;
  /** BCP 47 tag or "". */
  lang?: string;
}

export interface NewDocument extends DocumentMetadata {
  text: string;
  addedBy: string;
  /** Defaults to now. */
  addedAt?: string;
  /** A given id (the demo's documents); defaults to a fresh one. */
  id?: string;
}

/** A document without its text: what lists show. */
export interface DocumentInfo extends DocumentIndexEntry {
  id: string;
  matrixId: string;
}

export interface DocumentRecord extends DocumentInfo {
  text: string;
}

interface DbDocumentRow extends DocumentMeta {
  id: string;
  matrix_id: string;
  sha256: string;
  chars: number;
  added_by: string;
  added_at: string;
  text?: string;
}

const INFO_COLUMNS = 'id, matrix_id, title, outlet, author, date, url, lang, sha256, chars, added_by, added_at';
const LANG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** The text as stored (and hashed): without a byte-order mark, with \n line ends. */
export function canonicalText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export class DocumentStore {
  private statements;

  constructor(private db: Database.Database) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS documents (
        id TEXT NOT NULL,
        matrix_id TEXT NOT NULL REFERENCES matrices(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        outlet TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        lang TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        chars INTEGER NOT NULL,
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        PRIMARY KEY (matrix_id, id),
        UNIQUE (matrix_id, sha256)
      );
    `);
    this.statements = {
      insert: db.prepare(
        `INSERT INTO documents (id, matrix_id, title, outlet, author, date, url, lang, text, sha256, chars, added_by, added_at)
         VALUES (@id, @matrix_id, @title, @outlet, @author, @date, @url, @lang, @text, @sha256, @chars, @added_by, @added_at)`,
      ),
      count: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM documents WHERE matrix_id = ?'),
      bySha: db.prepare<[string, string], { id: string }>('SELECT id FROM documents WHERE matrix_id = ? AND sha256 = ?'),
      has: db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM documents WHERE matrix_id = ? AND id = ?'),
      list: db.prepare<[string], DbDocumentRow>(`SELECT ${INFO_COLUMNS} FROM documents WHERE matrix_id = ? ORDER BY added_at, id`),
      get: db.prepare<[string, string], DbDocumentRow>(`SELECT ${INFO_COLUMNS}, text FROM documents WHERE matrix_id = ? AND id = ?`),
      delete: db.prepare<[string, string]>('DELETE FROM documents WHERE matrix_id = ? AND id = ?'),
    };
  }

  /**
   * Adds a document after checking its text and metadata. Throws a DocumentError: 413 past
   * MAX_DOCUMENT_BYTES, 422 past MAX_DOCUMENTS_PER_MATRIX or for bad metadata or empty text,
   * 409 when the matrix already holds the same text (with that document's id). Nothing is
   * stored unless everything passes.
   */
  add(matrixId: string, input: NewDocument): DocumentRecord {
    const text = canonicalText(input.text);
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new DocumentError(
        'document-too-large',
        `This document has ${mib(bytes)} of text; the limit is ${mib(MAX_DOCUMENT_BYTES)}. Split it, or add only the part you quote.`,
      );
    }
    if (!text.trim()) throw new DocumentError('invalid-document', 'This document has no text.');
    const meta = cleanMetadata(input);
    const id = input.id ?? newId();
    if (!ITEM_ID_PATTERN.test(id)) throw new DocumentError('invalid-document', `"${id}" is not a valid document id.`);
    const sha256 = sha256Hex(text);
    const row: DbDocumentRow = {
      id,
      matrix_id: matrixId,
      ...meta,
      text,
      sha256,
      chars: text.length,
      added_by: input.addedBy.trim().slice(0, 200) || 'Anonymous',
      added_at: input.addedAt ?? new Date().toISOString(),
    };
    // Checked and written in one transaction, so two uploads at once cannot pass the limit together.
    this.db.transaction(() => {
      const existing = this.statements.bySha.get(matrixId, sha256);
      if (existing) throw new DocumentError('duplicate-document', 'This matrix already holds a document with exactly this text.', existing.id);
      if ((this.statements.count.get(matrixId)?.n ?? 0) >= MAX_DOCUMENTS_PER_MATRIX) {
        throw new DocumentError(
          'too-many-documents',
          `This matrix's library is full (${MAX_DOCUMENTS_PER_MATRIX} documents). Delete one it no longer needs first.`,
        );
      }
      if (this.statements.has.get(matrixId, id)) throw new DocumentError('invalid-document', `A document with the id "${id}" already exists.`);
      this.statements.insert.run(row);
    })();
    return toRecord(row);
  }

  list(matrixId: string): DocumentInfo[] {
    return this.statements.list.all(matrixId).map(toInfo);
  }

  get(matrixId: string, id: string): DocumentRecord | null {
    const row = this.statements.get.get(matrixId, id);
    return row ? toRecord(row) : null;
  }

  /** Every document with its text, for the JSON export (ExportedDocument in shared/evidence/library-export.ts). */
  exportAll(matrixId: string): ExportedDocument[] {
    return this.list(matrixId).map((d) => ({ id: d.id, ...indexEntry(d), text: this.get(matrixId, d.id)?.text ?? '' }));
  }

  count(matrixId: string): number {
    return this.statements.count.get(matrixId)?.n ?? 0;
  }

  /** True when it existed. The caller confirms what deleting orphans first (sources citing it). */
  delete(matrixId: string, id: string): boolean {
    return this.statements.delete.run(matrixId, id).changes > 0;
  }
}

/** What the Y.Doc's `documents` root holds for a document (see README "Data model"). */
export function indexEntry(d: DocumentInfo): DocumentIndexEntry {
  return documentIndexEntry(d);
}

function cleanMetadata(input: DocumentMetadata): Pick<DbDocumentRow, 'title' | 'outlet' | 'author' | 'date' | 'url' | 'lang'> {
  const field = (value: string | undefined, what: string) => {
    const clean = (value ?? '').replace(/\s+/g, ' ').trim();
    if (clean.length > MAX_DOCUMENT_FIELD) throw new DocumentError('invalid-document', `The ${what} is longer than ${MAX_DOCUMENT_FIELD} characters.`);
    return clean;
  };
  const title = field(input.title, 'title');
  if (!title) throw new DocumentError('invalid-document', 'A document needs a title.');
  const lang = (input.lang ?? '').trim();
  if (lang && !LANG.test(lang)) throw new DocumentError('invalid-document', `"${lang}" is not a language tag such as "en" or "pt-BR".`);
  try {
    return {
      title,
      outlet: field(input.outlet, 'outlet'),
      author: field(input.author, 'author'),
      date: cleanDate(input.date ?? ''),
      url: cleanLink(input.url ?? ''),
      lang,
    };
  } catch (e) {
    if (e instanceof MatrixError) throw new DocumentError('invalid-document', e.message);
    throw e;
  }
}

function toInfo(row: DbDocumentRow): DocumentInfo {
  return { id: row.id, matrixId: row.matrix_id, ...documentMeta(row), chars: row.chars, sha256: row.sha256, addedBy: row.added_by, addedAt: row.added_at };
}

function toRecord(row: DbDocumentRow): DocumentRecord {
  return { ...toInfo(row), text: row.text ?? '' };
}

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
