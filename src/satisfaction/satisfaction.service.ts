import { requireArea } from '../area/area.service';
import { ratePercent } from '../calc/rates';
import type { Context } from '../context/context';
import type { AreaRecord } from '../loaders/dimension.loaders';
import type { SatisfactionHistory } from '../loaders/figure.loaders';
import { addMonths, formatMonth, monthsBetween, parseMonth } from '../period/month';
import { periodLabel, trailingMonths, type ResolvedPeriod } from '../period/period';
import { clipToHorizon, type Horizon } from '../period/horizon';
import { pointsBelowRate, rateAtLeast } from '../calc/exact';
import { toPeriod } from '../period/period.type';
import { WarningCode } from '../warnings/codes';
import { ASPECTS } from '../import/kinds';
import type { Survey } from '../enums/enums';
import { NOT_RESTRICTED, PERTURBED, RUNNING_TOTALS_FROM } from '../auth/disclosure';
import { protectedSurvey, surveyPerturbed } from '../auth/protected-figures';

const WINDOW = 12;

/** Respondents and satisfied per month (YYYYMM) of one aspect. */
type MonthTotals = Map<number, { respondents: number; satisfied: number }>;

/** One pass over the history: per aspect, its months' totals. */
function totalsByAspect(history: SatisfactionHistory): Map<string, MonthTotals> {
  const out = new Map<string, MonthTotals>();
  for (let i = 0; i < history.months.length; i++) {
    let months = out.get(history.aspects[i]);
    if (!months) out.set(history.aspects[i], (months = new Map() as MonthTotals));
    const t = months.get(history.months[i]);
    if (t) {
      t.respondents += history.respondents[i];
      t.satisfied += history.satisfied[i];
    } else months.set(history.months[i], { respondents: history.respondents[i], satisfied: history.satisfied[i] });
  }
  return out;
}

/** Sums of an aspect's months from..to (YYYYMM, inclusive), with the rate. */
function sums(months: MonthTotals | undefined, from: number, to: number) {
  let respondents = 0;
  let satisfied = 0;
  if (months) {
    for (let m = from; m <= to; m = addMonths(m, 1)) {
      const t = months.get(m);
      if (t) {
        respondents += t.respondents;
        satisfied += t.satisfied;
      }
    }
  }
  return { respondents, satisfied, rate: ratePercent(satisfied, respondents) };
}

/**
 * Rolling 12-month satisfaction of an area and survey ending at a month (YYYYMM), against the
 * target of the objective that applies (or `target`, a scorecard's own objective's). The month
 * by month detail (monthly, aspects, monthsWithoutData) is computed when a document asks for it.
 */
export async function satisfactionOf(
  ctx: Context,
  area: AreaRecord,
  survey: Survey,
  askedAsOf: number,
  options: { target?: number; path?: ReadonlyArray<string | number> } = {},
) {
  const snapshotNow = ctx.loaders.snapshotNow() ?? (await ctx.loaders.snapshot());
  const asOf = surveyMonth(ctx, snapshotNow.horizons.satisfaction, askedAsOf, options.path);
  const window = trailingMonths(asOf, WINDOW);
  const asked = trailingMonths(askedAsOf, WINDOW);
  // A survey of victims of a sensitive category, below force level, for a caller without a key:
  // perturbed running totals over every answer (src/auth/disclosure.ts), so read from the start.
  const perturbed = surveyPerturbed(ctx, area, survey);
  const historyFrom = perturbed ? RUNNING_TOTALS_FROM : addMonths(window.from, -(WINDOW - 1));
  const [loaded, snapshot] = await Promise.all([
    ctx.figures.satisfaction.load(`${area.id}|${survey}|${historyFrom}|${asOf}`),
    ctx.loaders.snapshot(),
  ]);
  const history = perturbed ? protectedSurvey(ctx, area, survey, loaded) : loaded;
  const match = snapshot.surveyTarget(area.id, survey, asOf);
  const byAspect = totalsByAspect(history);
  const whole = byAspect.get('WHOLE_EXPERIENCE');
  const overall = sums(whole, window.from, window.to);
  const target = options.target ?? match?.target ?? null;
  const months = () => monthsBetween(window.from, window.to);
  const missing = months().filter((m) => !whole?.has(m));
  if (missing.length > 0) {
    ctx.warnings.add({
      code: WarningCode.MONTHS_WITHOUT_DATA,
      message:
        `No ${survey} survey responses for ${area.code} in ${missing.map(formatMonth).join(', ')}: the rate is ` +
        `over the other months of the 12.`,
      path: options.path,
    });
  }
  return {
    areaId: area.id,
    area,
    survey,
    objectiveMatch: match ? { objectiveId: match.objectiveId, areaId: match.areaId } : null,
    period: toPeriod(rolling(window), rolling(asked)),
    rate: overall.rate,
    respondents: overall.respondents,
    satisfied: overall.satisfied,
    target,
    targetMet:
      target === null || overall.rate === null ? null : rateAtLeast(overall.satisfied, overall.respondents, target),
    gap:
      target === null || overall.rate === null ? null : pointsBelowRate(target, overall.satisfied, overall.respondents),
    disclosure: perturbed ? PERTURBED(ctx.disclosureThreshold) : NOT_RESTRICTED(ctx.disclosureThreshold),
    get aspects() {
      return ASPECTS.map((aspect) => ({ aspect, ...sums(byAspect.get(aspect), window.from, window.to) }));
    },
    get monthly() {
      return months().map((month) => {
        const own = sums(whole, month, month);
        return {
          month: formatMonth(month),
          rate: own.rate,
          respondents: own.respondents,
          rollingRate: sums(whole, addMonths(month, -(WINDOW - 1)), month).rate,
        };
      });
    },
    get monthsWithoutData() {
      return months()
        .filter((m) => !whole?.has(m))
        .map(formatMonth);
    },
  };
}

export async function satisfactionFor(
  ctx: Context,
  areaCode: string,
  survey: Survey,
  asOf: string,
  path?: ReadonlyArray<string | number>,
) {
  const month = parseMonth(asOf, 'asOf');
  return satisfactionOf(ctx, await requireArea(ctx, areaCode), survey, month, { path });
}

const rolling = (w: { from: number; to: number }): ResolvedPeriod => ({
  kind: 'ROLLING',
  ...w,
  months: WINDOW,
  label: periodLabel('ROLLING', w.from, w.to),
});

/**
 * The last month of the 12 measured: asOf, or the last month of survey data when asOf is past it
 * (a PERIOD_CLIPPED warning says so). 12 months wholly past the data, or ending before its first
 * month, are PERIOD_OUTSIDE_DATA.
 */
export function surveyMonth(
  ctx: Context,
  horizon: Horizon | null,
  asOf: number,
  path?: ReadonlyArray<string | number>,
): number {
  const asked = rolling(trailingMonths(asOf, WINDOW));
  const compared = clipToHorizon(asked, horizon, 'satisfaction');
  if (!compared.clipped || compared.period.to === asOf) return asOf;
  const last = compared.period.to;
  ctx.warnings.add({
    code: WarningCode.PERIOD_CLIPPED,
    message:
      `${asked.label} was answered as the 12 months to ${formatMonth(last)}: the victim satisfaction surveys end ` +
      `at ${formatMonth(last)}.`,
    path,
  });
  return last;
}
