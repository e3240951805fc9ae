/**
 * Turns an uploaded file into a document's text and prefilled metadata: .txt and .md as they
 * are (UTF-8), .html through Readability over linkedom (navigation, footers and other
 * boilerplate dropped; title, byline, date, site name, language and canonical URL read from
 * the page's meta tags), .pdf through unpdf (text of every page, metadata from the PDF info).
 * The metadata is a suggestion the person adding the document can edit.
 */
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import { DocumentError } from './errors.ts';
import { clip, extractHtml, type DocumentFields } from './extract-html.ts';

export type DocumentFormat = 'txt' | 'md' | 'html' | 'pdf';

export interface UploadedFile {
  filename: string;
  /** The upload's Content-Type, or "" when unknown. */
  contentType: string;
  bytes: Uint8Array;
}

/** Text plus the metadata the file gives ("" where it gives none). */
export interface ExtractedDocument extends DocumentFields {
  format: DocumentFormat;
}

const BY_EXTENSION: Record<string, DocumentFormat> = { txt: 'txt', text: 'txt', md: 'md', markdown: 'md', html: 'html', htm: 'html', pdf: 'pdf' };
const BY_TYPE: Record<string, DocumentFormat> = {
  'text/plain': 'txt',
  'text/markdown': 'md',
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'application/pdf': 'pdf',
};

export function detectFormat(file: Pick<UploadedFile, 'filename' | 'contentType'>): DocumentFormat | null {
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.filename)?.[1]?.toLowerCase();
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (ext ? BY_EXTENSION[ext] : undefined) ?? BY_TYPE[type] ?? null;
}

export async function extractDocument(file: UploadedFile): Promise<ExtractedDocument> {
  const format = detectFormat(file);
  if (!format) throw new DocumentError('unsupported-format', `"${file.filename}" is not a .txt, .md, .html or .pdf file.`);
  const empty = { outlet: '', author: '', date: '', url: '', lang: '' };
  switch (format) {
    case 'txt': {
      const text = decodeUtf8(file);
      return { format, text, title: firstLine(text), ...empty };
    }
    case 'md': {
      const text = decodeUtf8(file);
      const heading = /^#{1,2}\s+(.+)$/m.exec(text)?.[1]?.trim();
      return { format, text, title: clip(heading ?? firstLine(text)), ...empty };
    }
    case 'html':
      return { format, ...extractHtml(decodeUtf8(file), file.filename) };
    case 'pdf':
      return { format, ...(await extractPdf(file)) };
  }
}

function decodeUtf8(file: UploadedFile): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file.bytes);
  } catch {
    throw new DocumentError('invalid-document', `"${file.filename}" is not UTF-8 text. Save it as UTF-8 and upload it again.`);
  }
}

async function extractPdf(file: UploadedFile): Promise<DocumentFields> {
  let pdf;
  try {
    // unpdf may detach the buffer it is given: hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(file.bytes));
  } catch {
    throw new DocumentError('invalid-document', `"${file.filename}" could not be read as a PDF.`);
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const pages = (Array.isArray(text) ? text : [text]).map((page) => page.replace(/[ \t]+\n/g, '\n').trim());
    const { info } = await getMeta(pdf);
    const meta = (info ?? {}) as Record<string, unknown>;
    const str = (key: string) => (typeof meta[key] === 'string' ? (meta[key] as string).trim() : '');
    const body = pages.filter(Boolean).join('\n\n');
    if (!body.trim()) throw new DocumentError('invalid-document', `"${file.filename}" has no text layer (a scanned PDF?). Paste its text instead.`);
    return {
      text: body,
      title: clip(str('Title') || firstLine(body)),
      outlet: '',
      author: str('Author'),
      date: pdfDate(str('CreationDate')),
      url: '',
      lang: str('Language'),
    };
  } finally {
    await pdf.destroy();
  }
}

/** "D:20250312093000+01'00'" → "2025-03-12". */
export function pdfDate(value: string): string {
  const m = /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

function firstLine(text: string): string {
  return clip(
    text
      .replace(/^\uFEFF/, '')
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '',
  );
}
