/** One-line structured logs. Tests pass a silent logger. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

function line(level: string, msg: string, fields?: Record<string, unknown>): string {
  const extra = fields ? ' ' + JSON.stringify(fields) : '';
  return `${new Date().toISOString()} ${level} ${msg}${extra}`;
}

export const consoleLogger: Logger = {
  info: (m, f) => console.log(line('info', m, f)),
  warn: (m, f) => console.warn(line('warn', m, f)),
  error: (m, f) => console.error(line('error', m, f)),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Collects log lines in memory (tests assert that a bad frame was logged). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m, f) => lines.push(line('info', m, f)),
    warn: (m, f) => lines.push(line('warn', m, f)),
    error: (m, f) => lines.push(line('error', m, f)),
  };
}
