/**
 * Is a change in counts more than chance? Crime counts are modelled as Poisson. Given n = C + P crimes in the two
 * periods together, the number falling in the current period is Binomial(n, p) with p = e1 / (e1 + e2) (0.5 for
 * equal exposure, i.e. periods of equal length) when the underlying rate has not changed. That turns the question
 * into an exact binomial test, with no nuisance parameter.
 */

export interface SignificanceResult {
  /** Two-sided p-value: the probability, with no real change, of a split at least as unlikely as the one seen. */
  pValue: number;
  /** pValue < alpha. */
  significant: boolean;
  /** (C - n p) / sqrt(n p (1 - p)); for equal exposure (C - P) / sqrt(C + P). 0 when there are no crimes at all. */
  zScore: number;
}

/** Above this many crimes in total the normal approximation (with continuity correction) replaces the exact sum. */
export const EXACT_LIMIT = 1000;

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos approximation, about 15 significant digits). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection formula
  const z = x - 1;
  let a = LANCZOS_COEFFICIENTS[0];
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS_G + 2; i++) a += LANCZOS_COEFFICIENTS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln of the binomial probability P(X = k) for X ~ Binomial(n, p), 0 < p < 1. */
function logBinomialPmf(k: number, n: number, p: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/**
 * Standard normal cumulative distribution Phi(x) (Hart's algorithm as given by G. West, "Better approximations to
 * cumulative normal functions", 2005): absolute error below 1e-14, relative error about 1e-8 in the far tail.
 */
export function normalCdf(x: number): number {
  const ax = Math.abs(x);
  let tail: number;
  if (ax > 37) tail = 0;
  else {
    const e = Math.exp((-ax * ax) / 2);
    if (ax < 7.07106781186547) {
      let num = 3.52624965998911e-2 * ax + 0.700383064443688;
      num = num * ax + 6.37396220353165;
      num = num * ax + 33.912866078383;
      num = num * ax + 112.079291497871;
      num = num * ax + 221.213596169931;
      num = num * ax + 220.206867912376;
      let den = 8.83883476483184e-2 * ax + 1.75566716318264;
      den = den * ax + 16.064177579207;
      den = den * ax + 86.7807322029461;
      den = den * ax + 296.564248779674;
      den = den * ax + 637.333633378831;
      den = den * ax + 793.826512519948;
      den = den * ax + 440.413735824752;
      tail = (e * num) / den;
    } else {
      let b = ax + 0.65;
      b = ax + 4 / b;
      b = ax + 3 / b;
      b = ax + 2 / b;
      b = ax + 1 / b;
      tail = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * Two-sided p-value of k successes in n trials for Binomial(n, p). Exact for n <= EXACT_LIMIT: the sum of the
 * probabilities of every outcome no more likely than k's (the "minimum likelihood" rule of R's binom.test, with the
 * same 1e-7 relative slack for ties), computed in log space so large n do not underflow. Above the limit, the normal
 * approximation with continuity correction: 2 x (1 - Phi((|k - np| - 0.5) / sqrt(np(1-p)))).
 */
export function binomialTwoSidedPValue(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new RangeError(`Binomial test needs whole numbers 0 <= k <= n, got k=${k}, n=${n}`);
  }
  if (!(p > 0 && p < 1)) throw new RangeError(`Binomial test needs 0 < p < 1, got ${p}`);
  if (n === 0) return 1;
  if (n > EXACT_LIMIT) {
    const sd = Math.sqrt(n * p * (1 - p));
    const z = Math.max(0, Math.abs(k - n * p) - 0.5) / sd;
    return Math.min(1, 2 * normalCdf(-z));
  }
  const observed = logBinomialPmf(k, n, p);
  const cutoff = observed + Math.log1p(1e-7);
  // Summing the excluded (more likely) outcomes too and dividing by the whole cancels rounding in the terms,
  // so the most likely outcome gets exactly 1 rather than 0.9999999999999966.
  let atMostAsLikely = 0;
  let moreLikely = 0;
  for (let i = 0; i <= n; i++) {
    const lp = logBinomialPmf(i, n, p);
    if (lp <= cutoff) atMostAsLikely += Math.exp(lp);
    else moreLikely += Math.exp(lp);
  }
  return Math.min(1, atMostAsLikely / (atMostAsLikely + moreLikely));
}

function checkCount(name: string, x: number): void {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${x}`);
}

/**
 * Poisson rate test for counts over exposures of different size (e.g. 8 months against 12, or per population):
 * conditional on n = C + P, C ~ Binomial(n, e1 / (e1 + e2)) when the rate per unit of exposure is unchanged.
 * C = P = 0 gives p = 1, not significant.
 */
export function poissonRateTest(
  current: number,
  previous: number,
  currentExposure: number,
  previousExposure: number,
  alpha = 0.05,
): SignificanceResult {
  checkCount('current', current);
  checkCount('previous', previous);
  if (!(currentExposure > 0 && previousExposure > 0)) {
    throw new RangeError(`Exposures must be > 0, got ${currentExposure} and ${previousExposure}`);
  }
  const n = current + previous;
  if (n === 0) return { pValue: 1, significant: false, zScore: 0 };
  const p = currentExposure / (currentExposure + previousExposure);
  const zScore = (current - n * p) / Math.sqrt(n * p * (1 - p));
  const pValue = binomialTwoSidedPValue(current, n, p);
  return { pValue, significant: pValue < alpha, zScore };
}

/**
 * Is the change from P (comparison period) to C (current period, same number of months) more than chance?
 * C ~ Binomial(C + P, 0.5) under no change. C = P = 0 gives p = 1, not significant.
 */
export function poissonChangeTest(current: number, previous: number, alpha = 0.05): SignificanceResult {
  return poissonRateTest(current, previous, 1, 1, alpha);
}
