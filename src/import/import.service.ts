/**
 * Import of the canonical CSV kinds. Every record is validated (all problems collected, each
 * with its line and column) and only a file with no bad row is kept: one transaction per
 * file, rows upserted by their key (a re-imported row replaces the old one), then the
 * closures and rollups that depend on them refreshed in the same transaction, and the
 * import recorded in the audit log in it too. A dry run does all of that and rolls back, so
 * its counts are exact.
 *
 * Files stream: records are read from text chunks as they arrive, and fact kinds are
 * validated and upserted CHUNK rows at a time (a bad row anywhere still rolls back every
 * chunk written before it). Tree kinds (areas, categories) are read whole: a row may name a
 * parent defined further down, and loops are found across rows; those files are small.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { inChunks, type SqlRunner } from '../db/sql';
import { recordAudit } from '../audit/audit.service';
import { CLI_ACTOR } from '../auth/caller';
import { WRITE_LOCK_KEY } from '../write/write';
import { CsvReader, CsvSyntaxError, type CsvRecord } from './csv';
import { hasNul, NUL_REASON } from '../limits/control-characters';
import {
  AREA_LEVELS,
  ASPECTS,
  CATEGORY_KINDS,
  CSV_HEADERS,
  HARMS,
  MAX_MONTHLY_COUNT,
  MEASURES,
  OPTIONAL_COLUMNS,
  OUTCOME_TYPES,
  RowReader,
  SURVEYS,
  type CsvKind,
  type RowError,
} from './kinds';
import {
  rebuildAllRollups,
  rebuildClosure,
  refreshFactRollup,
  refreshInvestigationRollup,
  refreshOutcomeRollup,
  refreshSatisfactionRollup,
} from './rollups';

export interface ImportResult {
  kind: CsvKind;
  /** Data rows read (the header and blank lines not counted). */
  rowsRead: number;
  inserted: number;
  replaced: number;
  /** Bad rows (distinct lines with an error); 0 for an accepted file. */
  rejected: number;
  /** Every problem found, by line; at most MAX_LISTED_ERRORS are listed. */
  errors: RowError[];
  /** Problems found beyond the MAX_LISTED_ERRORS listed; absent when every one is listed. */
  unlistedErrors?: number;
  dryRun: boolean;
}

/** What a rejected import reports, whatever its format. */
export interface RejectedImport {
  kind: string;
  rowsRead: number;
  inserted: number;
  replaced: number;
  rejected: number;
  errors: RowError[];
  unlistedErrors?: number;
  dryRun: boolean;
}

/** A file with a bad row: nothing of it was written. Mapped to BAD_USER_INPUT with the row errors. */
export class ImportRejectedError extends Error {
  constructor(readonly result: RejectedImport) {
    const shown = result.errors
      .slice(0, 3)
      .map((e) => `${e.file ? `${e.file} ` : ''}line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.reason}`);
    const more = result.errors.length - shown.length + (result.unlistedErrors ?? 0);
    super(
      `${result.kind === 'police_uk' ? 'The data.police.uk import was' : `The ${result.kind} file was`} rejected, nothing was written: ${result.rejected} bad row(s). ${shown.join('; ')}${
        more > 0 ? `; and ${more} more` : ''
      }`,
    );
  }
}

export class DryRunRollback extends Error {}

/** Most row errors one rejected file lists (its `rejected` count stays exact). */
export const MAX_LISTED_ERRORS = 1000;

const CHUNK = 5000;
/** Interactive transactions default to 5 s; a large import needs longer. */
export const TRANSACTION_OPTIONS = { timeout: 15 * 60_000, maxWait: 60_000 };

/**
 * Takes the lock every write takes (see src/write/write.ts), for the rest of the
 * transaction: two writers never refresh the same rollup month at once.
 */
export async function lockWrites(db: SqlRunner): Promise<void> {
  await db.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})) AS l`);
}

interface Lookups {
  areas: Map<string, { id: number; parentCode: string | null }>;
  categories: Map<string, { id: number; parentCode: string | null }>;
  plans: Map<string, { id: number; from: number; to: number }>;
}

async function loadLookups(db: SqlRunner): Promise<Lookups> {
  const areas = await db.$queryRawUnsafe<{ id: number; code: string; parent_code: string | null }[]>(
    `SELECT a.id, a.code, p.code AS parent_code FROM area a LEFT JOIN area p ON p.id = a.parent_id`,
  );
  const categories = await db.$queryRawUnsafe<{ id: number; code: string; parent_code: string | null }[]>(
    `SELECT c.id, c.code, p.code AS parent_code FROM crime_category c LEFT JOIN crime_category p ON p.id = c.parent_id`,
  );
  const plans = await db.$queryRawUnsafe<{ id: number; code: string; start_month: number; end_month: number }[]>(
    `SELECT id, code, start_month, end_month FROM plan`,
  );
  return {
    areas: new Map(areas.map((a) => [a.code, { id: a.id, parentCode: a.parent_code }])),
    categories: new Map(categories.map((c) => [c.code, { id: c.id, parentCode: c.parent_code }])),
    plans: new Map(plans.map((p) => [p.code, { id: p.id, from: p.start_month, to: p.end_month }])),
  };
}

interface Counts {
  inserted: number;
  replaced: number;
}

/** One kind's validation and write. */
interface KindHandler<Row> {
  key(row: Row): string;
  read(r: RowReader, lookups: Lookups, fileCodes: ReadonlySet<string>): Row;
  /**
   * Tree kinds (areas, categories) read the whole file before checking a row: a row may name
   * a parent defined further down, and loops are found across rows. They are small. Every
   * other kind is validated and written record by record, in chunks, so a large file streams.
   */
  wholeFile?: boolean;
  /** Checks across rows (consistency, cycles); reports errors through `fail`. */
  check?(rows: { row: Row; line: number }[], lookups: Lookups, fail: (e: RowError) => void): void;
  /** Upserts rows by key; may be called once per chunk. Rollups are left to `refresh`. */
  upsert(db: SqlRunner, rows: Row[], lookups: Lookups): Promise<Counts>;
  /** The month a row belongs to, for the rollups to refresh (fact kinds). */
  month?(row: Row): number;
  /** Refreshes the rollups of these months, once, after every chunk is upserted. */
  refresh?(db: SqlRunner, months: number[]): Promise<void>;
}

/** Upserts through unnest() arrays, CHUNK rows a statement; counts inserts and replacements. */
async function upsert<Row>(
  db: SqlRunner,
  rows: Row[],
  sql: string,
  columns: ((row: Row) => unknown)[],
): Promise<{ inserted: number; replaced: number }> {
  let inserted = 0;
  let replaced = 0;
  await inChunks(rows, CHUNK, async (chunk) => {
    const arrays = columns.map((col) => chunk.map(col));
    const [counts] = await db.$queryRawUnsafe<{ inserted: number; replaced: number }[]>(
      `WITH written AS (${sql} RETURNING (xmax = 0) AS fresh)
       SELECT count(*) FILTER (WHERE fresh)::int AS inserted, count(*) FILTER (WHERE NOT fresh)::int AS replaced FROM written`,
      ...arrays,
    );
    inserted += counts.inserted;
    replaced += counts.replaced;
  });
  return { inserted, replaced };
}

const distinct = <T>(values: T[]): T[] => [...new Set(values)];

/** Finds parent links that loop back, given existing links overridden by the file's. */
function findCycles(links: Map<string, string | null>, codes: Iterable<string>): Set<string> {
  const looped = new Set<string>();
  for (const start of codes) {
    const seen = new Set<string>([start]);
    let at = links.get(start) ?? null;
    while (at) {
      if (seen.has(at)) {
        looped.add(start);
        break;
      }
      seen.add(at);
      at = links.get(at) ?? null;
    }
  }
  return looped;
}

interface AreaRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  population: number | null;
  year: number | null;
}
interface CategoryRow {
  code: string;
  name: string;
  parentCode: string | null;
  kind: string;
  /** null when the file has no sensitive column: an existing category keeps its flag. */
  sensitive: boolean | null;
}
interface FactRow {
  month: number;
  area: string;
  category: string;
  value: number;
}
interface OutcomeRow extends FactRow {
  outcomeType: string;
}
interface SatisfactionRow {
  month: number;
  area: string;
  survey: string;
  aspect: string;
  respondents: number;
  satisfied: number;
}
interface ObjectiveRow {
  plan: string;
  area: string;
  measure: string;
  category: string | null;
  survey: string | null;
  target: number;
  harm: string;
}

/** Tree kinds share their checks: one definition per code, a parent that exists, no loops. */
function checkTree<Row extends { code: string; parentCode: string | null }>(
  rows: { row: Row; line: number }[],
  existing: Map<string, { parentCode: string | null }>,
  what: string,
  same: (a: Row, b: Row) => boolean,
  fail: (e: RowError) => void,
): void {
  const first = new Map<string, { row: Row; line: number }>();
  for (const entry of rows) {
    const earlier = first.get(entry.row.code);
    if (!earlier) first.set(entry.row.code, entry);
    else if (!same(earlier.row, entry.row)) {
      fail({
        line: entry.line,
        column: 'code',
        value: entry.row.code,
        reason: `${what} ${entry.row.code} is described differently on line ${earlier.line} (name, level/kind and parent must agree)`,
      });
    }
  }
  const links = new Map<string, string | null>([...existing].map(([code, v]) => [code, v.parentCode]));
  for (const [code, { row }] of first) links.set(code, row.parentCode);
  for (const code of findCycles(links, first.keys())) {
    const { line, row } = first.get(code)!;
    fail({
      line,
      column: 'parent_code',
      value: row.parentCode,
      reason: `${what} ${code} would be its own ancestor (the parent links form a loop)`,
    });
  }
}

const areas: KindHandler<AreaRow> = {
  key: (r) => `${r.code}|${r.year ?? ''}`,
  wholeFile: true,
  read(r, lookups, fileCodes) {
    const code = r.code('code');
    const row: AreaRow = {
      code,
      name: r.required('name'),
      level: r.oneOf('level', AREA_LEVELS) ?? '',
      parentCode: r.reference('parent_code', (c) => lookups.areas.has(c) || fileCodes.has(c), 'parent area', true),
      population: r.optionalCount('population'),
      year: r.raw('population_year') === '' ? null : r.count('population_year'),
    };
    if (row.parentCode && row.parentCode === code) r.fail('parent_code', `area ${code} cannot be its own parent`);
    if (row.population !== null && row.year === null)
      r.fail('population_year', 'population_year is required when a population is given');
    if (row.year !== null && (row.year < 1900 || row.year > 2999))
      r.fail('population_year', `population_year ${row.year} is not a year`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(
      rows,
      lookups.areas,
      'area',
      (a, b) => a.name === b.name && a.level === b.level && a.parentCode === b.parentCode,
      fail,
    );
  },
  async upsert(db, rows, lookups) {
    const defs = [...new Map(rows.map((r) => [r.code, r])).values()];
    const before = lookups.areas;
    await upsert(
      db,
      defs,
      `INSERT INTO area (code, name, level) SELECT code, name, level::"AreaLevel" FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, name, level)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level`,
      [(r) => r.code, (r) => r.name, (r) => r.level],
    );
    await db.$executeRawUnsafe(
      `UPDATE area a SET parent_id = p.id
       FROM unnest($1::text[], $2::text[]) AS u(code, parent_code) LEFT JOIN area p ON p.code = u.parent_code
       WHERE a.code = u.code`,
      defs.map((r) => r.code),
      defs.map((r) => r.parentCode),
    );
    const withPopulation = rows.filter((r) => r.population !== null);
    const pop = await upsert(
      db,
      withPopulation,
      `INSERT INTO area_population (area_id, year, population)
       SELECT a.id, u.year, u.population FROM unnest($1::text[], $2::int[], $3::int[]) AS u(code, year, population)
       JOIN area a ON a.code = u.code
       ON CONFLICT (area_id, year) DO UPDATE SET population = EXCLUDED.population`,
      [(r) => r.code, (r) => r.year, (r) => r.population],
    );
    const treeChanged = defs.some((r) => !before.has(r.code) || before.get(r.code)!.parentCode !== r.parentCode);
    if (treeChanged) {
      await rebuildClosure(db, 'area');
      await rebuildAllRollups(db, 'area');
    }
    // A row is new when its area was new, or when it brought a population for a new year.
    const rowsWithoutPopulation = rows.filter((r) => r.population === null);
    const newAreasWithoutPopulation = rowsWithoutPopulation.filter((r) => !before.has(r.code)).length;
    return {
      inserted: pop.inserted + newAreasWithoutPopulation,
      replaced: pop.replaced + rowsWithoutPopulation.length - newAreasWithoutPopulation,
    };
  },
};

const categories: KindHandler<CategoryRow> = {
  key: (r) => r.code,
  wholeFile: true,
  read(r, lookups, fileCodes) {
    const code = r.code('code');
    const row: CategoryRow = {
      code,
      name: r.required('name'),
      parentCode: r.reference(
        'parent_code',
        (c) => lookups.categories.has(c) || fileCodes.has(c),
        'parent category',
        true,
      ),
      kind: r.oneOf('kind', CATEGORY_KINDS) ?? '',
      sensitive: r.has('sensitive') ? r.boolean('sensitive') : null,
    };
    if (row.parentCode === code) r.fail('parent_code', `category ${code} cannot be its own parent`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(rows, lookups.categories, 'category', () => true, fail);
  },
  async upsert(db, rows, lookups) {
    const before = lookups.categories;
    const counts = await upsert(
      db,
      rows,
      `INSERT INTO crime_category (code, name, kind) SELECT code, name, kind::"CategoryKind" FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, name, kind)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind`,
      [(r) => r.code, (r) => r.name, (r) => r.kind],
    );
    await db.$executeRawUnsafe(
      `UPDATE crime_category c SET parent_id = p.id
       FROM unnest($1::text[], $2::text[]) AS u(code, parent_code) LEFT JOIN crime_category p ON p.code = u.parent_code
       WHERE c.code = u.code`,
      rows.map((r) => r.code),
      rows.map((r) => r.parentCode),
    );
    const flagged = rows.filter((r) => r.sensitive !== null);
    if (flagged.length) {
      await db.$executeRawUnsafe(
        `UPDATE crime_category c SET sensitive = u.sensitive FROM unnest($1::text[], $2::boolean[]) AS u(code, sensitive) WHERE c.code = u.code`,
        flagged.map((r) => r.code),
        flagged.map((r) => r.sensitive),
      );
    }
    if (rows.some((r) => !before.has(r.code) || before.get(r.code)!.parentCode !== r.parentCode)) {
      await rebuildClosure(db, 'category');
      await rebuildAllRollups(db, 'category');
    }
    return counts;
  },
};

const peerGroups: KindHandler<{ group: string; area: string }> = {
  key: (r) => `${r.group}|${r.area}`,
  read: (r, lookups) => ({
    group: r.code('group_code'),
    area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
  }),
  async upsert(db, rows) {
    await db.$executeRawUnsafe(
      `INSERT INTO peer_group (code, name) SELECT g, g FROM unnest($1::text[]) AS g ON CONFLICT (code) DO NOTHING`,
      distinct(rows.map((r) => r.group)),
    );
    return upsert(
      db,
      rows,
      `INSERT INTO peer_group_member (group_id, area_id)
       SELECT g.id, a.id FROM unnest($1::text[], $2::text[]) AS u(group_code, area_code)
       JOIN peer_group g ON g.code = u.group_code JOIN area a ON a.code = u.area_code
       ON CONFLICT (group_id, area_id) DO UPDATE SET group_id = EXCLUDED.group_id`,
      [(r) => r.group, (r) => r.area],
    );
  },
};

const plans: KindHandler<{ code: string; name: string; fy: { from: number; to: number; label: string } }> = {
  key: (r) => r.code,
  read: (r) => ({ code: r.code('code'), name: r.required('name'), fy: r.financialYear('financial_year') }),
  upsert: (db, rows) =>
    upsert(
      db,
      rows,
      `INSERT INTO plan (code, name, financial_year, start_month, end_month)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, financial_year = EXCLUDED.financial_year,
         start_month = EXCLUDED.start_month, end_month = EXCLUDED.end_month`,
      [(r) => r.code, (r) => r.name, (r) => r.fy.label, (r) => r.fy.from, (r) => r.fy.to],
    ),
};

const objectives: KindHandler<ObjectiveRow> = {
  key: (r) => `${r.plan}|${r.area}|${r.measure}|${r.category ?? r.survey}`,
  read(r, lookups) {
    const measure = r.oneOf('measure', MEASURES) ?? '';
    const row: ObjectiveRow = {
      plan: r.reference('plan', (c) => lookups.plans.has(c), 'plan (import it first with the plans kind)') ?? '',
      area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
      measure,
      category: r.reference('category_code', (c) => lookups.categories.has(c), 'category', true),
      survey: r.oneOf('survey', SURVEYS, true),
      target: r.number('target'),
      harm: r.oneOf('harm', HARMS) ?? '',
    };
    if (measure === 'SATISFACTION') {
      if (!row.survey) r.fail('survey', 'a SATISFACTION objective needs a survey');
      if (r.raw('category_code')) r.fail('category_code', 'a SATISFACTION objective takes a survey, not a category');
    } else if (measure) {
      if (!r.raw('category_code')) r.fail('category_code', `a ${measure} objective needs a category`);
      if (row.survey) r.fail('survey', `a ${measure} objective takes a category, not a survey`);
    }
    if (measure === 'RECORDED_CRIME' && (row.target <= -100 || row.target >= 100)) {
      r.fail('target', `target ${row.target} is not a reduction in percent (e.g. 13 for a 13% reduction)`);
    }
    if (measure !== 'RECORDED_CRIME' && (row.target < 0 || row.target > 100)) {
      r.fail('target', `target ${row.target} is not a rate in percent between 0 and 100 (e.g. 25 for 25%)`);
    }
    return row;
  },
  upsert: (db, rows) =>
    upsert(
      db,
      rows,
      `INSERT INTO objective (plan_id, area_id, measure, category_id, survey, subject, target, harm)
       SELECT p.id, a.id, u.measure::"Measure", c.id, u.survey::"Survey", coalesce(u.category, u.survey), u.target, u.harm::"Harm"
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[])
         WITH ORDINALITY AS u(plan, area, measure, category, survey, target, harm, ord)
       JOIN plan p ON p.code = u.plan JOIN area a ON a.code = u.area LEFT JOIN crime_category c ON c.code = u.category
       -- New objectives get ids in the file's order: that order is the plan's own.
       ORDER BY u.ord
       ON CONFLICT (plan_id, area_id, measure, subject) DO UPDATE SET target = EXCLUDED.target, harm = EXCLUDED.harm`,
      [
        (r) => r.plan,
        (r) => r.area,
        (r) => r.measure,
        (r) => r.category,
        (r) => r.survey,
        (r) => r.target,
        (r) => r.harm,
      ],
    ),
};

function readFact(r: RowReader, lookups: Lookups, monthColumn: string, valueColumn: string): FactRow {
  return {
    month: r.month(monthColumn),
    area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
    category: r.reference('category_code', (c) => lookups.categories.has(c), 'category') ?? '',
    value: r.count(valueColumn, MAX_MONTHLY_COUNT),
  };
}
const ids = (lookups: Lookups) => ({
  area: (r: { area: string }) => lookups.areas.get(r.area)!.id,
  category: (r: { category: string }) => lookups.categories.get(r.category)!.id,
});

const crimes: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'month', 'recorded'),
  month: (r) => r.month,
  refresh: (db, months) => refreshFactRollup(db, months),
  upsert(db, rows, lookups) {
    const id = ids(lookups);
    return upsert(
      db,
      rows,
      `INSERT INTO recorded_crime (area_id, category_id, month, recorded) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, month) DO UPDATE SET recorded = EXCLUDED.recorded`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
  },
};

const outcomes: KindHandler<OutcomeRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}|${r.outcomeType}`,
  read: (r, lookups) => ({
    ...readFact(r, lookups, 'month', 'count'),
    outcomeType: r.oneOf('outcome_type', OUTCOME_TYPES) ?? '',
  }),
  month: (r) => r.month,
  async refresh(db, months) {
    await refreshFactRollup(db, months);
    await refreshOutcomeRollup(db, months);
  },
  upsert(db, rows, lookups) {
    const id = ids(lookups);
    return upsert(
      db,
      rows,
      `INSERT INTO crime_outcome (area_id, category_id, month, outcome_type, count)
       SELECT a, c, m, t::"OutcomeType", n FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[]) AS u(a, c, m, t, n)
       ON CONFLICT (area_id, category_id, month, outcome_type) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.outcomeType, (r) => r.value],
    );
  },
};

const investigations: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'as_of', 'count'),
  month: (r) => r.month,
  refresh: (db, months) => refreshInvestigationRollup(db, months),
  upsert(db, rows, lookups) {
    const id = ids(lookups);
    return upsert(
      db,
      rows,
      `INSERT INTO investigation (area_id, category_id, as_of, count) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, as_of) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
  },
};

const satisfaction: KindHandler<SatisfactionRow> = {
  key: (r) => `${r.month}|${r.area}|${r.survey}|${r.aspect}`,
  read(r, lookups) {
    const row: SatisfactionRow = {
      month: r.month('month'),
      area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
      survey: r.oneOf('survey', SURVEYS) ?? '',
      aspect: r.oneOf('aspect', ASPECTS) ?? '',
      respondents: r.count('respondents', MAX_MONTHLY_COUNT),
      satisfied: r.count('satisfied', MAX_MONTHLY_COUNT),
    };
    if (row.satisfied > row.respondents) {
      r.fail('satisfied', `satisfied (${row.satisfied}) is greater than respondents (${row.respondents})`);
    }
    return row;
  },
  month: (r) => r.month,
  refresh: (db, months) => refreshSatisfactionRollup(db, months),
  upsert(db, rows, lookups) {
    return upsert(
      db,
      rows,
      `INSERT INTO satisfaction_response (area_id, survey, aspect, month, respondents, satisfied)
       SELECT a, s::"Survey", x::"SatisfactionAspect", m, r, n FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[]) AS u(a, s, x, m, r, n)
       ON CONFLICT (area_id, survey, aspect, month) DO UPDATE SET respondents = EXCLUDED.respondents, satisfied = EXCLUDED.satisfied`,
      [
        (r) => lookups.areas.get(r.area)!.id,
        (r) => r.survey,
        (r) => r.aspect,
        (r) => r.month,
        (r) => r.respondents,
        (r) => r.satisfied,
      ],
    );
  },
};

/** An LSOA code as data.police.uk and the ONS write it: E01025631 (England), W01000001 (Wales). */
const LSOA_CODE = /^[A-Z][0-9]{8}$/;

const lsoaLookup: KindHandler<{ lsoa: string; area: string }> = {
  key: (r) => r.lsoa,
  read(r, lookups) {
    const lsoa = r.required('lsoa_code');
    if (lsoa && !LSOA_CODE.test(lsoa))
      r.fail('lsoa_code', `"${lsoa}" is not an LSOA code: a capital letter and 8 digits, e.g. E01025631`);
    return { lsoa, area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '' };
  },
  upsert: (db, rows) =>
    upsert(
      db,
      rows,
      `INSERT INTO lsoa_area (lsoa_code, area_id)
       SELECT u.lsoa, a.id FROM unnest($1::text[], $2::text[]) AS u(lsoa, area) JOIN area a ON a.code = u.area
       ON CONFLICT (lsoa_code) DO UPDATE SET area_id = EXCLUDED.area_id`,
      [(r) => r.lsoa, (r) => r.area],
    ),
};

const crimeTypeMapping: KindHandler<{ crimeType: string; category: string }> = {
  key: (r) => r.crimeType,
  read: (r, lookups) => ({
    crimeType: r.required('crime_type'),
    category: r.reference('category_code', (c) => lookups.categories.has(c), 'category') ?? '',
  }),
  upsert: (db, rows) =>
    upsert(
      db,
      rows,
      `INSERT INTO crime_type_mapping (crime_type, category_id)
       SELECT u.crime_type, c.id FROM unnest($1::text[], $2::text[]) AS u(crime_type, category) JOIN crime_category c ON c.code = u.category
       ON CONFLICT (crime_type) DO UPDATE SET category_id = EXCLUDED.category_id`,
      [(r) => r.crimeType, (r) => r.category],
    ),
};

const HANDLERS: Record<CsvKind, KindHandler<any>> = {
  areas,
  categories,
  peer_groups: peerGroups,
  plans,
  objectives,
  crimes,
  outcomes,
  investigations,
  satisfaction,
  lsoa_lookup: lsoaLookup,
  crime_type_mapping: crimeTypeMapping,
};

const NO_CODES: ReadonlySet<string> = new Set();

/** A record that is one empty field: a blank line, skipped. */
const isBlank = (r: CsvRecord) => r.fields.length === 1 && r.fields[0] === '';

/** Records of a text stream in the batches the reader completes them, blank lines dropped. */
export async function* csvRecords(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader();
  for await (const chunk of chunks) {
    const records = reader.push(chunk).filter((r) => !isBlank(r));
    if (records.length) yield records;
  }
  const last = reader.end().filter((r) => !isBlank(r));
  if (last.length) yield last;
}

/** A string in slices, so a large text goes through the same streaming path as a file. */
export function* textChunks(text: string, size = 1 << 16): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Checks a header against a kind's columns; returns the file's columns, or the error. */
export function checkHeader(kind: CsvKind, header: CsvRecord): { columns: string[] } | { error: RowError } {
  const expected = CSV_HEADERS[kind] as readonly string[];
  const optional = OPTIONAL_COLUMNS[kind] ?? [];
  const found = header.fields.map((f) => f.trim().toLowerCase());
  const accepted = [0, ...optional.map((_, i) => i + 1)].map((n) => [...expected, ...optional.slice(0, n)].join(','));
  if (accepted.includes(found.join(','))) return { columns: found };
  const also = optional.length ? ` (optionally followed by ${optional.join(',')})` : '';
  return {
    error: {
      line: header.line,
      column: null,
      value: header.fields.join(','),
      reason: `wrong header for ${kind}: expected ${expected.join(',')}${also}, found ${header.fields.join(',')}`,
    },
  };
}

/**
 * Collects the errors of an import: the first MAX_LISTED_ERRORS listed, every bad row
 * counted. Rows are checked in order and a row's errors arrive together, so distinct bad
 * rows are counted without remembering them all (memory stays bounded on a huge bad file).
 */
export class ErrorList {
  readonly listed: RowError[] = [];
  unlisted = 0;
  private badRows = 0;
  private lastRow: string | null = null;

  add(error: RowError): void {
    const row = `${error.file ?? ''}|${error.line}`;
    if (row !== this.lastRow) {
      this.badRows += 1;
      this.lastRow = row;
    }
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(error);
    else this.unlisted += 1;
  }
  get count(): number {
    return this.listed.length + this.unlisted;
  }
  /** Distinct bad rows. */
  get rejected(): number {
    return this.badRows;
  }
  sorted(): RowError[] {
    return [...this.listed].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  }
}

/**
 * Validates one file's records and, unless `deferWrites`, upserts them as it goes (CHUNK rows
 * at a time, only while no error has been seen). The caller's transaction makes it all or
 * nothing: on any error it must roll back.
 */
class FileImport {
  private readonly handler: KindHandler<any>;
  private columns: string[] | null = null;
  private headerBad = false;
  readonly errors = new ErrorList();
  rowsRead = 0;
  counts: Counts = { inserted: 0, replaced: 0 };
  private readonly seen = new Map<string, number>();
  private readonly months = new Set<number>();
  /** Valid rows not written yet (all of them for whole-file kinds or deferred writes). */
  private pending: { row: unknown; line: number }[] = [];
  /** Records of whole-file kinds, validated at the end. */
  private buffered: CsvRecord[] = [];

  constructor(
    private readonly db: SqlRunner,
    readonly kind: CsvKind,
    private readonly lookups: Lookups,
    private readonly deferWrites = false,
  ) {
    this.handler = HANDLERS[kind];
  }

  async feed(records: CsvRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.columns && !this.headerBad) {
        const header = checkHeader(this.kind, record);
        if ('error' in header) {
          this.errors.add(header.error);
          this.headerBad = true;
        } else this.columns = header.columns;
        continue;
      }
      this.rowsRead += 1;
      if (this.headerBad) continue;
      if (this.handler.wholeFile) this.buffered.push(record);
      else this.readRecord(record, NO_CODES);
    }
    if (!this.deferWrites && !this.handler.wholeFile && this.pending.length >= CHUNK && this.errors.count === 0) {
      await this.writePending();
    }
  }

  /** A syntax error ends the file: what was read so far is still reported. */
  syntaxError(e: CsvSyntaxError): void {
    this.errors.add({ line: e.line, column: null, value: null, reason: `the file is not valid CSV: ${e.message}` });
  }

  private readRecord(record: CsvRecord, fileCodes: ReadonlySet<string>): void {
    const columns = this.columns!;
    if (record.fields.length !== columns.length) {
      this.errors.add({
        line: record.line,
        column: null,
        value: record.fields.join(','),
        reason: `expected ${columns.length} fields (${columns.join(',')}), found ${record.fields.length}`,
      });
      return;
    }
    const nul = record.fields.findIndex(hasNul);
    if (nul >= 0) {
      this.errors.add({
        line: record.line,
        column: columns[nul],
        value: record.fields[nul].replace(/\u0000/g, '\\0'),
        reason: NUL_REASON,
      });
      return;
    }
    const reader = new RowReader(record.line, Object.fromEntries(columns.map((c, i) => [c, record.fields[i]])));
    const row = this.handler.read(reader, this.lookups, fileCodes);
    if (reader.errors.length) {
      for (const e of reader.errors) this.errors.add(e);
      return;
    }
    const key = this.handler.key(row);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      this.errors.add({
        line: record.line,
        column: null,
        value: record.fields.join(','),
        reason: `duplicate of line ${earlier}: the same key appears twice in one file`,
      });
      return;
    }
    this.seen.set(key, record.line);
    this.pending.push({ row, line: record.line });
  }

  private async writePending(): Promise<void> {
    const rows = this.pending.map((p) => p.row);
    this.pending = [];
    if (!rows.length) return;
    await inChunks(rows, CHUNK, async (chunk) => {
      const counts = await this.handler.upsert(this.db, chunk, this.lookups);
      this.counts.inserted += counts.inserted;
      this.counts.replaced += counts.replaced;
      if (this.handler.month) for (const row of chunk) this.months.add(this.handler.month(row));
    });
  }

  /** Ends the file: the whole-file checks, the last writes and the rollups, unless there were errors. */
  async finish(): Promise<void> {
    if (!this.columns && !this.headerBad) {
      const expected = (CSV_HEADERS[this.kind] as readonly string[]).join(',');
      this.errors.add({
        line: 1,
        column: null,
        value: null,
        reason: `the file is empty: expected the header ${expected}`,
      });
      return;
    }
    if (this.handler.wholeFile && this.columns) {
      const codes = new Set(this.buffered.map((d) => (d.fields[0] ?? '').trim()));
      for (const record of this.buffered) this.readRecord(record, codes);
      this.buffered = [];
      this.handler.check?.(this.pending, this.lookups, (e) => this.errors.add(e));
    }
    if (this.errors.count > 0) return;
    await this.writePending();
    if (this.handler.refresh && this.months.size)
      await this.handler.refresh(
        this.db,
        [...this.months].sort((a, b) => a - b),
      );
  }

  result(dryRun: boolean): ImportResult {
    const ok = this.errors.count === 0;
    return {
      kind: this.kind,
      rowsRead: this.rowsRead,
      inserted: ok ? this.counts.inserted : 0,
      replaced: ok ? this.counts.replaced : 0,
      rejected: this.errors.rejected,
      errors: this.errors.sorted(),
      ...(this.errors.unlisted ? { unlistedErrors: this.errors.unlisted } : {}),
      dryRun,
    };
  }
}

export interface ImportOptions {
  /** Validate and count, then roll back: nothing is written, not even the audit entry. */
  dryRun?: boolean;
  /** Who the audit log names: an API key's name, or "cli" (the default). */
  actor?: string;
  /** The actor's role, when it has one. */
  role?: string | null;
  /** The file's name, for the audit log. */
  fileName?: string;
  /** Called after each batch of records with the data rows read so far (for progress). */
  onRows?: (rowsRead: number) => void;
}

/**
 * Imports one file of one kind from a stream of text chunks; throws ImportRejectedError
 * (nothing written) on any bad row.
 */
export async function importCsvStream(
  prisma: PrismaClient,
  kind: CsvKind,
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const dryRun = options.dryRun ?? false;
  let result: ImportResult | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      await lockWrites(tx);
      const file = new FileImport(tx, kind, await loadLookups(tx));
      try {
        for await (const records of csvRecords(chunks)) {
          await file.feed(records);
          options.onRows?.(file.rowsRead);
        }
      } catch (e) {
        if (!(e instanceof CsvSyntaxError)) throw e;
        file.syntaxError(e);
      }
      await file.finish();
      result = file.result(dryRun);
      if (result.rejected > 0) throw new ImportRejectedError(result);
      await recordAudit(tx, {
        actor: options.actor ?? CLI_ACTOR,
        role: options.role ?? null,
        action: 'IMPORT_CSV',
        target: kind,
        rows: result.inserted + result.replaced,
        details: {
          kind,
          file: options.fileName ?? null,
          rowsRead: result.rowsRead,
          inserted: result.inserted,
          replaced: result.replaced,
        },
      });
      if (dryRun) throw new DryRunRollback();
    }, TRANSACTION_OPTIONS);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}

/** Imports one CSV text of one kind; throws ImportRejectedError (nothing written) on any bad row. */
export function importCsv(
  prisma: PrismaClient,
  kind: CsvKind,
  text: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return importCsvStream(prisma, kind, textChunks(text), options);
}

/**
 * Validates and writes rows of one kind that arrive already split into columns (the write
 * API's single-row mutations): exactly a file's checks and messages, upsert and rollup
 * refresh, inside the caller's transaction. `rows` are keyed by CSV column; an error's
 * `line` is the row's 1-based position in `rows`. Writes nothing when there is any error.
 */
export async function writeParsedRows(
  db: SqlRunner,
  kind: CsvKind,
  rows: Record<string, string>[],
): Promise<{ inserted: number; replaced: number; errors: RowError[] }> {
  const header = CSV_HEADERS[kind] as readonly string[];
  const file = new FileImport(db, kind, await loadLookups(db), true);
  await file.feed([
    { line: 0, fields: [...header] },
    ...rows.map((row, i) => ({ line: i + 1, fields: header.map((column) => row[column] ?? '') })),
  ]);
  await file.finish();
  const result = file.result(false);
  if (result.rejected > 0) return { inserted: 0, replaced: 0, errors: result.errors };
  return { inserted: result.inserted, replaced: result.replaced, errors: [] };
}
