/**
 * The crime facts, counted per month, area and category: crimes.csv (recorded crimes),
 * outcomes.csv (by outcome type) and investigations.csv (crimes under investigation, a
 * snapshot as of a month). Each refreshes the rollups of the months it wrote.
 */
import { MAX_MONTHLY_COUNT, OUTCOME_TYPES, type RowReader } from '../kinds';
import { refreshFactRollup, refreshInvestigationRollup, refreshOutcomeRollup } from '../rollups';
import { type KindHandler, type Lookups, upsertRows } from './kind';

interface FactRow {
  month: number;
  area: string;
  category: string;
  value: number;
}
interface OutcomeRow extends FactRow {
  outcomeType: string;
}

function readFact(r: RowReader, lookups: Lookups, monthColumn: string, valueColumn: string): FactRow {
  return {
    month: r.month(monthColumn),
    area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '',
    category: r.reference('category_code', (c) => lookups.categories.has(c), 'category') ?? '',
    value: r.count(valueColumn, MAX_MONTHLY_COUNT),
  };
}

/** A row's reference to an area or category, as the stored id (the row was checked against the lookups). */
const ids = (lookups: Lookups) => ({
  area: (r: { area: string }) => lookups.areas.get(r.area)!.id,
  category: (r: { category: string }) => lookups.categories.get(r.category)!.id,
});

export const crimes: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'month', 'recorded'),
  month: (r) => r.month,
  refresh: (db, months) => refreshFactRollup(db, months),
  upsert(db, rows, lookups) {
    const id = ids(lookups);
    return upsertRows(
      db,
      rows,
      `INSERT INTO recorded_crime (area_id, category_id, month, recorded)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, month) DO UPDATE SET recorded = EXCLUDED.recorded`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
  },
};

export const outcomes: KindHandler<OutcomeRow> = {
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
    return upsertRows(
      db,
      rows,
      `INSERT INTO crime_outcome (area_id, category_id, month, outcome_type, count)
       SELECT a, c, m, t::"OutcomeType", n
       FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[]) AS u(a, c, m, t, n)
       ON CONFLICT (area_id, category_id, month, outcome_type) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.outcomeType, (r) => r.value],
    );
  },
};

export const investigations: KindHandler<FactRow> = {
  key: (r) => `${r.month}|${r.area}|${r.category}`,
  read: (r, lookups) => readFact(r, lookups, 'as_of', 'count'),
  month: (r) => r.month,
  refresh: (db, months) => refreshInvestigationRollup(db, months),
  upsert(db, rows, lookups) {
    const id = ids(lookups);
    return upsertRows(
      db,
      rows,
      `INSERT INTO investigation (area_id, category_id, as_of, count)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])
       ON CONFLICT (area_id, category_id, as_of) DO UPDATE SET count = EXCLUDED.count`,
      [id.area, id.category, (r) => r.month, (r) => r.value],
    );
  },
};
