/**
 * Import of the canonical CSV kinds. A file is read whole, every record validated (all
 * problems collected, each with its line and column), and only a file with no bad row is
 * written: in one transaction, facts upserted by their key (a re-imported row replaces
 * the old one), then the closures and rollups that depend on them refreshed in the same
 * transaction. A dry run does all of that and rolls back, so its counts are exact.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { inChunks, type SqlRunner } from '../db/sql';
import { CsvSyntaxError, parseCsv, type CsvRecord } from './csv';
import {
  AREA_LEVELS,
  ASPECTS,
  CATEGORY_KINDS,
  CSV_HEADERS,
  HARMS,
  MEASURES,
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
  rejected: number;
  errors: RowError[];
  dryRun: boolean;
}

export class ImportRejectedError extends Error {
  constructor(readonly result: ImportResult) {
    const shown = result.errors.slice(0, 3).map((e) => `line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.reason}`);
    super(
      `The ${result.kind} file was rejected, nothing was written: ${result.rejected} bad row(s). ${shown.join('; ')}${
        result.errors.length > 3 ? `; and ${result.errors.length - 3} more` : ''
      }`,
    );
  }
}

class DryRunRollback extends Error {}

const CHUNK = 5000;
/** Interactive transactions default to 5 s; a large import needs longer. */
const TRANSACTION_OPTIONS = { timeout: 15 * 60_000, maxWait: 60_000 };

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

/** One kind's validation and write. */
interface KindHandler<Row> {
  key(row: Row): string;
  read(r: RowReader, lookups: Lookups, fileCodes: Set<string>): Row;
  /** Checks across rows (consistency, cycles); reports errors through `fail`. */
  check?(rows: { row: Row; line: number }[], lookups: Lookups, fail: (e: RowError) => void): void;
  write(db: SqlRunner, rows: Row[], lookups: Lookups): Promise<{ inserted: number; replaced: number }>;
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
    fail({ line, column: 'parent_code', value: row.parentCode, reason: `${what} ${code} would be its own ancestor (the parent links form a loop)` });
  }
}

const areas: KindHandler<AreaRow> = {
  key: (r) => `${r.code}|${r.year ?? ''}`,
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
    if (row.population !== null && row.year === null) r.fail('population_year', 'population_year is required when a population is given');
    if (row.year !== null && (row.year < 1900 || row.year > 2999)) r.fail('population_year', `population_year ${row.year} is not a year`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(rows, lookups.areas, 'area', (a, b) => a.name === b.name && a.level === b.level && a.parentCode === b.parentCode, fail);
  },
  async write(db, rows, lookups) {
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
  read(r, lookups, fileCodes) {
    const code = r.code('code');
    const row: CategoryRow = {
      code,
      name: r.required('name'),
      parentCode: r.reference('parent_code', (c) => lookups.categories.has(c) || fileCodes.has(c), 'parent category', true),
      kind: r.oneOf('kind', CATEGORY_KINDS) ?? '',
    };
    if (row.parentCode === code) r.fail('parent_code', `category ${code} cannot be its own parent`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(rows, lookups.categories, 'category', () => true, fail);
  },
  async write(db, rows, lookups) {
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
  async write(db, rows) {
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
  write: (db, rows) =>
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
  write: (db, rows) =>
    upsert(
      db,
      rows,
      `INSERT INTO objective (plan_id, area_id, measure, category_id, survey, subject, target, harm)
       SELECT p.id, a.id, u.measure::"Measure", c.id, u.survey::"Survey", coalesce(u.category, u.survey), u.target, u.harm::"Harm"
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[])
         AS u(plan, area, measure, category, survey, target, harm)
       JOIN plan p ON p.code = u.plan JOIN area a ON a.code = u.area LEFT JOIN crime_category c ON c.code = u.category
       ON CONFLICT (plan_id, area_id, measure, subject) DO UPDATE SET target = EXCLUDED.target, harm = EXCLUDED.harm`,
      [(r) => r.plan, (r) => r.area, (r) => r.measure, (r) => r.category, (r) => r.survey, (r) => r.target, (r) => r.harm],
    ),
};

function readFact(r: RowReader, lookups: Lookups, monthColumn: string, valueColumn: string): FactRow {
  return {
    month: r.month(monthColumn),
    area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
    category: r.reference('category_code', (c) => lookups.categories.has(c), 'category') ?? '',
    value: r.count(valueColumn),
  };
}
const ids = (lookups: Lookups) => ({
  area: (r: { area: string }) => lookups.areas.get(r.area)!.id,
  category: (r: { category: string }) => lookups.categories.get(r.category)!.id,
});

const crimes: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'month', 'recorded'),
  async write(db, rows, lookups) {
    const id = ids(lookups);
    const counts = await upsert(
      db,
      rows,
      `INSERT INTO recorded_crime (area_id, category_id, month, recorded) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, month) DO UPDATE SET recorded = EXCLUDED.recorded`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
    await refreshFactRollup(db, distinct(rows.map((r) => r.month)));
    return counts;
  },
};

const outcomes: KindHandler<OutcomeRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}|${r.outcomeType}`,
  read: (r, lookups) => ({ ...readFact(r, lookups, 'month', 'count'), outcomeType: r.oneOf('outcome_type', OUTCOME_TYPES) ?? '' }),
  async write(db, rows, lookups) {
    const id = ids(lookups);
    const counts = await upsert(
      db,
      rows,
      `INSERT INTO crime_outcome (area_id, category_id, month, outcome_type, count)
       SELECT a, c, m, t::"OutcomeType", n FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[]) AS u(a, c, m, t, n)
       ON CONFLICT (area_id, category_id, month, outcome_type) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.outcomeType, (r) => r.value],
    );
    const months = distinct(rows.map((r) => r.month));
    await refreshFactRollup(db, months);
    await refreshOutcomeRollup(db, months);
    return counts;
  },
};

const investigations: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'as_of', 'count'),
  async write(db, rows, lookups) {
    const id = ids(lookups);
    const counts = await upsert(
      db,
      rows,
      `INSERT INTO investigation (area_id, category_id, as_of, count) SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, as_of) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
    await refreshInvestigationRollup(db, distinct(rows.map((r) => r.month)));
    return counts;
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
      respondents: r.count('respondents'),
      satisfied: r.count('satisfied'),
    };
    if (row.satisfied > row.respondents) {
      r.fail('satisfied', `satisfied (${row.satisfied}) is greater than respondents (${row.respondents})`);
    }
    return row;
  },
  async write(db, rows, lookups) {
    const counts = await upsert(
      db,
      rows,
      `INSERT INTO satisfaction_response (area_id, survey, aspect, month, respondents, satisfied)
       SELECT a, s::"Survey", x::"SatisfactionAspect", m, r, n FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[]) AS u(a, s, x, m, r, n)
       ON CONFLICT (area_id, survey, aspect, month) DO UPDATE SET respondents = EXCLUDED.respondents, satisfied = EXCLUDED.satisfied`,
      [(r) => lookups.areas.get(r.area)!.id, (r) => r.survey, (r) => r.aspect, (r) => r.month, (r) => r.respondents, (r) => r.satisfied],
    );
    await refreshSatisfactionRollup(db, distinct(rows.map((r) => r.month)));
    return counts;
  },
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
};

/** Validates the records of one file; returns the rows or every error found. */
function validate(kind: CsvKind, records: CsvRecord[], lookups: Lookups): { rows: unknown[]; errors: RowError[]; rowsRead: number } {
  const expected = CSV_HEADERS[kind] as readonly string[];
  const errors: RowError[] = [];
  if (records.length === 0) {
    errors.push({ line: 1, column: null, value: null, reason: `the file is empty: expected the header ${expected.join(',')}` });
    return { rows: [], errors, rowsRead: 0 };
  }
  const [header, ...data] = records;
  const found = header.fields.map((f) => f.trim().toLowerCase());
  if (found.join(',') !== expected.join(',')) {
    errors.push({
      line: header.line,
      column: null,
      value: header.fields.join(','),
      reason: `wrong header for ${kind}: expected ${expected.join(',')}, found ${header.fields.join(',')}`,
    });
    return { rows: [], errors, rowsRead: data.length };
  }
  const handler = HANDLERS[kind];
  const fileCodes = new Set(kind === 'areas' || kind === 'categories' ? data.map((d) => (d.fields[0] ?? '').trim()) : []);
  const seen = new Map<string, number>();
  const rows: { row: unknown; line: number }[] = [];
  for (const record of data) {
    if (record.fields.length !== expected.length) {
      errors.push({
        line: record.line,
        column: null,
        value: record.fields.join(','),
        reason: `expected ${expected.length} fields (${expected.join(',')}), found ${record.fields.length}`,
      });
      continue;
    }
    const reader = new RowReader(record.line, Object.fromEntries(expected.map((c, i) => [c, record.fields[i]])));
    const row = handler.read(reader, lookups, fileCodes);
    if (reader.errors.length) {
      errors.push(...reader.errors);
      continue;
    }
    const key = handler.key(row);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line: record.line, column: null, value: record.fields.join(','), reason: `duplicate of line ${earlier}: the same key appears twice in one file` });
      continue;
    }
    seen.set(key, record.line);
    rows.push({ row, line: record.line });
  }
  handler.check?.(rows, lookups, (e) => errors.push(e));
  errors.sort((a, b) => a.line - b.line);
  return { rows: rows.map((r) => r.row), errors, rowsRead: data.length };
}

export interface ImportOptions {
  dryRun?: boolean;
}

/** Imports one CSV file of one kind; throws ImportRejectedError (nothing written) on any bad row. */
export async function importCsv(prisma: PrismaClient, kind: CsvKind, text: string, options: ImportOptions = {}): Promise<ImportResult> {
  const dryRun = options.dryRun ?? false;
  let records: CsvRecord[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    const errors = [{ line: e.line, column: null, value: null, reason: `the file is not valid CSV: ${e.message}` }];
    throw new ImportRejectedError({ kind, rowsRead: 0, inserted: 0, replaced: 0, rejected: 1, errors, dryRun });
  }
  let result: ImportResult | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      const lookups = await loadLookups(tx);
      const { rows, errors, rowsRead } = validate(kind, records, lookups);
      if (errors.length) {
        const rejected = new Set(errors.map((e) => e.line)).size;
        throw new ImportRejectedError({ kind, rowsRead, inserted: 0, replaced: 0, rejected, errors, dryRun });
      }
      const counts = rows.length ? await HANDLERS[kind].write(tx, rows, lookups) : { inserted: 0, replaced: 0 };
      result = { kind, rowsRead, ...counts, rejected: 0, errors: [], dryRun };
      if (dryRun) throw new DryRunRollback();
    }, TRANSACTION_OPTIONS);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}
