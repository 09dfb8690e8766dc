/**
 * Cell-key perturbation of running totals: the noise an anonymous caller's counts get below
 * force level for categories holding sensitive records (docs/disclosure.md). Pure: the key is
 * passed in (src/auth/disclosure-key.ts reads it from configuration).
 *
 * Why running totals: if every period were a cell of its own with its own noise, the year to
 * date to November minus the year to date to October, asked from every possible first month,
 * would give dozens of independent noisy copies of November's count, and their mean the count
 * itself. Here the noise sits on the running total of a series (every fact since the start of
 * the data) at the end of each month, and a period's count is the difference of two perturbed
 * running totals. Every period, month and difference of periods then comes from the same few
 * perturbed values: asking again, or differently, tells nothing new. A month's noise is the
 * difference of two cut-point noises, so it is zero-mean and at most 2 x the bound B either way.
 *
 * The noise of a cut point is keyed on the series (area, category or survey, what is counted)
 * and on the running total there: the cell's contents, not its name. A month with no records
 * leaves the running total as it was, so it keeps its 0; the same records always give the same
 * noise, on every instance holding the same key.
 *
 * Counts are never negative: the noise H(c) of a running total c is the largest of G(c - j) - j
 * (j = 0..2B - 1) over independent draws G in -B..B, so H(c + 1) >= H(c) - 1 and the perturbed
 * running total c + H(c) never falls: every perturbed count is 0 or more. G's distribution is
 * chosen so that H is uniform on -B..B: with B = 2 a count is shown as itself one time in five,
 * whatever it is (drawsCdf).
 */
import { createHmac, hash } from 'node:crypto';

/** The default bound B of the noise of a running total: a count moves by at most 2B either way. */
export const NOISE_BOUND = 2;
/** G values per hash: 8 four-byte words of a SHA-256. */
const BLOCK = 8;

const cdfs = new Map<number, number[]>();

/**
 * The cumulative distribution of the draws G (index v + B for v in -B..B) that makes
 * H = max_j (G(c - j) - j) uniform on -B..B: P(H <= h) = prod_j P(G <= h + j), solved from the top.
 */
export function drawsCdf(bound: number): number[] {
  let cdf = cdfs.get(bound);
  if (!cdf) {
    const values = 2 * bound + 1;
    const g = new Map<number, number>();
    for (let v = bound; v >= -bound; v--) {
      let above = 1;
      for (let j = 1; j < 2 * bound; j++) above *= v + j >= bound ? 1 : g.get(v + j)!;
      g.set(v, v >= bound ? 1 : (v + bound + 1) / values / above);
    }
    cdf = [];
    for (let v = -bound; v <= bound; v++) cdf.push(g.get(v)!);
    cdfs.set(bound, cdf);
  }
  return cdf;
}

/** The noise of the running totals of one series: H(c) for a running total c, memoised. */
export class SeriesNoise {
  private readonly seed: string;
  private readonly blocks = new Map<number, Buffer>();
  private readonly memo = new Map<number, number>();

  private readonly cdf: number[];

  constructor(
    key: Buffer,
    seriesId: string,
    readonly bound: number = NOISE_BOUND,
  ) {
    // One HMAC per series; the cut points then hash the series' own secret seed.
    this.seed = createHmac('sha256', key).update(`${bound}|${seriesId}`).digest('hex');
    this.cdf = drawsCdf(bound);
  }

  /** The draw G(n) in -bound..bound. */
  draw(n: number): number {
    const block = Math.floor(n / BLOCK);
    let bytes = this.blocks.get(block);
    if (!bytes) this.blocks.set(block, (bytes = hash('sha256', `${this.seed}|${block}`, 'buffer') as Buffer));
    const u = bytes.readUInt32BE((n - block * BLOCK) * 4) / 2 ** 32;
    let v = 0;
    while (v < this.cdf.length - 1 && u >= this.cdf[v]) v++;
    return v - this.bound;
  }

  /** H(c): the noise added to a running total c. */
  at(c: number): number {
    let h = this.memo.get(c);
    if (h === undefined) {
      h = -Infinity;
      for (let j = 0; j < 2 * this.bound; j++) h = Math.max(h, this.draw(c - j) - j);
      this.memo.set(c, h);
    }
    return h;
  }
}

/**
 * The noise each month adds to a count series: for months in ascending order with their counts
 * (every month with a fact since the start of the data), H(running total after the month) minus
 * H(running total before it). Adding it to the counts gives the perturbed counts, each 0 or more.
 */
export function monthlyNoise(noise: SeriesNoise, counts: readonly number[]): number[] {
  const out = new Array<number>(counts.length);
  let total = 0;
  let before = noise.at(0);
  for (let i = 0; i < counts.length; i++) {
    total += counts[i];
    const after = noise.at(total);
    out[i] = after - before;
    before = after;
  }
  return out;
}

/** A monthly series as the series loader returns it (src/performance/figures.ts Series). */
export interface CountSeries {
  months: number[];
  recorded: number[];
  outcomes: number[];
}

/**
 * A series with noise added: the series' own counts plus, month by month, the noise of each
 * noise source (the sensitive categories at the bottom of its subtree, each a series of its own
 * with its own key). A category then carries exactly the noise of the sensitive records it
 * holds: all crime minus its other categories gives sexual offences with sexual offences' own
 * noise, no second noisy copy of them. The sources' months are within the series' own (a
 * category's facts include its subcategories'), so every count stays 0 or more.
 */
export function perturbSeries(
  own: CountSeries,
  sources: readonly { series: CountSeries; recorded: SeriesNoise; outcomes: SeriesNoise }[],
): CountSeries {
  const at = new Map<number, number>();
  own.months.forEach((m, i) => at.set(m, i));
  const recorded = [...own.recorded];
  const outcomes = [...own.outcomes];
  for (const source of sources) {
    const dr = monthlyNoise(source.recorded, source.series.recorded);
    const dout = monthlyNoise(source.outcomes, source.series.outcomes);
    source.series.months.forEach((m, i) => {
      const k = at.get(m);
      if (k === undefined) return; // not in the subtree's facts: cannot happen with consistent rollups
      recorded[k] = Math.max(0, recorded[k] + dr[i]);
      outcomes[k] = Math.max(0, outcomes[k] + dout[i]);
    });
  }
  return { months: [...own.months], recorded, outcomes };
}

/** Survey answers as the satisfaction loader returns them: one entry per month and aspect. */
export interface SurveyHistory {
  months: number[];
  aspects: string[];
  respondents: number[];
  satisfied: number[];
}

/**
 * Survey answers with noise: per aspect, the satisfied and the not satisfied are two count
 * series, each perturbed on its running totals; respondents are their sum, so a rate stays
 * between 0 and 100 and respondents and satisfied always agree.
 */
export function perturbSurvey(
  history: SurveyHistory,
  noiseOf: (aspect: string, what: 'satisfied' | 'unsatisfied') => SeriesNoise,
): SurveyHistory {
  const byAspect = new Map<string, number[]>();
  history.aspects.forEach((a, i) => {
    let list = byAspect.get(a);
    if (!list) byAspect.set(a, (list = []));
    list.push(i);
  });
  const respondents = [...history.respondents];
  const satisfied = [...history.satisfied];
  for (const [aspect, rows] of byAspect) {
    rows.sort((x, y) => history.months[x] - history.months[y]);
    const sat = rows.map((i) => history.satisfied[i]);
    const unsat = rows.map((i) => history.respondents[i] - history.satisfied[i]);
    const ds = monthlyNoise(noiseOf(aspect, 'satisfied'), sat);
    const du = monthlyNoise(noiseOf(aspect, 'unsatisfied'), unsat);
    rows.forEach((i, k) => {
      satisfied[i] = sat[k] + ds[k];
      respondents[i] = sat[k] + ds[k] + unsat[k] + du[k];
    });
  }
  return { months: [...history.months], aspects: [...history.aspects], respondents, satisfied };
}
