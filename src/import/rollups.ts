/**
 * Closure tables and rollups: the derived tables that make a subtree sum one index range
 * scan. They are rebuilt inside the transaction of the import that changes their sources,
 * so a reader never sees facts and rollups disagree.
 */
import type { SqlRunner } from '../db/sql';
import { BadUserInputError } from '../errors/errors';
import { MAX_MONTHLY_COUNT } from './kinds';

/**
 * SQLSTATEs of a total out of bounds: 22003 (past 32 bits while summing), 23514 (a rollup's cap,
 * migration rollup_total_caps).
 */
const TOO_LARGE = new Set(['22003', '23514']);

/**
 * The SQLSTATE of a failed statement, as the drivers report it (Prisma's raw-query error, P2010,
 * wraps the adapter's).
 */
function sqlState(error: unknown): string | undefined {
  type Loose = { code?: unknown; meta?: { driverAdapterError?: Loose }; cause?: Loose & { originalCode?: unknown } };
  for (let e = error as Loose | undefined, i = 0; e && i < 4; e = e.meta?.driverAdapterError ?? e.cause, i++) {
    for (const code of [e.cause?.originalCode, e.code])
      if (typeof code === 'string' && /^\d[0-9A-Z]{4}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Runs a rollup's INSERT; totals past what the figures can report are the writer's input error
 * (the transaction is rolled back: nothing written), not an internal one.
 */
async function insertRollup(db: SqlRunner, what: string, sql: string, ...values: unknown[]): Promise<void> {
  try {
    await db.$executeRawUnsafe(sql, ...values);
  } catch (err) {
    const state = sqlState(err);
    if (!state || !TOO_LARGE.has(state)) throw err;
    throw new BadUserInputError(
      `Rejected, nothing written: the ${what} of one area (or an area above it), category and month ` +
        `would total more than ${MAX_MONTHLY_COUNT.toLocaleString('en-GB')}, the most a month may hold so ` +
        `that figures over 20 years still fit. Check the counts for a misplaced digit.`,
      undefined,
      { limit: MAX_MONTHLY_COUNT },
    );
  }
}

type Tree = 'area' | 'category';
const TREE_TABLES: Record<Tree, { nodes: string; closure: string }> = {
  area: { nodes: 'area', closure: 'area_closure' },
  category: { nodes: 'crime_category', closure: 'category_closure' },
};

/** Rebuilds a closure table from the parent links (self pairs at depth 0). */
export async function rebuildClosure(db: SqlRunner, tree: Tree): Promise<void> {
  const { nodes, closure } = TREE_TABLES[tree];
  await db.$executeRawUnsafe(`DELETE FROM ${closure}`);
  await db.$executeRawUnsafe(`
    INSERT INTO ${closure} (ancestor_id, descendant_id, depth)
    WITH RECURSIVE walk(ancestor_id, descendant_id, depth) AS (
      SELECT id, id, 0 FROM ${nodes}
      UNION ALL
      SELECT w.ancestor_id, n.id, w.depth + 1 FROM walk w JOIN ${nodes} n ON n.parent_id = w.descendant_id
    )
    SELECT ancestor_id, descendant_id, depth FROM walk`);
}

/** Which months to refresh: a list, or every month. */
export type MonthScope = number[] | 'all';

function monthFilter(column: string, scope: MonthScope, param: number): string {
  return scope === 'all' ? 'TRUE' : `${column} = ANY($${param}::int[])`;
}
function params(scope: MonthScope): unknown[] {
  return scope === 'all' ? [] : [scope];
}

/** Recorded crimes and outcomes, summed to every ancestor area and category per month. */
export async function refreshFactRollup(db: SqlRunner, scope: MonthScope): Promise<void> {
  if (scope !== 'all' && scope.length === 0) return;
  await db.$executeRawUnsafe(`DELETE FROM fact_rollup WHERE ${monthFilter('month', scope, 1)}`, ...params(scope));
  await insertRollup(
    db,
    'recorded crimes or outcomes',
    `INSERT INTO fact_rollup (category_id, area_id, month, recorded, outcomes)
     SELECT cc.ancestor_id, ac.ancestor_id, f.month, sum(f.recorded), sum(f.outcomes)
     FROM (
       SELECT area_id, category_id, month, sum(recorded) AS recorded, sum(outcomes) AS outcomes FROM (
         SELECT area_id, category_id, month, recorded, 0 AS outcomes FROM recorded_crime
         WHERE ${monthFilter('month', scope, 1)}
         UNION ALL
         SELECT area_id, category_id, month, 0, count FROM crime_outcome WHERE ${monthFilter('month', scope, 1)}
       ) u GROUP BY area_id, category_id, month
     ) f
     JOIN area_closure ac ON ac.descendant_id = f.area_id
     JOIN category_closure cc ON cc.descendant_id = f.category_id
     GROUP BY cc.ancestor_id, ac.ancestor_id, f.month`,
    ...params(scope),
  );
}

/** Outcomes by type, summed to every ancestor area and category per month. */
export async function refreshOutcomeRollup(db: SqlRunner, scope: MonthScope): Promise<void> {
  if (scope !== 'all' && scope.length === 0) return;
  await db.$executeRawUnsafe(`DELETE FROM outcome_rollup WHERE ${monthFilter('month', scope, 1)}`, ...params(scope));
  await insertRollup(
    db,
    'outcomes',
    `INSERT INTO outcome_rollup (category_id, area_id, month, outcome_type, count)
     SELECT cc.ancestor_id, ac.ancestor_id, o.month, o.outcome_type, sum(o.count)
     FROM crime_outcome o
     JOIN area_closure ac ON ac.descendant_id = o.area_id
     JOIN category_closure cc ON cc.descendant_id = o.category_id
     WHERE ${monthFilter('o.month', scope, 1)}
     GROUP BY cc.ancestor_id, ac.ancestor_id, o.month, o.outcome_type`,
    ...params(scope),
  );
}

/** Investigation snapshots, summed to every ancestor area and category per as-of month. */
export async function refreshInvestigationRollup(db: SqlRunner, scope: MonthScope): Promise<void> {
  if (scope !== 'all' && scope.length === 0) return;
  await db.$executeRawUnsafe(
    `DELETE FROM investigation_rollup WHERE ${monthFilter('as_of', scope, 1)}`,
    ...params(scope),
  );
  await insertRollup(
    db,
    'crimes under investigation',
    `INSERT INTO investigation_rollup (category_id, area_id, as_of, count)
     SELECT cc.ancestor_id, ac.ancestor_id, i.as_of, sum(i.count)
     FROM investigation i
     JOIN area_closure ac ON ac.descendant_id = i.area_id
     JOIN category_closure cc ON cc.descendant_id = i.category_id
     WHERE ${monthFilter('i.as_of', scope, 1)}
     GROUP BY cc.ancestor_id, ac.ancestor_id, i.as_of`,
    ...params(scope),
  );
}

/** Satisfaction responses, summed to every ancestor area per survey, aspect and month. */
export async function refreshSatisfactionRollup(db: SqlRunner, scope: MonthScope): Promise<void> {
  if (scope !== 'all' && scope.length === 0) return;
  await db.$executeRawUnsafe(
    `DELETE FROM satisfaction_rollup WHERE ${monthFilter('month', scope, 1)}`,
    ...params(scope),
  );
  await insertRollup(
    db,
    'survey respondents',
    `INSERT INTO satisfaction_rollup (area_id, survey, aspect, month, respondents, satisfied)
     SELECT ac.ancestor_id, s.survey, s.aspect, s.month, sum(s.respondents), sum(s.satisfied)
     FROM satisfaction_response s
     JOIN area_closure ac ON ac.descendant_id = s.area_id
     WHERE ${monthFilter('s.month', scope, 1)}
     GROUP BY ac.ancestor_id, s.survey, s.aspect, s.month`,
    ...params(scope),
  );
}

/** After a change to a tree: every rollup that depends on it, for every month. */
export async function rebuildAllRollups(db: SqlRunner, tree: Tree): Promise<void> {
  await refreshFactRollup(db, 'all');
  await refreshOutcomeRollup(db, 'all');
  await refreshInvestigationRollup(db, 'all');
  if (tree === 'area') await refreshSatisfactionRollup(db, 'all');
}
