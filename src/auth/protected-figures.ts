/**
 * Where disclosure control meets the loaders: which figures are perturbed for this request, and
 * their series and survey answers with noise (src/auth/perturbation.ts). Loads are issued in
 * the same tick as a keyed caller's would be, so they join the same batches: no statement added.
 */
import type { Context } from '../context/context';
import type { AreaRecord, CategoryRecord } from '../loaders/dimension.loaders';
import { seriesKey, type SatisfactionHistory } from '../loaders/figure.loaders';
import type { Series } from '../performance/figures';
import {
  FIGURES_PERTURBED,
  FIGURES_WITHHELD,
  isRestricted,
  NOISE_BOUND_BY_LEVEL,
  RUNNING_TOTALS_FROM,
} from './disclosure';
import { disclosureKey } from './disclosure-key';
import { NOISE_BOUND, perturbSeries, perturbSurvey, SeriesNoise } from './perturbation';
import { noiseSources, SENSITIVE_SURVEYS } from './sensitivity';

const noiseByRequest = new WeakMap<Context, Map<string, SeriesNoise>>();

/** The noise of one series for this request (one HMAC per series per request). */
function noiseOf(ctx: Context, bound: number, seriesId: string): SeriesNoise {
  let memo = noiseByRequest.get(ctx);
  if (!memo) noiseByRequest.set(ctx, (memo = new Map<string, SeriesNoise>()));
  let noise = memo.get(seriesId);
  if (!noise) memo.set(seriesId, (noise = new SeriesNoise(disclosureKey(), seriesId, bound)));
  return noise;
}

/**
 * The categories whose noise a figure of this area and category carries for this caller: null
 * when its counts are exact; undefined when it cannot be told yet (the dimension snapshot is
 * not loaded: it always is once an area has been read).
 */
export function protectionOf(
  ctx: Context,
  area: AreaRecord,
  category: CategoryRecord,
): CategoryRecord[] | null | undefined {
  if (!isRestricted(ctx.caller, area.level, true, ctx.disclosureThreshold)) return null;
  const snapshot = ctx.loaders.snapshotNow();
  if (!snapshot) return undefined;
  const sources = noiseSources(snapshot, category);
  return sources.length ? sources : null;
}

/** As protectionOf, waiting for the snapshot when needed. */
export async function protectionFor(
  ctx: Context,
  area: AreaRecord,
  category: CategoryRecord,
): Promise<CategoryRecord[] | null> {
  const now = protectionOf(ctx, area, category);
  if (now !== undefined) return now;
  await ctx.loaders.snapshot();
  return protectionOf(ctx, area, category) ?? null;
}

/**
 * The perturbed series of an area and category to a month: its own facts and its noise
 * sources', all from the start of the data (running totals need every fact), loaded together.
 */
export function protectedSeries(
  ctx: Context,
  area: AreaRecord,
  category: CategoryRecord,
  sources: readonly CategoryRecord[],
  to: number,
): Promise<Series> {
  const own = ctx.figures.series.load(seriesKey(area.id, category.id, RUNNING_TOTALS_FROM, to));
  const parts = sources.map((s) => ctx.figures.series.load(seriesKey(area.id, s.id, RUNNING_TOTALS_FROM, to)));
  return Promise.all([own, Promise.all(parts)]).then(([series, loaded]) => {
    noteFiguresPerturbed(ctx);
    const bound = NOISE_BOUND_BY_LEVEL[area.level] ?? NOISE_BOUND;
    return perturbSeries(
      series,
      loaded.map((part, i) => ({
        series: part,
        recorded: noiseOf(ctx, bound, `crime|${area.code}|${sources[i].code}|recorded`),
        outcomes: noiseOf(ctx, bound, `crime|${area.code}|${sources[i].code}|outcomes`),
      })),
    );
  });
}

/** Whether an area's answers to a survey are perturbed for this caller. */
export function surveyPerturbed(ctx: Context, area: AreaRecord, survey: string): boolean {
  return SENSITIVE_SURVEYS.has(survey) && isRestricted(ctx.caller, area.level, true, ctx.disclosureThreshold);
}

/**
 * Survey answers with noise, for an area and survey that surveyPerturbed says so of. Surveys are
 * answered by BCU, where respondents are few: they get the full bound at every level.
 */
export function protectedSurvey(
  ctx: Context,
  area: AreaRecord,
  survey: string,
  history: SatisfactionHistory,
): SatisfactionHistory {
  noteFiguresPerturbed(ctx);
  return perturbSurvey(history, (aspect, what) =>
    noiseOf(ctx, NOISE_BOUND, `survey|${area.code}|${survey}|${aspect}|${what}`),
  ) as SatisfactionHistory;
}

/** The answer holds perturbed counts: said once, for the whole answer. */
export function noteFiguresPerturbed(ctx: Context): void {
  ctx.warnings.add({
    code: FIGURES_PERTURBED,
    message:
      'Some counts hold sensitive records below force level and carry small zero-mean noise (a few either ' +
      'way) for callers without an API key; see disclosure on each figure.',
  });
}

/** A breakdown was withheld from this caller: said once, for the whole answer. */
export function noteFiguresWithheld(ctx: Context): void {
  ctx.warnings.add({
    code: FIGURES_WITHHELD,
    message:
      'Some breakdowns of figures with perturbed counts (outcomes by type, crimes under investigation, a ' +
      'peer comparison with members below force level) are null for callers without an API key.',
  });
}
