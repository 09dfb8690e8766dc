/**
 * What every kind's handler (the other files of this folder) provides, and what they share:
 * the codes already stored (lookups) and the upsert through unnest() arrays that counts
 * inserts and replacements.
 */
import { inChunks, type SqlRunner } from '../../db/sql';
import type { RowError, RowReader } from '../kinds';

/** Rows one statement carries at most, and rows read before a streaming import writes. */
export const CHUNK = 5000;

/** The codes stored before the rows are written: what a row's references are checked against. */
export interface Lookups {
  areas: Map<string, { id: number; parentCode: string | null }>;
  categories: Map<string, { id: number; parentCode: string | null }>;
  plans: Map<string, { id: number; from: number; to: number }>;
}

export async function loadLookups(db: SqlRunner): Promise<Lookups> {
  const areas = await db.$queryRawUnsafe<{ id: number; code: string; parent_code: string | null }[]>(
    `SELECT a.id, a.code, p.code AS parent_code FROM area a LEFT JOIN area p ON p.id = a.parent_id`,
  );
  const categories = await db.$queryRawUnsafe<{ id: number; code: string; parent_code: string | null }[]>(
    `SELECT c.id, c.code, p.code AS parent_code
     FROM crime_category c LEFT JOIN crime_category p ON p.id = c.parent_id`,
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

export interface Counts {
  inserted: number;
  replaced: number;
}

/** One kind's validation and write. */
export interface KindHandler<Row> {
  /** The row's key: a file may hold each key once, and a stored key is replaced. */
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
export async function upsertRows<Row>(
  db: SqlRunner,
  rows: Row[],
  sql: string,
  columns: ((row: Row) => unknown)[],
): Promise<Counts> {
  let inserted = 0;
  let replaced = 0;
  await inChunks(rows, CHUNK, async (chunk) => {
    const arrays = columns.map((col) => chunk.map(col));
    const [counts] = await db.$queryRawUnsafe<Counts[]>(
      `WITH written AS (${sql} RETURNING (xmax = 0) AS fresh)
       SELECT count(*) FILTER (WHERE fresh)::int AS inserted,
         count(*) FILTER (WHERE NOT fresh)::int AS replaced FROM written`,
      ...arrays,
    );
    inserted += counts.inserted;
    replaced += counts.replaced;
  });
  return { inserted, replaced };
}
