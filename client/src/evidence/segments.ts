/**
 * Splits a document's text into runs for the reader: each run knows which cited passages,
 * search hits and the focused passage cover it, so highlights can overlap without nesting.
 */
import type { CitedRange } from '../../../shared/api.ts';
import type { TextRange } from '../../../shared/evidence/search.ts';

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Cited passages covering this run. */
  cited: CitedRange[];
  /** Index of the search hit covering it, or -1. */
  hit: number;
  focused: boolean;
  /** The cited passages that end here (their cells are listed after the run). */
  endsCited: CitedRange[];
}

export function segments(text: string, cited: readonly CitedRange[], hits: readonly TextRange[], focus: TextRange | null): Segment[] {
  const cuts = new Set([0, text.length]);
  for (const r of [...cited, ...hits, ...(focus ? [focus] : [])]) {
    cuts.add(Math.max(0, Math.min(text.length, r.start)));
    cuts.add(Math.max(0, Math.min(text.length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let k = 0; k < points.length - 1; k++) {
    const start = points[k] as number;
    const end = points[k + 1] as number;
    if (end <= start) continue;
    const covers = (r: TextRange) => r.start <= start && end <= r.end;
    out.push({
      start,
      end,
      text: text.slice(start, end),
      cited: cited.filter(covers),
      hit: hits.findIndex(covers),
      focused: focus !== null && covers(focus),
      endsCited: cited.filter((r) => r.end === end),
    });
  }
  return out;
}

/** Case-insensitive occurrences of `query` in `text` (the reader's find), at most `limit`. */
export function findAll(text: string, query: string, limit = 500): TextRange[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const lower = text.toLowerCase();
  // toLowerCase keeps offsets for nearly all text; if it did not, fall back to exact case.
  const hay = lower.length === text.length ? lower : text;
  const needle = lower.length === text.length ? q : query.trim();
  const out: TextRange[] = [];
  for (let at = hay.indexOf(needle); at !== -1 && out.length < limit; at = hay.indexOf(needle, at + needle.length))
    out.push({ start: at, end: at + needle.length });
  return out;
}

/** The document offset of a DOM selection point inside the reader's text (runs carry data-start). */
export function textOffset(node: Node, offset: number): number | null {
  if (node.nodeType === Node.TEXT_NODE) {
    const run = node.parentElement?.closest<HTMLElement>('[data-start]');
    return run ? Number(run.dataset.start) + offset : null;
  }
  const el = node as Element;
  const child = el.childNodes[offset];
  const at = child instanceof Element ? child.closest<HTMLElement>('[data-start]') : null;
  if (at) return Number(at.dataset.start);
  const own = el.closest<HTMLElement>('[data-start]');
  if (own) return Number(own.dataset.start) + (offset > 0 ? (own.textContent?.length ?? 0) : 0);
  return null;
}
