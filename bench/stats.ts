/** The `p`th percentile of `xs` (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
}

/** How many times the bench repeats each measure against a target; it reports the median and the spread. */
export const RUNS = 5;

/** A figure over several runs: the median (nearest rank) and the lowest and highest. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median and range of `xs`, rounded to `digits` decimals. */
export function spread(xs: number[], digits = 2): Spread {
  const r = (x: number): number => Math.round(x * 10 ** digits) / 10 ** digits;
  return { median: r(percentile(xs, 50)), min: r(Math.min(...xs)), max: r(Math.max(...xs)) };
}
