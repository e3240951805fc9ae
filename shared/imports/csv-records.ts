/**
 * Splits a CSV text into records in one linear pass, then lets csv-parse read them a chunk of
 * records at a time, so a large file never blocks for long (10 MiB in one csv-parse call takes
 * about 2 s) and a file with too many rows is refused before any of it is parsed.
 */
import { parse, CsvError } from 'csv-parse/browser/esm/sync';
import { checkLimit, type ImportLimits } from './limits.ts';
import { DEFAULT_YIELD_EVERY, type Steps } from './steps.ts';

export interface Row {
  /** The line the record starts on, as in the file (a quoted field may span lines). */
  line: number;
  cells: string[];
}

export type CsvRecords = { ok: true; rows: Row[] } | { ok: false; line?: number; message: string };

/** The delimiter of the first line (outside quotes): comma, semicolon (European Excel) or tab. */
export function detectDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch] = (counts[ch] ?? 0) + 1;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
}

interface Boundaries {
  /** Offset and line where each record starts. */
  starts: { offset: number; line: number }[];
  /** The record delimiter: the first line break outside quotes, as csv-parse discovers it. */
  recordDelimiter: string | undefined;
}

/**
 * Record starts at line breaks outside quotes. Once csv-parse accepts a text its quoting is well
 * formed, so tracking quotes finds the same boundaries; a text where it would not has a quote
 * error, which csv-parse reports for the chunk holding it. Counts the records that are not
 * blank and throws past the row limit (the header row is not counted).
 */
function scan(text: string, delimiter: string, limits: ImportLimits): Boundaries {
  const starts: { offset: number; line: number }[] = [{ offset: 0, line: 1 }];
  let recordDelimiter: string | undefined;
  let line = 1;
  let quoted = false;
  let blank = true;
  let filled = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      quoted = !quoted;
      blank = false;
      continue;
    }
    if (ch !== '\r' && ch !== '\n') {
      if (blank && ch !== delimiter && ch !== ' ' && ch !== '\t') blank = false;
      continue;
    }
    const brk = ch === '\r' && text[i + 1] === '\n' ? '\r\n' : ch;
    i += brk.length - 1;
    line++;
    if (quoted) continue;
    recordDelimiter ??= brk;
    if (brk !== recordDelimiter) continue;
    if (!blank && ++filled > limits.rows + 1) checkLimit(limits, 'rows', filled - 1);
    blank = true;
    if (i + 1 < text.length) starts.push({ offset: i + 1, line });
  }
  if (!blank && ++filled > limits.rows + 1) checkLimit(limits, 'rows', filled - 1);
  return { starts, recordDelimiter };
}

/** Every record with its line, csv-parse reading `every` records per step. */
export function* readCsvRecords(text: string, limits: ImportLimits, every = DEFAULT_YIELD_EVERY): Steps<CsvRecords> {
  const delimiter = detectDelimiter(text);
  const { starts, recordDelimiter } = scan(text, delimiter, limits);
  const size = Math.max(1, Math.floor(every));
  const rows: Row[] = [];
  for (let first = 0; first < starts.length; first += size) {
    if (first > 0) yield;
    const begin = starts[first];
    if (!begin) break;
    const end = starts[first + size]?.offset ?? text.length;
    let records: string[][];
    try {
      records = parse(text.slice(begin.offset, end), {
        delimiter,
        relax_column_count: true,
        ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
      }) as string[][];
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      const line = typeof e.lines === 'number' ? begin.line + e.lines - 1 : undefined;
      return { ok: false, ...(line ? { line } : {}), message: `This is not valid CSV: ${e.message.replace(/ at line \d+/, '')}` };
    }
    // The boundaries agree for any text csv-parse accepted; if they ever did not, count records instead of guessing lines.
    const exact = records.length === Math.min(size, starts.length - first);
    records.forEach((cells, k) => {
      const line = exact ? (starts[first + k]?.line ?? begin.line + k) : begin.line + k;
      if (cells.some((c) => c.trim() !== '')) rows.push({ line, cells });
    });
  }
  return { ok: true, rows };
}
