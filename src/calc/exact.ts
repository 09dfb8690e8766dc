/**
 * Exact decimal arithmetic for derived figures. A figure the API prints must be the decimal it
 * is (a gap of 75.37, not 75.36999999999989): inputs are read as the decimals they print as
 * (a count, a target of 7.5), worked in integers (BigInt), and turned into a number by ONE final
 * division, which rounds once, to the nearest number, so a terminating decimal prints exactly
 * and any other ratio is as near as a number can be.
 */

/** A decimal: digits x 10^-scale. */
export interface Decimal {
  digits: bigint;
  scale: number;
}

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);

/** A finite number as the decimal it prints as (its shortest round-trip form): 7.5 is 75 x 10^-1. */
export function toDecimal(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`Not a finite number: ${x}`);
  const [mantissa, exponent] = String(x).toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = (negative ? mantissa.slice(1) : mantissa).split('.');
  let digits = BigInt(whole + fraction);
  let scale = fraction.length - (exponent ? Number(exponent) : 0);
  if (scale < 0) {
    digits *= pow10(-scale);
    scale = 0;
  }
  return { digits: negative ? -digits : digits, scale };
}

/** Two decimals at a common scale. */
function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.digits * pow10(scale - a.scale), b.digits * pow10(scale - b.scale), scale];
}

/** numerator / denominator (denominator not 0) as the nearest number: the one final division. */
export function quotient(numerator: bigint, denominator: bigint): number {
  if (denominator === 0n) throw new RangeError('Division by zero');
  if (denominator < 0n) return quotient(-numerator, -denominator);
  // A power of ten: the decimal is written out and read, which rounds once, at any size.
  const text = denominator.toString();
  if (/^10*$/.test(text)) return decimalNumber({ digits: numerator, scale: text.length - 1 });
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  const absolute = numerator < 0n ? -numerator : numerator;
  if (absolute <= limit && denominator <= limit) return Number(numerator) / Number(denominator);
  // Beyond exact doubles: scale the quotient to 17 significant digits first, then one rounding.
  const shift = Math.max(0, 17 - (absolute / denominator).toString().length);
  return decimalNumber({ digits: (numerator * pow10(shift)) / denominator, scale: shift });
}

/** A decimal as the nearest number (which prints as that decimal when it has at most 15 significant digits). */
export function decimalNumber(d: Decimal): number {
  const negative = d.digits < 0n;
  const text = (negative ? -d.digits : d.digits).toString().padStart(d.scale + 1, '0');
  const cut = text.length - d.scale;
  return Number(`${negative ? '-' : ''}${text.slice(0, cut)}${d.scale > 0 ? `.${text.slice(cut)}` : ''}`);
}

/** a - b, exactly. */
export function subtract(a: number, b: number): number {
  const [x, y, scale] = aligned(toDecimal(a), toDecimal(b));
  return decimalNumber({ digits: x - y, scale });
}

/** P x (100 - r) / 100: the level a reduction of r% on P allows. */
export function reducedLevel(previous: number, reductionPercent: number): number {
  const [hundred, r, scale] = aligned({ digits: 100n, scale: 0 }, toDecimal(reductionPercent));
  const p = toDecimal(previous);
  return quotient(p.digits * (hundred - r), 100n * pow10(scale + p.scale));
}

/** (current - previous) x 100 / previous: counts, one division. */
export function percentChangeOf(current: number, previous: number): number {
  const [c, p] = aligned(toDecimal(current), toDecimal(previous));
  return quotient((c - p) * 100n, p);
}

/** numerator x factor / denominator, one division (a rate per 100 or per 1,000). */
export function scaledRatio(numerator: number, denominator: number, factor: number): number {
  const [n, d] = aligned(toDecimal(numerator), toDecimal(denominator));
  const f = toDecimal(factor);
  return quotient(n * f.digits, d * pow10(f.scale));
}

/** Whether the values are whole counts, as every stored figure is (anything else is worked in floating point). */
const counts = (...values: number[]) => values.every(Number.isSafeInteger);

/** t x recorded / 100 - outcomes as a fraction: outcomes short of a rate target of t% (negative = ahead). */
export function rateGap(
  targetPercent: number,
  recorded: number,
  outcomes: number,
): { numerator: bigint; denominator: bigint } {
  const t = toDecimal(targetPercent);
  const denominator = 100n * pow10(t.scale);
  return { numerator: t.digits * BigInt(recorded) - BigInt(outcomes) * denominator, denominator };
}

/** Whether part / whole x 100 >= t, compared in integers (whole > 0). */
export function rateAtLeast(part: number, whole: number, targetPercent: number): boolean {
  if (!counts(part, whole)) return (part * 100) / whole >= targetPercent - 1e-9;
  const t = toDecimal(targetPercent);
  return BigInt(part) * 100n * pow10(t.scale) >= t.digits * BigInt(whole);
}

/** ceil(numerator / denominator) for a positive denominator, in integers. */
export function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  return numerator % denominator !== 0n && numerator > 0n ? q + 1n : q;
}

/** t - part x 100 / whole: points a rate of part/whole falls short of a target of t% (positive = short). */
export function pointsBelowRate(targetPercent: number, part: number, whole: number): number {
  if (!counts(part, whole)) return targetPercent - (part * 100) / whole;
  const t = toDecimal(targetPercent);
  const w = BigInt(whole);
  return quotient(t.digits * w - BigInt(part) * 100n * pow10(t.scale), w * pow10(t.scale));
}

/** ((C - P) x 100) / P + r: points a change falls short of a targeted reduction of r% (positive = short). */
export function pointsAboveReduction(current: number, previous: number, reductionPercent: number): number {
  if (!counts(current, previous)) return ((current - previous) * 100) / previous + reductionPercent;
  const r = toDecimal(reductionPercent);
  const p = BigInt(previous);
  return quotient((BigInt(current) - p) * 100n * pow10(r.scale) + r.digits * p, p * pow10(r.scale));
}
