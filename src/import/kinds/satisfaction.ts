/** satisfaction.csv: victim satisfaction survey results per month, area, survey and aspect. */
import { ASPECTS, MAX_MONTHLY_COUNT, SURVEYS } from '../kinds';
import { refreshSatisfactionRollup } from '../rollups';
import { type KindHandler, upsertRows } from './kind';

interface SatisfactionRow {
  month: number;
  area: string;
  survey: string;
  aspect: string;
  respondents: number;
  satisfied: number;
}

export const satisfaction: KindHandler<SatisfactionRow> = {
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
    return upsertRows(
      db,
      rows,
      `INSERT INTO satisfaction_response (area_id, survey, aspect, month, respondents, satisfied)
       SELECT a, s::"Survey", x::"SatisfactionAspect", m, r, n
       FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[]) AS u(a, s, x, m, r, n)
       ON CONFLICT (area_id, survey, aspect, month)
       DO UPDATE SET respondents = EXCLUDED.respondents, satisfied = EXCLUDED.satisfied`,
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
