/**
 * Per-request DataLoaders for the facts. Every batch is one SQL statement over the rollup
 * tables, whatever the number of (area, category, months) keys a document asks for: the
 * keys travel as parallel arrays through unnest() WITH ORDINALITY and come back tagged
 * with their position. Keys are strings of integers joined by "|".
 */
import type DataLoader from 'dataloader';
import { BatchScheduler, batched } from './batched';
import type { PrismaClient } from '../generated/prisma/client';
import type { Harm, Measure, OutcomeType, SatisfactionAspect, Survey } from '../generated/prisma/enums';
import { groupBy } from './dimension.loaders';

export interface MonthFacts {
  month: number;
  recorded: number;
  outcomes: number;
}
export interface ObjectiveMatch {
  objectiveId: number;
  planId: number;
  areaId: number;
  measure: Measure;
  target: number;
  harm: Harm;
}
export interface PeerMemberFacts {
  areaId: number;
  recorded: number;
}
export interface SatisfactionMonth {
  month: number;
  aspect: SatisfactionAspect;
  respondents: number;
  satisfied: number;
}
export interface OutcomeTypeCount {
  outcomeType: OutcomeType;
  count: number;
}

const split = (keys: readonly string[]) => keys.map((k) => k.split('|'));
const column = (parts: string[][], i: number, numeric = true) => parts.map((p) => (numeric ? Number(p[i]) : p[i]));

export const seriesKey = (areaId: number, categoryId: number, from: number, to: number) => `${areaId}|${categoryId}|${from}|${to}`;

export function createFigureLoaders(prisma: PrismaClient, scheduler: BatchScheduler = new BatchScheduler()) {
  const load = <K, V>(batch: DataLoader.BatchLoadFn<K, V>) => batched(batch, scheduler);
  /** Monthly recorded crimes and outcomes of an area and category subtree; months with no facts are absent. */
  const series = load<string, MonthFacts[]>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(MonthFacts & { idx: number })[]>(
      `SELECT k.idx::int AS idx, r.month, r.recorded, r.outcomes
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, category_id, from_month, to_month, idx)
       JOIN fact_rollup r ON r.category_id = k.category_id AND r.area_id = k.area_id AND r.month BETWEEN k.from_month AND k.to_month
       ORDER BY k.idx, r.month`,
      column(p, 0), column(p, 1), column(p, 2), column(p, 3),
    );
    return groupBy(keys.map((_, i) => i + 1), rows, (r) => r.idx);
  });

  /** Outcomes by type summed over a month range. */
  const outcomeTypes = load<string, OutcomeTypeCount[]>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(OutcomeTypeCount & { idx: number })[]>(
      `SELECT k.idx::int AS idx, r.outcome_type::text AS "outcomeType", sum(r.count)::int AS count
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, category_id, from_month, to_month, idx)
       JOIN outcome_rollup r ON r.category_id = k.category_id AND r.area_id = k.area_id AND r.month BETWEEN k.from_month AND k.to_month
       GROUP BY k.idx, r.outcome_type ORDER BY k.idx, count DESC`,
      column(p, 0), column(p, 1), column(p, 2), column(p, 3),
    );
    return groupBy(keys.map((_, i) => i + 1), rows, (r) => r.idx);
  });

  /** Crimes under investigation as of a month (a snapshot); null when none was taken that month. Key area|category|asOf. */
  const underInvestigation = load<string, number | null>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<{ idx: number; count: number }[]>(
      `SELECT k.idx::int AS idx, r.count
       FROM unnest($1::int[], $2::int[], $3::int[]) WITH ORDINALITY AS k(area_id, category_id, as_of, idx)
       JOIN investigation_rollup r ON r.category_id = k.category_id AND r.area_id = k.area_id AND r.as_of = k.as_of`,
      column(p, 0), column(p, 1), column(p, 2),
    );
    const byIdx = new Map(rows.map((r) => [r.idx, r.count]));
    return keys.map((_, i) => byIdx.get(i + 1) ?? null);
  });

  /**
   * The objectives that apply to an area, category and period: for each measure, the one set
   * for the nearest area at or above it, in a plan whose financial year holds the period.
   * Key area|category|from|to.
   */
  const categoryTargets = load<string, ObjectiveMatch[]>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(ObjectiveMatch & { idx: number })[]>(
      // Each key's ancestors first (materialized), then the objectives on (area, category) together:
      // left to itself the planner joined objectives to the keys on the category alone, every
      // objective of that category for every key (a league table's 43 forces: 55,000 rows, 7 ms).
      `WITH keys AS MATERIALIZED (
         SELECT k.idx, k.category_id, k.from_month, k.to_month, ac.ancestor_id, ac.depth
         FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, category_id, from_month, to_month, idx)
         JOIN area_closure ac ON ac.descendant_id = k.area_id
       )
       SELECT DISTINCT ON (keys.idx, o.measure) keys.idx::int AS idx, o.id AS "objectiveId", o.plan_id AS "planId",
              o.area_id AS "areaId", o.measure::text AS measure, o.target, o.harm::text AS harm
       FROM keys
       JOIN objective o ON o.area_id = keys.ancestor_id AND o.category_id = keys.category_id
       JOIN plan p ON p.id = o.plan_id AND keys.from_month >= p.start_month AND keys.to_month <= p.end_month
       ORDER BY keys.idx, o.measure, keys.depth, p.start_month DESC, o.id`,
      column(p, 0), column(p, 1), column(p, 2), column(p, 3),
    );
    return groupBy(keys.map((_, i) => i + 1), rows, (r) => r.idx);
  });

  /** The satisfaction objective for an area, survey and month, cascaded like the category targets. Key area|survey|month. */
  const surveyTarget = load<string, ObjectiveMatch | null>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(ObjectiveMatch & { idx: number })[]>(
      `SELECT DISTINCT ON (k.idx) k.idx::int AS idx, o.id AS "objectiveId", o.plan_id AS "planId",
              o.area_id AS "areaId", o.measure::text AS measure, o.target, o.harm::text AS harm
       FROM unnest($1::int[], $2::text[], $3::int[]) WITH ORDINALITY AS k(area_id, survey, as_of, idx)
       JOIN area_closure ac ON ac.descendant_id = k.area_id
       JOIN objective o ON o.area_id = ac.ancestor_id AND o.measure = 'SATISFACTION' AND o.survey::text = k.survey
       JOIN plan p ON p.id = o.plan_id AND k.as_of BETWEEN p.start_month AND p.end_month
       ORDER BY k.idx, ac.depth, p.start_month DESC, o.id`,
      column(p, 0), column(p, 1, false), column(p, 2),
    );
    const byIdx = new Map(rows.map((r) => [r.idx, r]));
    return keys.map((_, i) => byIdx.get(i + 1) ?? null);
  });

  /** Recorded crimes of every member of a peer group over a month range. Key group|category|from|to. */
  const peerMembers = load<string, PeerMemberFacts[]>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(PeerMemberFacts & { idx: number })[]>(
      `SELECT k.idx::int AS idx, m.area_id AS "areaId", coalesce(sum(r.recorded), 0)::int AS recorded
       FROM unnest($1::int[], $2::int[], $3::int[], $4::int[]) WITH ORDINALITY AS k(group_id, category_id, from_month, to_month, idx)
       JOIN peer_group_member m ON m.group_id = k.group_id
       LEFT JOIN fact_rollup r ON r.category_id = k.category_id AND r.area_id = m.area_id AND r.month BETWEEN k.from_month AND k.to_month
       GROUP BY k.idx, m.area_id ORDER BY k.idx, m.area_id`,
      column(p, 0), column(p, 1), column(p, 2), column(p, 3),
    );
    return groupBy(keys.map((_, i) => i + 1), rows, (r) => r.idx);
  });

  /** Monthly satisfaction responses of an area subtree per aspect. Key area|survey|from|to. */
  const satisfaction = load<string, SatisfactionMonth[]>(async (keys) => {
    const p = split(keys);
    const rows = await prisma.$queryRawUnsafe<(SatisfactionMonth & { idx: number })[]>(
      `SELECT k.idx::int AS idx, r.month, r.aspect::text AS aspect, r.respondents, r.satisfied
       FROM unnest($1::int[], $2::text[], $3::int[], $4::int[]) WITH ORDINALITY AS k(area_id, survey, from_month, to_month, idx)
       JOIN satisfaction_rollup r ON r.area_id = k.area_id AND r.survey::text = k.survey AND r.month BETWEEN k.from_month AND k.to_month
       ORDER BY k.idx, r.month, r.aspect`,
      column(p, 0), column(p, 1, false), column(p, 2), column(p, 3),
    );
    return groupBy(keys.map((_, i) => i + 1), rows, (r) => r.idx);
  });

  return { series, outcomeTypes, underInvestigation, categoryTargets, surveyTarget, peerMembers, satisfaction };
}

export type FigureLoaders = ReturnType<typeof createFigureLoaders>;
export type { Survey };
