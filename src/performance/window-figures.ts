/**
 * Figures over a trailing window of months ending with the period (trend, control chart): read
 * from the node's series when the window lies within it, so a prefetched row answers without a
 * promise; cut at the first month of recorded crime, with a warning.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { trend } from '../calc/trend';
import { xmrChart } from '../calc/control-chart';
import type { Context } from '../context/context';
import { BadUserInputError } from '../errors/errors';
import type { DisclosureDecision } from '../auth/disclosure';
import { seriesKey } from '../loaders/figure.loaders';
import { formatMonth } from '../period/month';
import { trailingMonths, type ResolvedPeriod } from '../period/period';
import { WarningCode } from '../warnings/codes';
import { seriesValues } from './figures';
import { ControlChartValue } from './figure-values';
import type { PerformanceNode } from './performance.node';

/**
 * The trailing `n` months to `to`, from the first month of recorded crime at the earliest: months
 * before the data are not known, and counting them as 0 would bend a trend or a chart.
 */
export function trailingInData(ctx: Context, to: number, n: number): { from: number; to: number } {
  const window = trailingMonths(to, n);
  const first = ctx.loaders.snapshotNow()?.horizons.recordedCrime?.first;
  return first !== undefined && window.from < first && to >= first ? { from: first, to } : window;
}

/** Warns (PERIOD_CLIPPED, at the field) when a trailing window of `n` months was cut at the first month of data. */
export function warnWindow(
  ctx: Context,
  info: Pick<GraphQLResolveInfo, 'path'> | undefined,
  to: number,
  n: number,
  what: string,
): void {
  if (!Number.isInteger(n) || n < 1) return; // the field reports it
  const window = trailingInData(ctx, to, n);
  if (!info || window.from === trailingMonths(to, n).from) return;
  ctx.warnings.addAt(
    info,
    WarningCode.PERIOD_CLIPPED,
    `The ${n}-month ${what} to ${formatMonth(to)} starts before the first month of recorded crime data: ` +
      `it covers ${formatMonth(window.from)} to ${formatMonth(to)} only.`,
  );
}

/** The months a control chart covers when none are asked for: the period's, at least 12. */
export const chartMonths = (range: ResolvedPeriod, months: number | null | undefined): number =>
  months ?? Math.max(range.months, 12);

/**
 * A series over a window and the disclosure decision, now when both are known (the window lies
 * within the node's series, which its figures loaded), else a promise of them.
 */
function windowValues(
  ctx: Context,
  node: PerformanceNode,
  from: number,
  to: number,
):
  { disclosure: DisclosureDecision; values: number[] } | Promise<{ disclosure: DisclosureDecision; values: number[] }> {
  const disclosure = node.disclosureNow(ctx);
  // A perturbed node's series holds every month from the start of the data: windows lie within.
  const within = from >= node.seriesFrom || node.protection(ctx) !== null;
  if (within && node.seriesNow && disclosure) return { disclosure, values: seriesValues(node.seriesNow, from, to) };
  return Promise.all([
    node.disclosure(ctx),
    within ? node.series(ctx) : ctx.figures.series.load(seriesKey(node.area.id, node.category.id, from, to)),
  ]).then(([d, series]) => ({ disclosure: d, values: seriesValues(series, from, to) }));
}

function then<T, R>(value: T | Promise<T>, f: (v: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}

export function trendOf(ctx: Context, node: PerformanceNode, months: number) {
  if (!Number.isInteger(months) || months < 2 || months > 120) {
    throw new BadUserInputError(`A trend needs between 2 and 120 months; got ${months}.`, 'months');
  }
  const window = trailingInData(ctx, node.range.to, months);
  return then(windowValues(ctx, node, window.from, window.to), ({ disclosure, values }) => {
    if (disclosure.withheld) return null;
    const result = trend(values, { months });
    return {
      direction: result.direction,
      slope: result.slope,
      relativeChange: result.relativeChangePercent,
      months: result.months,
    };
  });
}

export function controlChartOf(ctx: Context, node: PerformanceNode, months: number | null) {
  const n = chartMonths(node.range, months);
  if (!Number.isInteger(n) || n < 2 || n > 240)
    throw new BadUserInputError(`A control chart needs between 2 and 240 months; got ${n}.`, 'months');
  const window = trailingInData(ctx, node.range.to, n);
  return then(windowValues(ctx, node, window.from, window.to), ({ disclosure, values }) => {
    if (disclosure.withheld) return null;
    const chart = xmrChart(values);
    return chart ? new ControlChartValue(chart, window.from, window.to) : null;
  });
}
