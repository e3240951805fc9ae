/**
 * Finds where a JSON text stops being valid, as line and column. JSON.parse says so only in
 * engine-specific wording (and sometimes not at all), so this small strict scanner runs once
 * JSON.parse has failed, to point at the line people need to fix.
 */
export interface JsonSyntaxProblem {
  offset: number;
  line: number;
  column: number;
  message: string;
}

class Stop extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

export function locateJsonSyntaxError(text: string): JsonSyntaxProblem | null {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] ?? '')) i++;
  };
  const fail = (message: string): never => {
    throw new Stop(i, message);
  };
  const describe = () => (i >= text.length ? 'the end of the file' : `"${text[i]}"`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`Unexpected ${describe()}.`);
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('A text value is not closed with ".');
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i++;
        return;
      }
      if (ch < 0x20) fail('A line break or control character inside a text value (write it as \\n).');
      if (ch === 0x5c) {
        const next = text[i + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Bad \\u escape in a text value.');
          i += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== '') i += 2;
        else fail(`Bad escape "\\${next}" in a text value.`);
      } else i++;
    }
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`Unexpected ${describe()}.`);
    i += m?.[0].length ?? 0;
  };
  /** The rest of an object or a list (its opening character is next): items separated by "," up to `close`. */
  const items = (close: '}' | ']', what: string, item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`Expected "," or "${close}" after ${what}, found ${describe()}.`);
    }
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('Nested too deeply.');
    ws();
    const ch = text[i];
    if (ch === '{') {
      return items('}', 'a property value', () => {
        ws();
        if (text[i] !== '"') fail(`Expected a property name in double quotes, found ${describe()}.`);
        string();
        ws();
        if (text[i] !== ':') fail(`Expected ":" after a property name, found ${describe()}.`);
        i++;
        value(depth + 1);
      });
    }
    if (ch === '[') return items(']', 'a list item', () => value(depth + 1));
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail(i >= text.length ? 'The file ends before the JSON is complete.' : `Unexpected ${describe()}.`);
  };
  try {
    value(0);
    ws();
    if (i < text.length) fail(`Unexpected ${describe()} after the end of the JSON.`);
    return null;
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
    const before = text.slice(0, err.at);
    const lines = before.split(/\r\n|\r|\n/);
    return { offset: err.at, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1, message: err.message };
  }
}
