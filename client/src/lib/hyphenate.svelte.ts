/**
 * Soft hyphens for long words in narrow headers. Chromium hyphenates (CSS `hyphens: auto`)
 * only where it has downloaded dictionaries, which Linux builds and offline machines often
 * lack; without them "Peacekeepers" in a 60 px column breaks as "Peaceke|epers". English
 * patterns (Liang's algorithm, the `hyphen` package) insert U+00AD, which the browser shows as
 * a hyphen only where it actually breaks. The ~100 KB of patterns load after first render.
 */
type Hyphenate = (text: string) => string;

let hyphenator = $state.raw<Hyphenate | null>(null);
let requested = false;

function load(): void {
  if (requested) return;
  requested = true;
  import('hyphen/en-us/index.js').then(
    (mod) => (hyphenator = (text) => mod.hyphenateSync(text, { html: false, minWordLength: 7 })),
    () => {}, // without patterns, words simply break where CSS breaks them
  );
}

/** The text with soft hyphens in long words (the text unchanged until the patterns are loaded). */
export function softHyphens(text: string): string {
  if (!hyphenator) {
    load();
    return text;
  }
  return hyphenator(text);
}
