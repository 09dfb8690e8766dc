/** plans.csv: Police and Crime Plans, one per financial year. */
import { type KindHandler, upsertRows } from './kind';

interface PlanRow {
  code: string;
  name: string;
  fy: { from: number; to: number; label: string };
}

export const plans: KindHandler<PlanRow> = {
  key: (r) => r.code,
  read: (r) => ({ code: r.code('code'), name: r.required('name'), fy: r.financialYear('financial_year') }),
  upsert: (db, rows) =>
    upsertRows(
      db,
      rows,
      `INSERT INTO plan (code, name, financial_year, start_month, end_month)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, financial_year = EXCLUDED.financial_year,
         start_month = EXCLUDED.start_month, end_month = EXCLUDED.end_month`,
      [(r) => r.code, (r) => r.name, (r) => r.fy.label, (r) => r.fy.from, (r) => r.fy.to],
    ),
};
