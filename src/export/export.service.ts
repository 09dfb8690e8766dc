/**
 * Export of every canonical kind as CSV, in the format its import reads, so that an export
 * imported again gives back the same rows. Rows stream from the database through a cursor,
 * a page at a time, in key order; filters are applied in SQL: an area filter keeps the
 * area's subtree, a category filter the category's subtree, from/to a range of months.
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { SqlRunner } from '../db/sql';
import { csvLine } from '../import/csv';
import { allColumns, type CsvKind } from '../import/kinds';
import { InvalidInputError } from '../period/errors';
import { formatMonth, parseMonth } from '../period/month';

export interface ExportFilters {
  /** An area code: rows of that area and every area below it. */
  area?: string;
  /** A category code: rows of that category and every category below it. */
  category?: string;
  /** First month, YYYY-MM (facts: month or as-of month; plans and objectives: financial years that reach it). */
  from?: string;
  /** Last month, YYYY-MM. */
  to?: string;
}

type Filter = keyof ExportFilters;
type Row = Record<string, unknown>;

/** Rows fetched from the cursor at a time. */
export const EXPORT_PAGE_SIZE = 2000;
const EXPORT_TRANSACTION = { timeout: 60 * 60_000, maxWait: 60_000 };

/** One kind's query: the columns in CSV order, the SQL, and the filters it takes. */
interface KindExport {
  filters: Filter[];
  /** The SELECT, given the WHERE conditions built from the filters. */
  sql(where: string): string;
  /** SQL conditions per filter; `$n` is the filter's parameter. */
  conditions: Partial<Record<Filter, (n: number) => string>>;
  /** Column values of one row, in CSV order. */
  values(row: Row): unknown[];
}

const inAreaSubtree = (column: string) => (n: number) =>
  `${column} IN (SELECT descendant_id FROM area_closure WHERE ancestor_id = $${n})`;
const inCategorySubtree = (column: string) => (n: number) =>
  `${column} IN (SELECT descendant_id FROM category_closure WHERE ancestor_id = $${n})`;
const monthFrom = (column: string) => (n: number) => `${column} >= $${n}`;
const monthTo = (column: string) => (n: number) => `${column} <= $${n}`;
const month = (value: unknown) => formatMonth(Number(value));

function factExport(table: string, monthColumn: string, extra: string[], valueColumns: string[]): KindExport {
  return {
    filters: ['area', 'category', 'from', 'to'],
    sql: (where) => `SELECT f.${monthColumn} AS month, a.code AS area_code, c.code AS category_code
        ${extra.map((e) => `, f.${e}::text AS ${e}`).join('')}${valueColumns.map((v) => `, f.${v}`).join('')}
      FROM ${table} f JOIN area a ON a.id = f.area_id JOIN crime_category c ON c.id = f.category_id
      ${where} ORDER BY f.${monthColumn}, a.code, c.code${extra.map((e) => `, f.${e}`).join('')}`,
    conditions: {
      area: inAreaSubtree('f.area_id'),
      category: inCategorySubtree('f.category_id'),
      from: monthFrom(`f.${monthColumn}`),
      to: monthTo(`f.${monthColumn}`),
    },
    values: (r) => [
      month(r.month),
      r.area_code,
      r.category_code,
      ...extra.map((e) => r[e]),
      ...valueColumns.map((v) => r[v]),
    ],
  };
}

/** Parents before children: each area at its depth below its root. */
const AREA_DEPTH = `(SELECT descendant_id, max(depth) AS depth FROM area_closure GROUP BY descendant_id)`;
const CATEGORY_DEPTH = `(SELECT descendant_id, max(depth) AS depth FROM category_closure GROUP BY descendant_id)`;

const EXPORTS: Record<CsvKind, KindExport> = {
  areas: {
    filters: ['area'],
    sql: (where) => `SELECT a.code, a.name, a.level::text AS level, p.code AS parent_code, ap.population,
        ap.year AS population_year
      FROM area a LEFT JOIN area p ON p.id = a.parent_id LEFT JOIN area_population ap ON ap.area_id = a.id
      JOIN ${AREA_DEPTH} d ON d.descendant_id = a.id
      ${where} ORDER BY d.depth, a.code, ap.year`,
    conditions: { area: inAreaSubtree('a.id') },
    values: (r) => [r.code, r.name, r.level, r.parent_code, r.population, r.population_year],
  },
  categories: {
    filters: ['category'],
    sql: (where) => `SELECT c.code, c.name, p.code AS parent_code, c.kind::text AS kind, c.sensitive
      FROM crime_category c LEFT JOIN crime_category p ON p.id = c.parent_id
        JOIN ${CATEGORY_DEPTH} d ON d.descendant_id = c.id
      ${where} ORDER BY d.depth, c.code`,
    conditions: { category: inCategorySubtree('c.id') },
    values: (r) => [r.code, r.name, r.parent_code, r.kind, r.sensitive ? 'true' : 'false'],
  },
  lsoa_lookup: {
    filters: ['area'],
    sql: (where) =>
      `SELECT l.lsoa_code, a.code AS area_code FROM lsoa_area l JOIN area a ON a.id = l.area_id
      ${where} ORDER BY l.lsoa_code`,
    conditions: { area: inAreaSubtree('l.area_id') },
    values: (r) => [r.lsoa_code, r.area_code],
  },
  crime_type_mapping: {
    filters: ['category'],
    sql: (where) =>
      `SELECT m.crime_type, c.code AS category_code
      FROM crime_type_mapping m JOIN crime_category c ON c.id = m.category_id
      ${where} ORDER BY m.crime_type`,
    conditions: { category: inCategorySubtree('m.category_id') },
    values: (r) => [r.crime_type, r.category_code],
  },
  peer_groups: {
    filters: ['area'],
    sql: (where) => `SELECT g.code AS group_code, a.code AS area_code
      FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id JOIN area a ON a.id = m.area_id
      ${where} ORDER BY g.code, a.code`,
    conditions: { area: inAreaSubtree('m.area_id') },
    values: (r) => [r.group_code, r.area_code],
  },
  plans: {
    filters: ['from', 'to'],
    sql: (where) => `SELECT code, name, financial_year FROM plan ${where} ORDER BY start_month, code`,
    conditions: { from: (n) => `end_month >= $${n}`, to: (n) => `start_month <= $${n}` },
    values: (r) => [r.code, r.name, r.financial_year],
  },
  objectives: {
    filters: ['area', 'category', 'from', 'to'],
    sql: (where) => `SELECT p.code AS plan, a.code AS area_code, o.measure::text AS measure, c.code AS category_code,
        o.survey::text AS survey, o.target, o.harm::text AS harm
      FROM objective o JOIN plan p ON p.id = o.plan_id JOIN area a ON a.id = o.area_id
        LEFT JOIN crime_category c ON c.id = o.category_id
      ${where} ORDER BY p.start_month, p.code, a.code, o.measure, o.subject`,
    conditions: {
      area: inAreaSubtree('o.area_id'),
      category: inCategorySubtree('o.category_id'),
      from: (n) => `p.end_month >= $${n}`,
      to: (n) => `p.start_month <= $${n}`,
    },
    values: (r) => [r.plan, r.area_code, r.measure, r.category_code, r.survey, r.target, r.harm],
  },
  crimes: factExport('recorded_crime', 'month', [], ['recorded']),
  outcomes: factExport('crime_outcome', 'month', ['outcome_type'], ['count']),
  investigations: factExport('investigation', 'as_of', [], ['count']),
  satisfaction: {
    filters: ['area', 'from', 'to'],
    sql: (
      where,
    ) => `SELECT s.month, a.code AS area_code, s.survey::text AS survey, s.aspect::text AS aspect,  s.respondents,
        s.satisfied
      FROM satisfaction_response s JOIN area a ON a.id = s.area_id
      ${where} ORDER BY s.month, a.code, s.survey, s.aspect`,
    conditions: { area: inAreaSubtree('s.area_id'), from: monthFrom('s.month'), to: monthTo('s.month') },
    values: (r) => [month(r.month), r.area_code, r.survey, r.aspect, r.respondents, r.satisfied],
  },
};

/** Checks the filters and turns codes and months into the ids and integers the SQL takes. */
async function resolveFilters(
  db: SqlRunner,
  kind: CsvKind,
  filters: ExportFilters,
): Promise<Partial<Record<Filter, number>>> {
  const spec = EXPORTS[kind];
  const out: Partial<Record<Filter, number>> = {};
  for (const filter of ['area', 'category', 'from', 'to'] as Filter[]) {
    const value = filters[filter];
    if (value === undefined || value === '') continue;
    if (!spec.filters.includes(filter)) {
      throw new InvalidInputError(
        `the ${filter} filter does not apply to ` +
          `${kind}${spec.filters.length ? `: it takes ${spec.filters.join(', ')}` : ''}`,
        filter,
      );
    }
    if (filter === 'area' || filter === 'category') {
      const table = filter === 'area' ? 'area' : 'crime_category';
      const [row] = await db.$queryRawUnsafe<{ id: number }[]>(`SELECT id FROM ${table} WHERE code = $1`, value);
      if (!row) throw new InvalidInputError(`unknown ${filter} code "${value}"`, filter);
      out[filter] = row.id;
    } else out[filter] = parseMonth(value, filter);
  }
  if (out.from !== undefined && out.to !== undefined && out.from > out.to) {
    throw new InvalidInputError(`from ${filters.from} is after to ${filters.to}`, 'from');
  }
  return out;
}

/**
 * Writes one kind as CSV (header first, LF line ends) through `write`, a page of rows at a
 * time; `write` may return a promise (e.g. to wait for a stream to drain). Returns the
 * number of data rows written. Throws InvalidInputError for a filter that does not apply or
 * names nothing.
 */
export async function exportCsv(
  prisma: PrismaClient,
  kind: CsvKind,
  filters: ExportFilters,
  write: (text: string) => void | Promise<void>,
  options: { pageSize?: number } = {},
): Promise<{ rows: number }> {
  const spec = EXPORTS[kind];
  const pageSize = options.pageSize ?? EXPORT_PAGE_SIZE;
  let rows = 0;
  await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET TRANSACTION READ ONLY`);
    const resolved = await resolveFilters(tx, kind, filters);
    const params: number[] = [];
    const conditions: string[] = [];
    for (const [filter, value] of Object.entries(resolved) as [Filter, number][]) {
      params.push(value);
      conditions.push(spec.conditions[filter]!(params.length));
    }
    const sql = spec.sql(conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');
    await write(csvLine(allColumns(kind)) + '\n');
    await tx.$executeRawUnsafe(`DECLARE export_rows NO SCROLL CURSOR FOR ${sql}`, ...params);
    for (;;) {
      const page = await tx.$queryRawUnsafe<Row[]>(`FETCH FORWARD ${pageSize} FROM export_rows`);
      if (page.length) {
        await write(page.map((r) => csvLine(spec.values(r) as (string | number | null)[]) + '\n').join(''));
        rows += page.length;
      }
      if (page.length < pageSize) break;
    }
    await tx.$executeRawUnsafe(`CLOSE export_rows`);
  }, EXPORT_TRANSACTION);
  return { rows };
}

/** The filters each kind takes, for usage messages. */
export function exportFiltersOf(kind: CsvKind): Filter[] {
  return [...EXPORTS[kind].filters];
}
