/**
 * The main text and metadata of a saved web page. Readability (over linkedom's DOM) picks the
 * article and drops navigation, footers, share bars and the like; the text is then read block
 * by block (headings, paragraphs, list items, quotes), one per line, so sentences and
 * paragraphs keep their boundaries. Metadata comes from the usual tags: Open Graph, article:*,
 * Highwire citation_*, Dublin Core, JSON-LD is left to Readability's byline and date.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DocumentMeta } from '../../shared/schema.ts';

/** A document's text and the metadata its file gives ("" where it gives none). */
export interface DocumentFields extends DocumentMeta {
  text: string;
}

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'LI', 'BLOCKQUOTE', 'PRE', 'FIGCAPTION', 'TD', 'TH', 'DT', 'DD']);

export function extractHtml(html: string, filename: string): DocumentFields {
  const { document } = parseHTML(html);
  const meta = readMeta(document as unknown as Document);
  // Readability changes the DOM it reads: give it its own copy, after the meta tags are read.
  const article = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: 100 }).parse();
  const text = article?.content ? blockText(String(article.content)) : '';
  const body = text || ((document as unknown as Document).body?.textContent ?? '').replace(/[ \t]+/g, ' ').trim();
  return {
    text: body,
    title: clip(meta.title || article?.title || filename.replace(/\.[^.]+$/, '')),
    outlet: meta.outlet || (article?.siteName ?? ''),
    author: meta.author || (article?.byline ?? '').replace(/^by\s+/i, '').trim(),
    date: meta.date || isoDay(article?.publishedTime ?? ''),
    url: meta.url,
    lang: meta.lang || (article?.lang ?? ''),
  };
}

/** Text of the article's HTML, one block per line, whitespace inside a block collapsed. */
function blockText(content: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${content}</body></html>`);
  const lines: string[] = [];
  const walk = (node: Element) => {
    for (const child of Array.from(node.children)) {
      if (BLOCKS.has(child.tagName.toUpperCase()) && !Array.from(child.children).some((c) => BLOCKS.has(c.tagName.toUpperCase()))) {
        const line = (child.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (line) lines.push(line);
      } else walk(child);
    }
  };
  walk((document as unknown as Document).body);
  return lines.join('\n');
}

function readMeta(doc: Document): { title: string; outlet: string; author: string; date: string; url: string; lang: string } {
  const content = (...names: string[]) => {
    for (const name of names) {
      const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
      const value = el?.getAttribute('content')?.trim();
      if (value) return value;
    }
    return '';
  };
  const canonical = doc.querySelector('link[rel="canonical"]')?.getAttribute('href')?.trim() ?? '';
  const timeEl = doc.querySelector('article time[datetime], time[datetime]');
  const url = [canonical, content('og:url')].find((u) => /^https?:\/\//.test(u)) ?? '';
  return {
    title: content('og:title', 'twitter:title', 'citation_title', 'dc.title', 'DC.title') || (doc.querySelector('title')?.textContent?.trim() ?? ''),
    outlet: content('og:site_name', 'citation_journal_title', 'dc.publisher', 'DC.publisher', 'publisher'),
    author: content('author', 'article:author', 'citation_author', 'dc.creator', 'DC.creator', 'byl').replace(/^by\s+/i, ''),
    date: isoDay(
      content('article:published_time', 'citation_publication_date', 'citation_date', 'dc.date', 'DC.date', 'date', 'pubdate') ||
        (timeEl?.getAttribute('datetime') ?? ''),
    ),
    url,
    lang: doc.documentElement?.getAttribute('lang')?.trim() || content('og:locale').replace('_', '-'),
  };
}

/** The calendar day of an ISO-like date ("2025-03-12T09:30:00Z", "2025/03/12"), or "". */
function isoDay(value: string): string {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})/.exec(value.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

/** Titles longer than this are cut at a word: a first line may be a whole paragraph. */
const TITLE_LENGTH = 200;

export function clip(title: string): string {
  const one = title.replace(/\s+/g, ' ').trim();
  if (one.length <= TITLE_LENGTH) return one;
  const cut = one.slice(0, TITLE_LENGTH);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 100 ? cut.lastIndexOf(' ') : TITLE_LENGTH).trimEnd()}…`;
}
