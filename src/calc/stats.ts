/** Small descriptive statistics shared by the peer comparison, trend and control chart modules. */

/** Arithmetic mean; null for no values. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Population standard deviation (divides by n, not n - 1: the values are the whole group, not a sample); null for no
 * values.
 */
export function populationStdDev(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null) return null;
  let sumSq = 0;
  for (const v of values) sumSq += (v - m) * (v - m);
  return Math.sqrt(sumSq / values.length);
}

/** Least-squares slope of values against x = 0, 1, ..., n-1 (change per step); null for fewer than 2 values. */
export function leastSquaresSlope(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const xMean = (n - 1) / 2;
  const yMean = mean(values) as number;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (values[i] - yMean);
    sxx += (i - xMean) * (i - xMean);
  }
  return sxy / sxx;
}
