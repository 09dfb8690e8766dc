/**
 * objectives.csv: a plan's objectives, per area. A RECORDED_CRIME or OUTCOME_RATE objective
 * names a category, a SATISFACTION one a survey; the target is a reduction in percent for
 * recorded crime, a rate in percent otherwise.
 */
import { HARMS, MEASURES, SURVEYS } from '../kinds';
import { type KindHandler, upsertRows } from './kind';

interface ObjectiveRow {
  plan: string;
  area: string;
  measure: string;
  category: string | null;
  survey: string | null;
  target: number;
  harm: string;
}

export const objectives: KindHandler<ObjectiveRow> = {
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
    upsertRows(
      db,
      rows,
      `INSERT INTO objective (plan_id, area_id, measure, category_id, survey, subject, target, harm)
       SELECT p.id, a.id, u.measure::"Measure", c.id, u.survey::"Survey", coalesce(u.category, u.survey),
         u.target, u.harm::"Harm"
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
