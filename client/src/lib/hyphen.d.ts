// hyphen ships no types; this is the part we use (https://github.com/ytiurin/hyphen).
declare module 'hyphen/en-us/index.js' {
  export function hyphenateSync(text: string, options?: { html?: boolean; minWordLength?: number; hyphenChar?: string }): string;
}
