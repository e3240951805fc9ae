/** Calendar days (YYYY-MM-DD, UTC) for the timeline: arithmetic and the words people read. */

const DAY_MS = 24 * 60 * 60 * 1000;
const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

const at = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function daysBetween(from: string, to: string): number {
  return Math.round((at(to) - at(from)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(at(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** "13 March 2025". */
export function longDay(day: string): string {
  return long.format(at(day));
}

/** "13 Mar"; "" for an undated position. */
export function shortDay(day: string): string {
  return day ? short.format(at(day)) : '';
}

/** Today as YYYY-MM-DD (UTC), the default date of a new position. */
export function today(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
