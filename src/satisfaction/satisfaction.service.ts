import { requireArea } from '../area/area.service';
import { ratePercent } from '../calc/rates';
import type { Context } from '../context/context';
import type { AreaRecord } from '../loaders/dimension.loaders';
import type { SatisfactionMonth as MonthRow } from '../loaders/figure.loaders';
import { addMonths, formatMonth, monthsBetween, parseMonth } from '../period/month';
import { periodLabel, trailingMonths } from '../period/period';
import { ASPECTS } from '../import/kinds';
import type { Survey } from '../shared/enums';

const WINDOW = 12;

function sums(rows: MonthRow[], from: number, to: number, aspect: string) {
  let respondents = 0;
  let satisfied = 0;
  for (const r of rows) {
    if (r.aspect === aspect && r.month >= from && r.month <= to) {
      respondents += r.respondents;
      satisfied += r.satisfied;
    }
  }
  return { respondents, satisfied, rate: ratePercent(satisfied, respondents) };
}

/** Rolling 12-month satisfaction of an area and survey ending at a month (YYYYMM). */
export async function satisfactionOf(ctx: Context, area: AreaRecord, survey: Survey, asOf: number) {
  const window = trailingMonths(asOf, WINDOW);
  const historyFrom = addMonths(window.from, -(WINDOW - 1));
  const [rows, snapshot] = await Promise.all([ctx.figures.satisfaction.load(`${area.id}|${survey}|${historyFrom}|${asOf}`), ctx.loaders.snapshot()]);
  const match = snapshot.surveyTarget(area.id, survey, asOf);
  const whole = sums(rows, window.from, window.to, 'WHOLE_EXPERIENCE');
  const target = match?.target ?? null;
  const months = monthsBetween(window.from, window.to);
  const withData = new Set(rows.filter((r) => r.aspect === 'WHOLE_EXPERIENCE').map((r) => r.month));
  return {
    areaId: area.id,
    area,
    survey,
    objectiveMatch: match ? { objectiveId: match.objectiveId, areaId: match.areaId } : null,
    period: { kind: 'ROLLING', from: formatMonth(window.from), to: formatMonth(window.to), months: WINDOW, label: periodLabel('ROLLING', window.from, window.to) },
    rate: whole.rate,
    respondents: whole.respondents,
    satisfied: whole.satisfied,
    target,
    targetMet: target === null || whole.rate === null ? null : whole.rate >= target - 1e-9,
    gap: target === null || whole.rate === null ? null : target - whole.rate,
    aspects: ASPECTS.map((aspect) => ({ aspect, ...sums(rows, window.from, window.to, aspect) })),
    monthly: months.map((month) => {
      const own = sums(rows, month, month, 'WHOLE_EXPERIENCE');
      return { month: formatMonth(month), rate: own.rate, respondents: own.respondents, rollingRate: sums(rows, addMonths(month, -(WINDOW - 1)), month, 'WHOLE_EXPERIENCE').rate };
    }),
    monthsWithoutData: months.filter((m) => !withData.has(m)).map(formatMonth),
  };
}

export async function satisfactionFor(ctx: Context, areaCode: string, survey: Survey, asOf: string) {
  const month = parseMonth(asOf, 'asOf');
  return satisfactionOf(ctx, await requireArea(ctx, areaCode), survey, month);
}
