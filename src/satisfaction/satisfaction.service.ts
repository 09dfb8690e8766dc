import { requireArea } from '../area/area.service';
import { ratePercent } from '../calc/rates';
import type { Context } from '../context/context';
import type { AreaRecord } from '../loaders/dimension.loaders';
import type { SatisfactionHistory } from '../loaders/figure.loaders';
import { addMonths, formatMonth, monthsBetween, parseMonth } from '../period/month';
import { periodLabel, trailingMonths } from '../period/period';
import { ASPECTS } from '../import/kinds';
import type { Survey } from '../shared/enums';
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
    if (!months) out.set(history.aspects[i], (months = new Map()));
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
export async function satisfactionOf(ctx: Context, area: AreaRecord, survey: Survey, asOf: number, options: { target?: number } = {}) {
  const window = trailingMonths(asOf, WINDOW);
  // A survey of victims of a sensitive category, below force level, for a caller without a key:
  // perturbed running totals over every answer (src/auth/disclosure.ts), so read from the start.
  const perturbed = surveyPerturbed(ctx, area, survey);
  const historyFrom = perturbed ? RUNNING_TOTALS_FROM : addMonths(window.from, -(WINDOW - 1));
  const [loaded, snapshot] = await Promise.all([ctx.figures.satisfaction.load(`${area.id}|${survey}|${historyFrom}|${asOf}`), ctx.loaders.snapshot()]);
  const history = perturbed ? protectedSurvey(ctx, area, survey, loaded) : loaded;
  const match = snapshot.surveyTarget(area.id, survey, asOf);
  const byAspect = totalsByAspect(history);
  const whole = byAspect.get('WHOLE_EXPERIENCE');
  const overall = sums(whole, window.from, window.to);
  const target = options.target ?? match?.target ?? null;
  const months = () => monthsBetween(window.from, window.to);
  return {
    areaId: area.id,
    area,
    survey,
    objectiveMatch: match ? { objectiveId: match.objectiveId, areaId: match.areaId } : null,
    period: { kind: 'ROLLING', from: formatMonth(window.from), to: formatMonth(window.to), months: WINDOW, label: periodLabel('ROLLING', window.from, window.to) },
    rate: overall.rate,
    respondents: overall.respondents,
    satisfied: overall.satisfied,
    target,
    targetMet: target === null || overall.rate === null ? null : overall.rate >= target - 1e-9,
    gap: target === null || overall.rate === null ? null : target - overall.rate,
    disclosure: perturbed ? PERTURBED(ctx.disclosureThreshold) : NOT_RESTRICTED(ctx.disclosureThreshold),
    get aspects() {
      return ASPECTS.map((aspect) => ({ aspect, ...sums(byAspect.get(aspect), window.from, window.to) }));
    },
    get monthly() {
      return months().map((month) => {
        const own = sums(whole, month, month);
        return { month: formatMonth(month), rate: own.rate, respondents: own.respondents, rollingRate: sums(whole, addMonths(month, -(WINDOW - 1)), month).rate };
      });
    },
    get monthsWithoutData() {
      return months()
        .filter((m) => !whole?.has(m))
        .map(formatMonth);
    },
  };
}

export async function satisfactionFor(ctx: Context, areaCode: string, survey: Survey, asOf: string) {
  const month = parseMonth(asOf, 'asOf');
  return satisfactionOf(ctx, await requireArea(ctx, areaCode), survey, month);
}
