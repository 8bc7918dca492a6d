/**
 * The statistics and number formats of `npm run bench`: pure functions, tested on their own.
 */

/** Best and median of a series of measurements, and how many there were. */
export interface Summary {
  readonly best: number;
  readonly median: number;
  readonly runs: number;
}

/** The smallest value: the run least disturbed by anything else on the machine. */
export function best(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('best of no measurements');
  return Math.min(...xs);
}

/** The median: the middle value, or the mean of the two middle values for an even count. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no measurements');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** {@link best} and {@link median} of `xs`. */
export function summarize(xs: readonly number[]): Summary {
  return { best: best(xs), median: median(xs), runs: xs.length };
}

/** Milliseconds, right-aligned: `  1234 ms`. */
export function ms(x: number): string {
  return `${x.toFixed(0).padStart(6)} ms`;
}

/** A peak RSS given in KiB, as MiB (`  123 MiB`), or `n/a` when it could not be measured. */
export function mib(kib: number | undefined): string {
  return kib === undefined ? '     n/a' : `${(kib / 1024).toFixed(0).padStart(5)} MiB`;
}

/** `a / b` with two decimals. */
export function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : 'n/a';
}

/**
 * Parses a comma-separated list of positive integers (`10,100,1000`); throws a message
 * naming `what` for anything else.
 */
export function positiveIntegers(text: string, what: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const values = parts.map(Number);
  if (parts.length === 0 || values.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new Error(`${what} must be a comma-separated list of positive integers, got "${text}"`);
  }
  return values;
}
