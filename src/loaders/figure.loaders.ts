/**
 * Per-request DataLoaders for the facts. Every batch is one SQL statement over the rollup
 * tables, whatever the number of (area, category, months) keys a document asks for: the
 * keys travel as parallel arrays through unnest() WITH ORDINALITY and the answers come back
 * in the keys' order. A series' keys are FactKey objects; the others' strings of integers
 * (a survey's name in a satisfaction key) joined by "|".
 *
 * The statements go straight to the driver (rawSql, counted into the request's counter), and
 * a series comes back as one row of three arrays per key rather than a row per month: 352
 * LPUs' 24 months are 352 rows, not 8,448 row objects. The targets that apply to a figure
 * are not facts: they come from the dimension snapshot (src/loaders/dimensions.ts).
 */
import type DataLoader from 'dataloader';
import { BatchScheduler, batched } from './batched';
import { rawSql, type StatementCounter } from '../db/database';
import type { PrismaClient } from '../generated/prisma/client';
import type { OutcomeType, SatisfactionAspect, Survey } from '../generated/prisma/enums';
import { totalRecorded, type Series } from '../performance/figures';

export type { MonthFacts } from '../performance/figures';

export type { ObjectiveMatch } from './dimensions';

/** Satisfaction responses as parallel arrays, one entry per month and aspect, months ascending. */
export interface SatisfactionHistory {
  months: number[];
  aspects: SatisfactionAspect[];
  respondents: number[];
  satisfied: number[];
}
export interface OutcomeTypeCount {
  outcomeType: OutcomeType;
  count: number;
}

const split = (keys: readonly string[]) => keys.map((k) => k.split('|'));
/**
 * One part of every key as an array parameter. Integer parts go as a PostgreSQL array literal
 * ('{1,2,3}', cast by the statement's $n::int[]): the keys are made of integers, and pg's own
 * array escaping costs more than the rest of a batch's arguments together.
 */
const column = (parts: string[][], i: number, numeric = true) =>
  numeric ? `{${parts.map((p) => p[i]).join(',')}}` : parts.map((p) => p[i]);

/**
 * An area, a category subtree and a month range: the key of a series or of outcomes by type.
 * An object with its numbers, so a batch of hundreds reads them as they are rather than
 * splitting strings; its cache key is the string.
 */
export interface FactKey {
  readonly areaId: number;
  readonly categoryId: number;
  readonly from: number;
  readonly to: number;
}
export const seriesKey = (areaId: number, categoryId: number, from: number, to: number): FactKey => ({
  areaId,
  categoryId,
  from,
  to,
});
const factCacheKey = (k: FactKey) => `${k.areaId}|${k.categoryId}|${k.from}|${k.to}`;
/** An integer field of every key as a PostgreSQL array literal (see column). */
const ints = (keys: readonly FactKey[], pick: (k: FactKey) => number) => `{${keys.map(pick).join(',')}}`;
const factColumns = (keys: readonly FactKey[]) => [
  ints(keys, (k) => k.areaId),
  ints(keys, (k) => k.categoryId),
  ints(keys, (k) => k.from),
  ints(keys, (k) => k.to),
];

/** Rows grouped by their first column, a key's 1-based position; the rest of each row mapped. */
function byPosition<R>(count: number, rows: unknown[][], map: (row: unknown[]) => R): R[][] {
  const out: R[][] = Array.from({ length: count }, () => []);
  for (const row of rows) out[(row[0] as number) - 1]?.push(map(row));
  return out;
}

const EMPTY_SERIES: Series = { months: [], recorded: [], outcomes: [] };
const EMPTY_SATISFACTION: SatisfactionHistory = { months: [], aspects: [], respondents: [], satisfied: [] };

export function createFigureLoaders(
  prisma: PrismaClient,
  scheduler: BatchScheduler = new BatchScheduler(),
  counter: StatementCounter | null = null,
) {
  const sql = rawSql(prisma);
  const query = (text: string, args: unknown[]) => sql.query(counter, text, args);
  const load = <K, V>(batch: DataLoader.BatchLoadFn<K, V>) => batched(batch, scheduler);
  const loadByFacts = <V>(batch: DataLoader.BatchLoadFn<FactKey, V>) => batched(batch, scheduler, factCacheKey);

  /**
   * Monthly recorded crimes and outcomes of an area and category subtree, months ascending; months with no facts are
   * absent.
   */
  const series = loadByFacts<Series>(async (keys) => {
    // One row: a JSON array with, per key in order, [months, recorded, outcomes] (nulls when no facts).
    // JSON.parse builds the numbers natively; int[] columns would go through pg's text array parser.
    const [[json]] = await query(
      `SELECT json_agg(s.v ORDER BY k.idx)::text
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, category_id, from_month,
         to_month, idx)
       CROSS JOIN LATERAL (
         SELECT json_build_array(array_agg(f.month), array_agg(f.recorded), array_agg(f.outcomes)) AS v
         FROM (SELECT r.month, r.recorded, r.outcomes FROM fact_rollup r
               WHERE r.category_id = k.category_id AND r.area_id = k.area_id AND r.month BETWEEN k.from_month AND
                 k.to_month
               ORDER BY r.month) f
       ) s`,
      factColumns(keys),
    );
    const parsed = JSON.parse(json as string) as [number[] | null, number[] | null, number[] | null][];
    return parsed.map(([months, recorded, outcomes]) =>
      months ? { months, recorded: recorded!, outcomes: outcomes! } : EMPTY_SERIES,
    );
  });

  /** Outcomes by type summed over a month range, most first. */
  const outcomeTypes = loadByFacts<OutcomeTypeCount[]>(async (keys) => {
    const rows = await query(
      `SELECT k.idx::int AS idx, r.outcome_type::text AS "outcomeType", sum(r.count)::int AS count
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, category_id, from_month,
         to_month, idx)
       JOIN outcome_rollup r ON r.category_id = k.category_id AND r.area_id = k.area_id AND r.month BETWEEN
         k.from_month AND k.to_month
       GROUP BY k.idx, r.outcome_type ORDER BY k.idx, count DESC`,
      factColumns(keys),
    );
    return byPosition(keys.length, rows, (r) => ({ outcomeType: r[1] as OutcomeType, count: r[2] as number }));
  });

  /**
   * Crimes under investigation as of a month (a snapshot); null when none was taken that month. Key area|category|asOf.
   */
  const underInvestigation = load<string, number | null>(async (keys) => {
    const p = split(keys);
    const rows = await query(
      `SELECT k.idx::int AS idx, r.count
       FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS k(area_id, category_id, as_of, idx)
       JOIN investigation_rollup r ON r.category_id = k.category_id AND r.area_id = k.area_id AND r.as_of = k.as_of`,
      [column(p, 0), column(p, 1), column(p, 2)],
    );
    return byPosition(keys.length, rows, (r) => r[1] as number).map((found) => found[0] ?? null);
  });

  /**
   * Monthly satisfaction responses of an area subtree, per aspect, months ascending. Key
   * area|survey|from|to. Like the series: one row of JSON, per key four parallel arrays, so
   * a dashboard's surveys are not hundreds of row objects.
   */
  const satisfaction = load<string, SatisfactionHistory>(async (keys) => {
    const p = split(keys);
    const [[json]] = await query(
      `SELECT json_agg(s.v ORDER BY k.idx)::text
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, survey, from_month,
         to_month, idx)
       CROSS JOIN LATERAL (
         SELECT json_build_array(array_agg(r.month ORDER BY r.month, r.aspect), array_agg(r.aspect::text ORDER BY
           r.month, r.aspect),
                                 array_agg(r.respondents ORDER BY r.month, r.aspect), array_agg(r.satisfied ORDER BY
                                   r.month, r.aspect)) AS v
         FROM satisfaction_rollup r
         WHERE r.area_id = k.area_id AND r.survey = k.survey::"Survey" AND r.month BETWEEN k.from_month AND k.to_month
       ) s`,
      [column(p, 0), column(p, 1, false), column(p, 2), column(p, 3)],
    );
    const parsed = JSON.parse(json as string) as [
      number[] | null,
      SatisfactionAspect[] | null,
      number[] | null,
      number[] | null,
    ][];
    return parsed.map(([months, aspects, respondents, satisfied]) =>
      months ? { months, aspects: aspects!, respondents: respondents!, satisfied: satisfied! } : EMPTY_SATISFACTION,
    );
  });

  /**
   * Each member's recorded crimes over a window, from the members' series (which join the
   * batch of whatever series the request loads in the same tick): worked out once per group,
   * category and window, however many rows of a league table compare against the group.
   */
  const memberTotals = new Map<string, Promise<number[]>>();
  const peerTotals = (
    groupId: number,
    memberIds: readonly number[],
    categoryId: number,
    from: number,
    to: number,
  ): Promise<number[]> => {
    // The members are part of the key: a request that reloads the dimension snapshot (a code
    // written around the API) may see a group's membership change.
    const key = `${groupId}|${categoryId}|${from}|${to}|${memberIds.join(',')}`;
    let totals = memberTotals.get(key);
    if (!totals) {
      totals = Promise.all(memberIds.map((id) => series.load(seriesKey(id, categoryId, from, to)))).then((list) =>
        list.map(totalRecorded),
      );
      memberTotals.set(key, totals);
    }
    return totals;
  };

  return { series, outcomeTypes, underInvestigation, satisfaction, peerTotals };
}

export type FigureLoaders = ReturnType<typeof createFigureLoaders>;
export type { Survey };
