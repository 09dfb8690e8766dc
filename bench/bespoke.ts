/**
 * What a team would build instead of our API: the best hand-written SQL for each operation of
 * the benchmark (one or two statements, run in parallel where there are two), and plain
 * functions that shape the rows into the same JSON our GraphQL API returns. The runner times
 * `sql` alone as baseline (a), the database's own work; bench/bespoke-server.ts serves
 * `sql` + `shape` over node:http as baseline (b).
 *
 * The figures follow docs/domain.md directly (sums over the rollup tables, rates as ratios of sums,
 * targets cascading from the nearest area above); none of our src/ code is used, so the
 * runner's check that both return the same numbers means something.
 */

/**
 * A parameterised query: a pg Pool or a PGlite instance. Rows come back untyped; each operation
 * names the row its own SQL selects.
 */
export interface Db {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface OpParams {
  force: string;
  lpu: string;
  plan: string;
  financialYear: string;
  asOf: string;
  category: string;
}

// ---------------------------------------------------------------------------------------------
// Months and small arithmetic (docs/domain.md formulas)
// ---------------------------------------------------------------------------------------------

const toMonth = (s: string) => Number(s.slice(0, 4)) * 100 + Number(s.slice(5, 7));
const addMonths = (m: number, n: number) => {
  const i = Math.floor(m / 100) * 12 + (m % 100) - 1 + n;
  return Math.floor(i / 12) * 100 + (i % 12) + 1;
};
const fmt = (m: number) => `${Math.floor(m / 100)}-${String(m % 100).padStart(2, '0')}`;

/** Year to date of a financial year ("2023-24") to asOf, and the same months a year earlier. */
function ytd(financialYear: string, asOf: string) {
  const from = Number(financialYear.slice(0, 4)) * 100 + 4;
  const to = toMonth(asOf);
  return { from, to, cfrom: from - 100, cto: to - 100 };
}
function rolling(months: number, asOf: string) {
  const to = toMonth(asOf);
  const from = addMonths(to, -(months - 1));
  return { from, to, cfrom: from - 100, cto: to - 100 };
}

interface Sums {
  recorded: number;
  outcomes: number;
  months_now: number;
  previous_recorded: number;
  previous_outcomes: number;
  months_before: number;
}

const rate = (num: number, den: number) => (den === 0 ? null : (num * 100) / den);

function figures(s: Sums, reduction: number | null, rateTarget: number | null) {
  const hasData = s.months_now > 0;
  const comparable = hasData && s.months_before > 0;
  const percentChange =
    comparable && s.previous_recorded !== 0 ? ((s.recorded - s.previous_recorded) / s.previous_recorded) * 100 : null;
  const targetLevel = comparable && reduction !== null ? (s.previous_recorded * (100 - reduction)) / 100 : null;
  const gapToTarget = targetLevel === null ? null : s.recorded - targetLevel;
  const outcomeRate = hasData ? rate(s.outcomes, s.recorded) : null;
  const outcomeGap = rateTarget === null || !hasData ? null : (rateTarget * s.recorded) / 100 - s.outcomes;
  return {
    hasData,
    comparable,
    recorded: s.recorded,
    previousRecorded: s.previous_recorded,
    outcomes: s.outcomes,
    percentChange,
    targetReduction: reduction,
    gapToTarget,
    outcomeRate,
    outcomesRequired: outcomeGap === null ? null : Math.max(0, Math.ceil(Math.round(outcomeGap * 1e9) / 1e9)),
  };
}

const HARMS = ['HIGH', 'MEDIUM', 'LOW'];

// ---------------------------------------------------------------------------------------------
// SQL building blocks
// ---------------------------------------------------------------------------------------------

/** Sums of one (area, category) over the period ($3..$4) and the comparison period ($5..$6). */
const SUMS = (area: string, category: string) => `
  SELECT coalesce(sum(r.recorded) FILTER (WHERE r.month BETWEEN $3 AND $4), 0)::int AS recorded,
         coalesce(sum(r.outcomes) FILTER (WHERE r.month BETWEEN $3 AND $4), 0)::int AS outcomes,
         count(*) FILTER (WHERE r.month BETWEEN $3 AND $4)::int AS months_now,
         coalesce(sum(r.recorded) FILTER (WHERE r.month BETWEEN $5 AND $6), 0)::int AS previous_recorded,
         coalesce(sum(r.outcomes) FILTER (WHERE r.month BETWEEN $5 AND $6), 0)::int AS previous_outcomes,
         count(*) FILTER (WHERE r.month BETWEEN $5 AND $6)::int AS months_before
  FROM fact_rollup r
  WHERE r.category_id = ${category} AND r.area_id = ${area} AND r.month BETWEEN $5 AND $4`;

/**
 * The target of a measure that applies to (area, category) for the period: nearest area at or
 * above, latest plan holding the period.
 */
const TARGET = (area: string, category: string, measure: string) => `
  (SELECT o.target FROM area_closure ac
   JOIN objective o ON o.area_id = ac.ancestor_id AND o.measure = '${measure}' AND o.category_id = ${category}
   JOIN plan p ON p.id = o.plan_id AND $3 >= p.start_month AND $4 <= p.end_month
   WHERE ac.descendant_id = ${area} ORDER BY ac.depth, p.start_month DESC, o.id LIMIT 1)`;

/** Population of an area for a year: its own figure, else the sum over its highest descendants that have one. */
const POPULATION = (area: string, year: string) => `
  coalesce((SELECT p.population FROM area_population p WHERE p.area_id = ${area} AND p.year = ${year}),
    (SELECT sum(p.population)::int FROM area_closure c
     JOIN area_population p ON p.area_id = c.descendant_id AND p.year = ${year}
     WHERE c.ancestor_id = ${area} AND NOT EXISTS (
       SELECT 1 FROM area_closure up
       JOIN area_closure within ON within.descendant_id = up.ancestor_id AND within.ancestor_id = ${area}
       JOIN area_population pp ON pp.area_id = up.ancestor_id AND pp.year = ${year}
       WHERE up.descendant_id = c.descendant_id AND up.depth > 0)))`;

const FIGURE_SQL = `
  WITH k AS (SELECT a.id AS area_id, c.id AS category_id FROM area a, crime_category c
             WHERE a.code = $1 AND c.code = $2)
  SELECT f.*, ${TARGET('k.area_id', 'k.category_id', 'RECORDED_CRIME')} AS reduction
  FROM k CROSS JOIN LATERAL (${SUMS('k.area_id', 'k.category_id')}) f`;

/** The objectives of a plan that apply to an area (nearest area per measure and subject), each with its own figures. */
const OBJECTIVES_SQL = `
  WITH ar AS (SELECT id FROM area WHERE code = $2),
  cand AS (
    SELECT o.id, o.measure, o.survey, o.category_id, o.target, o.harm,
           min(o.id) OVER (PARTITION BY o.measure, o.subject) AS first_id,
           row_number() OVER (PARTITION BY o.measure, o.subject ORDER BY ac.depth, o.id) AS rn
    FROM plan pl
    JOIN objective o ON o.plan_id = pl.id
    JOIN area_closure ac ON ac.ancestor_id = o.area_id AND ac.descendant_id = (SELECT id FROM ar)
    WHERE pl.code = $1
  )
  SELECT o.id, o.measure::text AS measure, o.survey::text AS survey, o.target, o.harm::text AS harm, c.code AS category,
         f.recorded, f.outcomes, f.months_now, f.previous_recorded, f.previous_outcomes, f.months_before,
         s.respondents, s.satisfied
  FROM cand o CROSS JOIN ar
  LEFT JOIN crime_category c ON c.id = o.category_id
  LEFT JOIN LATERAL (${SUMS('ar.id', 'o.category_id')}) f ON o.category_id IS NOT NULL
  LEFT JOIN LATERAL (
    SELECT coalesce(sum(x.respondents), 0)::int AS respondents, coalesce(sum(x.satisfied), 0)::int AS satisfied
    FROM satisfaction_rollup x
    WHERE x.area_id = ar.id AND x.survey = o.survey AND x.aspect = 'WHOLE_EXPERIENCE' AND x.month BETWEEN $7 AND $4
  ) s ON o.measure = 'SATISFACTION'
  WHERE o.rn = 1
  ORDER BY o.first_id`;

/**
 * Figures of an area ($1) and the areas below it to a depth ($2: 1 = children, 2 = grandchildren),
 * ordered by depth and name, for each category of \`cats\`, with the targets that apply.
 */
const TREE_SQL = (cats: string) => `
  WITH tree AS (
    SELECT a.id, a.code, a.name, a.parent_id, c.depth
    FROM area root JOIN area_closure c ON c.ancestor_id = root.id AND c.depth <= $2
    JOIN area a ON a.id = c.descendant_id
    WHERE root.code = $1
  ),
  cats AS (${cats})
  SELECT t.id, t.code, t.name, t.parent_id, t.depth, cats.code AS category, f.*,
         ${TARGET('t.id', 'cats.id', 'RECORDED_CRIME')} AS reduction,
         ${TARGET('t.id', 'cats.id', 'OUTCOME_RATE')} AS rate_target
  FROM tree t CROSS JOIN cats CROSS JOIN LATERAL (${SUMS('t.id', 'cats.id')}) f
  ORDER BY t.depth, t.name`;
/** $7: category codes. */
const TREE_OF_CATEGORIES_SQL = TREE_SQL(`SELECT id, code FROM crime_category WHERE code = ANY($7::text[])`);
/** $7: a plan code; the categories of its objectives. */
const TREE_OF_PLAN_SQL = TREE_SQL(
  `SELECT c.id, c.code FROM crime_category c
   WHERE c.id IN (SELECT o.category_id FROM plan pl JOIN objective o ON o.plan_id = pl.id WHERE pl.code = $7)`,
);

/** Every force with its figures, population and most similar group's window (the last $7.. months to $4). */
const LEAGUE_SQL = `
  WITH cat AS (SELECT id FROM crime_category WHERE code = $1),
  forces AS (SELECT id, code, name FROM area WHERE level = 'FORCE'),
  grp AS (
    SELECT DISTINCT ON (m.area_id) m.area_id, m.group_id
    FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id ORDER BY m.area_id, g.code
  )
  SELECT a.id, a.code, a.name, f.*, ${POPULATION('a.id', '$2')} AS population, grp.group_id,
         (SELECT coalesce(sum(w.recorded), 0)::int FROM fact_rollup w
          WHERE w.category_id = cat.id AND w.area_id = a.id AND w.month BETWEEN $7 AND $4) AS window_recorded
  FROM forces a CROSS JOIN cat
  CROSS JOIN LATERAL (${SUMS('a.id', 'cat.id')}) f
  LEFT JOIN grp ON grp.area_id = a.id
  ORDER BY a.name`;

/** Monthly recorded crime of every LPU over a window ($2..$3). */
const TREND_SQL = `
  SELECT a.code, r.month, r.recorded
  FROM area a
  LEFT JOIN fact_rollup r ON r.area_id = a.id AND r.category_id = (SELECT id FROM crime_category WHERE code = $1)
                          AND r.month BETWEEN $2 AND $3
  WHERE a.level = 'LPU'
  ORDER BY a.name, a.id, r.month`;

// ---------------------------------------------------------------------------------------------
// Operations: sql (baseline a) and shape (with sql: baseline b)
// ---------------------------------------------------------------------------------------------

export interface Operation<R> {
  sql(db: Db, p: OpParams): Promise<R>;
  shape(rows: R, p: OpParams): unknown;
}

interface FigureRow extends Sums {
  reduction: number | null;
}

const figure: Operation<FigureRow[]> = {
  async sql(db, p) {
    const t = ytd(p.financialYear, p.asOf);
    return (await db.query(FIGURE_SQL, [p.lpu, p.category, t.from, t.to, t.cfrom, t.cto])).rows as FigureRow[];
  },
  shape(rows) {
    const f = figures(rows[0], rows[0].reduction, null);
    return {
      performance: {
        recorded: f.recorded,
        previousRecorded: f.previousRecorded,
        percentChange: f.percentChange,
        gapToTarget: f.gapToTarget,
        outcomeRate: f.outcomeRate,
      },
    };
  },
};

interface ObjectiveRow extends Sums {
  id: number;
  measure: string;
  survey: string | null;
  target: number;
  harm: string;
  category: string | null;
  respondents: number | null;
  satisfied: number | null;
}

/** Scorecard rows (docs/domain.md: actual, target, gap, met, classification), highest classification first. */
function scorecardRows(objectives: ObjectiveRow[]) {
  const rows = objectives.map((o) => {
    let actual: number | null;
    let target: number | null;
    let gap: number | null;
    let met: boolean | null;
    let satisfactionRate: number | null = null;
    if (o.measure === 'SATISFACTION') {
      satisfactionRate = rate(o.satisfied!, o.respondents!);
      actual = satisfactionRate;
      target = o.target;
      gap = actual === null ? null : o.target - actual;
      met = actual === null ? null : actual >= o.target - 1e-9;
    } else {
      const f = figures(o, null, null);
      if (o.measure === 'RECORDED_CRIME') {
        actual = f.comparable && o.previous_recorded !== 0 ? f.percentChange : null;
        target = o.target === 0 ? 0 : -o.target;
        const level = f.comparable ? (o.previous_recorded * (100 - o.target)) / 100 : null;
        gap = level === null ? null : o.recorded - level;
        met = gap === null ? null : gap <= 1e-9;
      } else {
        actual = f.outcomeRate;
        target = o.target;
        gap = f.hasData ? (o.target / 100) * o.recorded - o.outcomes : null;
        met = actual === null ? null : actual >= o.target - 1e-9;
      }
    }
    const shortfall =
      actual === null || target === null ? null : o.measure === 'RECORDED_CRIME' ? actual - target : target - actual;
    const within = shortfall !== null && shortfall <= 1 + 1e-9;
    const classification = met === true || within ? HARMS[Math.min(2, HARMS.indexOf(o.harm) + 1)] : o.harm;
    return { o, actual, target, gap, met: met ?? false, shortfall, classification, satisfactionRate };
  });
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => HARMS.indexOf(a.row.classification) - HARMS.indexOf(b.row.classification) || a.i - b.i)
    .map((x) => x.row);
}

interface TreeRow extends Sums {
  id: number;
  code: string;
  name: string;
  parent_id: number | null;
  depth: number;
  category: string;
  reduction: number | null;
  rate_target: number | null;
}

function scorecardPeriod(p: OpParams) {
  const t = ytd(p.financialYear, p.asOf);
  return [p.plan, p.force, t.from, t.to, t.cfrom, t.cto, addMonths(t.to, -11)];
}

const dashboard: Operation<{ objectives: ObjectiveRow[]; tree: TreeRow[] }> = {
  async sql(db, p) {
    const params = scorecardPeriod(p);
    const [objectives, tree] = await Promise.all([
      db.query(OBJECTIVES_SQL, params),
      db.query(TREE_OF_CATEGORIES_SQL, [p.force, 2, ...params.slice(2, 6), ['ALL_CRIME']]),
    ]);
    return { objectives: objectives.rows as ObjectiveRow[], tree: tree.rows as TreeRow[] };
  },
  shape({ objectives, tree }, p) {
    const t = ytd(p.financialYear, p.asOf);
    const rows = scorecardRows(objectives);
    const node = (r: TreeRow) => {
      const f = figures(r, r.reduction, r.rate_target);
      return {
        recorded: f.recorded,
        previousRecorded: f.previousRecorded,
        percentChange: f.percentChange,
        gapToTarget: f.gapToTarget,
        outcomeRate: f.outcomeRate,
      };
    };
    const root = tree.find((r) => r.depth === 0)!;
    const rootFigures = figures(root, root.reduction, root.rate_target);
    const childrenOf = (id: number) => tree.filter((r) => r.parent_id === id);
    return {
      dashboard: {
        period: { from: fmt(t.from), to: fmt(t.to) },
        scorecard: rows.map((r) => ({
          objective: { id: r.o.id, measure: r.o.measure },
          actual: r.actual,
          target: r.target,
          gap: r.gap,
          met: r.met,
          classification: r.classification,
        })),
        allCrime: {
          recorded: rootFigures.recorded,
          previousRecorded: rootFigures.previousRecorded,
          percentChange: rootFigures.percentChange,
          targetReduction: rootFigures.targetReduction,
          gapToTarget: rootFigures.gapToTarget,
          outcomes: rootFigures.outcomes,
          outcomeRate: rootFigures.outcomeRate,
          children: childrenOf(root.id).map((c) => ({
            area: { code: c.code, name: c.name },
            ...node(c),
            children: childrenOf(c.id).map((g) => ({ area: { code: g.code, name: g.name }, ...node(g) })),
          })),
        },
        satisfaction: rows
          .filter((r) => r.o.measure === 'SATISFACTION')
          .map((r) => ({
            survey: r.o.survey,
            rate: r.satisfactionRate,
            respondents: r.o.respondents,
            target: r.o.target,
            targetMet: r.satisfactionRate === null ? null : r.satisfactionRate >= r.o.target - 1e-9,
          })),
      },
    };
  },
};

const scorecard: Operation<{ objectives: ObjectiveRow[]; tree: TreeRow[] }> = {
  async sql(db, p) {
    const params = scorecardPeriod(p);
    // The categories of the plan's objectives come from the plan itself, so both statements go at once.
    const [objectives, tree] = await Promise.all([
      db.query(OBJECTIVES_SQL, params),
      db.query(TREE_OF_PLAN_SQL, [p.force, 1, ...params.slice(2, 6), p.plan]),
    ]);
    return { objectives: objectives.rows as ObjectiveRow[], tree: tree.rows as TreeRow[] };
  },
  shape({ objectives, tree }) {
    const rows = scorecardRows(objectives);
    const figuresOf = (r: TreeRow, withArea: boolean) => {
      const f = figures(r, r.reduction, r.rate_target);
      return {
        ...(withArea ? { area: { code: r.code } } : {}),
        recorded: f.recorded,
        previousRecorded: f.previousRecorded,
        percentChange: f.percentChange,
        gapToTarget: f.gapToTarget,
        ...(withArea ? {} : { outcomes: f.outcomes }),
        outcomeRate: f.outcomeRate,
        outcomesRequired: f.outcomesRequired,
      };
    };
    return {
      scorecard: rows.map((r) => {
        const own = r.o.category ? tree.find((t) => t.depth === 0 && t.category === r.o.category)! : null;
        return {
          objective: {
            id: r.o.id,
            measure: r.o.measure,
            survey: r.o.survey,
            target: r.o.target,
            harm: r.o.harm,
            category: r.o.category ? { code: r.o.category } : null,
          },
          actual: r.actual,
          target: r.target,
          gap: r.gap,
          met: r.met,
          shortfallPoints: r.shortfall,
          classification: r.classification,
          performance: own
            ? {
                ...figuresOf(own, false),
                children: tree
                  .filter((t) => t.depth === 1 && t.category === r.o.category)
                  .map((t) => figuresOf(t, true)),
              }
            : null,
          satisfaction:
            r.o.measure === 'SATISFACTION'
              ? {
                  rate: r.satisfactionRate,
                  respondents: r.o.respondents,
                  target: r.o.target,
                  gap: r.satisfactionRate === null ? null : r.o.target - r.satisfactionRate,
                }
              : null,
        };
      }),
    };
  },
};

interface LeagueRow extends Sums {
  id: number;
  code: string;
  name: string;
  population: number | null;
  group_id: number | null;
  window_recorded: number;
}

function leagueParams(p: OpParams) {
  const t = ytd(p.financialYear, p.asOf);
  return [p.category, Math.floor(t.to / 100), t.from, t.to, t.cfrom, t.cto, addMonths(t.to, -2)];
}

const league: Operation<LeagueRow[]> = {
  async sql(db, p) {
    return (await db.query(LEAGUE_SQL, leagueParams(p))).rows as LeagueRow[];
  },
  shape(rows) {
    const perThousand = (n: number, pop: number | null) => (pop === null || pop === 0 ? null : (n * 1000) / pop);
    // Members of each group in area id order, with their rate over the window.
    const groups = new Map<number, { id: number; rate: number | null }[]>();
    for (const r of [...rows].sort((a, b) => a.id - b.id)) {
      if (r.group_id === null) continue;
      const list = groups.get(r.group_id) ?? [];
      list.push({ id: r.id, rate: perThousand(r.window_recorded, r.population) });
      groups.set(r.group_id, list);
    }
    return {
      leagueTable: rows.map((r) => {
        const f = figures(r, null, null);
        let peer = null;
        if (r.group_id !== null) {
          const members = groups.get(r.group_id)!;
          const own = members.find((m) => m.id === r.id)!.rate;
          const rates = members.map((m) => m.rate).filter((x): x is number => x !== null && Number.isFinite(x));
          let peerMean: number | null = null;
          let peerStdDev: number | null = null;
          let band = 'SIMILAR';
          if (own !== null && rates.length >= 2) {
            peerMean = rates.reduce((s, x) => s + x, 0) / rates.length;
            const m = peerMean;
            peerStdDev = Math.sqrt(rates.reduce((s, x) => s + (x - m) * (x - m), 0) / rates.length);
            const slack = 1e-9 * Math.max(1, Math.abs(m));
            band = own > m + peerStdDev + slack ? 'HIGHER' : own < m - peerStdDev - slack ? 'LOWER' : 'SIMILAR';
          }
          const ranked = [...members].sort((a, b) => (b.rate ?? -Infinity) - (a.rate ?? -Infinity));
          peer = {
            rate: own,
            peerMean,
            peerStdDev,
            band,
            rank: own === null ? null : ranked.findIndex((m) => m.id === r.id) + 1,
          };
        }
        return {
          area: { code: r.code, name: r.name },
          recorded: f.recorded,
          previousRecorded: f.previousRecorded,
          percentChange: f.percentChange,
          crimeRatePer1000: f.hasData ? perThousand(r.recorded, r.population) : null,
          outcomeRate: f.outcomeRate,
          peerComparison: peer,
        };
      }),
    };
  },
};

/** A month of an LPU, or the LPU alone (month and recorded null) when it has no figures in the window. */
interface TrendRow {
  code: string;
  month: number | null;
  recorded: number | null;
}

const trendOp: Operation<TrendRow[]> = {
  async sql(db, p) {
    const t = rolling(12, p.asOf);
    return (await db.query(TREND_SQL, ['ALL_CRIME', t.from, t.to])).rows as TrendRow[];
  },
  shape(rows, p) {
    const t = rolling(12, p.asOf);
    const months: number[] = [];
    for (let m = t.from; m <= t.to; m = addMonths(m, 1)) months.push(m);
    const byArea = new Map<string, Map<number, number>>();
    for (const r of rows) {
      let m = byArea.get(r.code);
      if (!m) byArea.set(r.code, (m = new Map<number, number>()));
      if (r.month !== null) m.set(r.month, r.recorded!);
    }
    return {
      leagueTable: [...byArea].map(([code, series]) => {
        const values = months.map((m) => series.get(m) ?? 0);
        const n = values.length;
        const mean = values.reduce((s, v) => s + v, 0) / n;
        // Least-squares slope against x = 0..n-1; direction from slope x (n - 1) / mean beyond +/-5%.
        const xMean = (n - 1) / 2;
        let sxy = 0;
        let sxx = 0;
        for (let i = 0; i < n; i++) {
          sxy += (i - xMean) * (values[i] - mean);
          sxx += (i - xMean) * (i - xMean);
        }
        const slope = sxy / sxx;
        const relative = mean === 0 ? null : (slope * (n - 1) * 100) / Math.abs(mean);
        const direction =
          relative === null ? 'STABLE' : relative > 5 + 1e-9 ? 'RISING' : relative < -5 - 1e-9 ? 'FALLING' : 'STABLE';
        // XmR chart: centre = mean, limits = centre +/- 2.66 x mean moving range (lower clamped at 0);
        // a signal is a point beyond a limit or a run of 8 on one side of the centre.
        const ranges = values.slice(1).map((v, i) => Math.abs(v - values[i]));
        const mr = ranges.reduce((s, v) => s + v, 0) / ranges.length;
        const upper = mean + 2.66 * mr;
        const lower = Math.max(0, mean - 2.66 * mr);
        let signal = false;
        let side = 0;
        let run = 0;
        for (const v of values) {
          if (v > upper || v < lower) signal = true;
          const s = Math.sign(v - mean);
          if (s !== 0 && s === side) run++;
          else {
            side = s;
            run = s === 0 ? 0 : 1;
          }
          if (run >= 8) signal = true;
        }
        return {
          area: { code },
          recorded: values.reduce((s, v) => s + v, 0) + 0,
          trend: { direction, slope },
          controlChart: { centreLine: mean, upperLimit: upper, lowerLimit: lower, hasSignal: signal },
        };
      }),
    };
  },
};

export const OPERATIONS = { figure, dashboard, scorecard, league, trend: trendOp } as const;
export type OperationName = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

/** GraphQL variables of each operation, for our API. */
export function graphqlVariables(op: OperationName | 'league-aliases', p: OpParams): Record<string, unknown> {
  switch (op) {
    case 'figure':
      return { area: p.lpu, category: p.category, period: { financialYear: p.financialYear, asOf: p.asOf } };
    case 'dashboard':
    case 'scorecard':
      return { plan: p.plan, area: p.force, asOf: p.asOf };
    case 'league':
    case 'league-aliases':
      return { category: p.category, period: { financialYear: p.financialYear, asOf: p.asOf } };
    case 'trend':
      return { category: 'ALL_CRIME', period: { rollingMonths: 12, asOf: p.asOf } };
  }
}

/** The statements, for EXPLAIN (bench/explain.ts). */
export const STATEMENTS = {
  FIGURE_SQL,
  OBJECTIVES_SQL,
  TREE_OF_CATEGORIES_SQL,
  TREE_OF_PLAN_SQL,
  LEAGUE_SQL,
  TREE_SQL: TREE_SQL(''),
};

/** Compares two JSON values; numbers within 1e-9 relative. Returns the first difference or null. */
export function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) ? null : `${path}: ${a} != ${b}`;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return a === b ? null : `${path}: ${JSON.stringify(a)} != ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array and object`;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return `${path}: ${a.length} items != ${bb.length} items`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], bb[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join(',') !== kb.join(',')) return `${path}: keys ${ka.join(',')} != ${kb.join(',')}`;
  for (const k of ka) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}
