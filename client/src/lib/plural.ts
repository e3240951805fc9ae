const count = new Intl.NumberFormat();

/** "1 source", "2 sources", "4,800 sources". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}
