/**
 * Single-fact writes: one row of crimes.csv, outcomes.csv, investigations.csv or
 * satisfaction.csv, validated and upserted by the import's own code, which refreshes the
 * rollups of that one month in the same transaction. A null value removes the row; the
 * same rollups are then refreshed. Every write is audited with the value before and after.
 */
import type { Context } from '../context/context';
import type { SqlRunner } from '../db/sql';
import { BadUserInputError } from '../errors/errors';
import { writeParsedRows } from '../write/rows';
import { RowReader, type CsvKind } from '../import/kinds';
import {
  refreshFactRollup,
  refreshInvestigationRollup,
  refreshOutcomeRollup,
  refreshSatisfactionRollup,
} from '../import/rollups';
import { formatMonth } from '../period/month';
import type { OutcomeType, SatisfactionAspect, Survey } from '../enums/enums';
import {
  requireAreaIn,
  requireCategoryIn,
  rowErrorsToGraphQL,
  runWrite,
  toAreaRecord,
  toCategoryRecord,
  type AreaRow,
  type CategoryRow,
} from '../write/write';
import type { InvestigationFact, OutcomeFact, RecordedCrimeFact, SatisfactionFact } from './fact.type';

/** A value argument must be sent: a count writes, null removes; leaving it out is a mistake. */
function requirePresent(value: number | null | undefined, field: string): number | null {
  if (value === undefined)
    throw new BadUserInputError(`${field} is required: send a count to write, or null to remove the row.`, field);
  return value;
}

/** Parses a month the way the import reads its month column (same message). */
function readMonth(value: string, column: 'month' | 'as_of', field: string): number {
  const reader = new RowReader(1, { [column]: value });
  const month = reader.month(column);
  if (reader.errors.length) throw rowErrorsToGraphQL(reader.errors, { [column]: field });
  return month;
}

/** Writes one CSV row of a fact kind through the import; its errors become BAD_USER_INPUT. */
async function writeRow(
  db: SqlRunner,
  kind: CsvKind,
  row: Record<string, string>,
  fields: Record<string, string>,
): Promise<void> {
  const { errors } = await writeParsedRows(db, kind, [row]);
  if (errors.length) throw rowErrorsToGraphQL(errors, fields);
}

const CRIME_FIELDS = { month: 'month', area_code: 'area', category_code: 'category', recorded: 'recorded' };
const OUTCOME_FIELDS = {
  month: 'month',
  area_code: 'area',
  category_code: 'category',
  outcome_type: 'outcomeType',
  count: 'count',
};
const INVESTIGATION_FIELDS = { as_of: 'asOf', area_code: 'area', category_code: 'category', count: 'count' };
const SATISFACTION_FIELDS = {
  month: 'month',
  area_code: 'area',
  survey: 'survey',
  aspect: 'aspect',
  respondents: 'respondents',
  satisfied: 'satisfied',
};

async function areaAndCategory(db: SqlRunner, area: string, category: string): Promise<{ a: AreaRow; c: CategoryRow }> {
  return { a: await requireAreaIn(db, area, 'area'), c: await requireCategoryIn(db, category, 'category') };
}

export function setRecordedCrime(
  ctx: Context,
  month: string,
  area: string,
  category: string,
  recorded: number | null | undefined,
): Promise<RecordedCrimeFact> {
  return runWrite(ctx, async (tx) => {
    const { a, c } = await areaAndCategory(tx, area, category);
    const value = requirePresent(recorded, 'recorded');
    const m = readMonth(month, 'month', 'month');
    const key = `area_id = $1 AND category_id = $2 AND month = $3`;
    const [before] = await tx.$queryRawUnsafe<{ recorded: number }[]>(
      `SELECT recorded FROM recorded_crime WHERE ${key}`,
      a.id,
      c.id,
      m,
    );
    if (value === null) {
      await tx.$executeRawUnsafe(`DELETE FROM recorded_crime WHERE ${key}`, a.id, c.id, m);
      await refreshFactRollup(tx, [m]);
    } else {
      await writeRow(
        tx,
        'crimes',
        { month, area_code: a.code, category_code: c.code, recorded: String(value) },
        CRIME_FIELDS,
      );
    }
    const previous = before?.recorded ?? null;
    return {
      result: {
        month: formatMonth(m),
        area: toAreaRecord(a),
        category: toCategoryRecord(c),
        recorded: value,
        previous,
      },
      audit: {
        action: value === null ? 'DELETE_RECORDED_CRIME' : 'SET_RECORDED_CRIME',
        target: `${formatMonth(m)}/${a.code}/${c.code}`,
        rows: value === null && !before ? 0 : 1,
        details: { previous, recorded: value },
      },
    };
  });
}

export function setOutcome(
  ctx: Context,
  month: string,
  area: string,
  category: string,
  outcomeType: OutcomeType,
  count: number | null | undefined,
): Promise<OutcomeFact> {
  return runWrite(ctx, async (tx) => {
    const { a, c } = await areaAndCategory(tx, area, category);
    const value = requirePresent(count, 'count');
    const m = readMonth(month, 'month', 'month');
    const key = `area_id = $1 AND category_id = $2 AND month = $3 AND outcome_type::text = $4`;
    const [before] = await tx.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count FROM crime_outcome WHERE ${key}`,
      a.id,
      c.id,
      m,
      outcomeType,
    );
    if (value === null) {
      await tx.$executeRawUnsafe(`DELETE FROM crime_outcome WHERE ${key}`, a.id, c.id, m, outcomeType);
      await refreshFactRollup(tx, [m]);
      await refreshOutcomeRollup(tx, [m]);
    } else {
      await writeRow(
        tx,
        'outcomes',
        { month, area_code: a.code, category_code: c.code, outcome_type: outcomeType, count: String(value) },
        OUTCOME_FIELDS,
      );
    }
    const previous = before?.count ?? null;
    return {
      result: {
        month: formatMonth(m),
        area: toAreaRecord(a),
        category: toCategoryRecord(c),
        outcomeType,
        count: value,
        previous,
      },
      audit: {
        action: value === null ? 'DELETE_OUTCOME' : 'SET_OUTCOME',
        target: `${formatMonth(m)}/${a.code}/${c.code}/${outcomeType}`,
        rows: value === null && !before ? 0 : 1,
        details: { previous, count: value },
      },
    };
  });
}

export function setInvestigation(
  ctx: Context,
  asOf: string,
  area: string,
  category: string,
  count: number | null | undefined,
): Promise<InvestigationFact> {
  return runWrite(ctx, async (tx) => {
    const { a, c } = await areaAndCategory(tx, area, category);
    const value = requirePresent(count, 'count');
    const m = readMonth(asOf, 'as_of', 'asOf');
    const key = `area_id = $1 AND category_id = $2 AND as_of = $3`;
    const [before] = await tx.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count FROM investigation WHERE ${key}`,
      a.id,
      c.id,
      m,
    );
    if (value === null) {
      await tx.$executeRawUnsafe(`DELETE FROM investigation WHERE ${key}`, a.id, c.id, m);
      await refreshInvestigationRollup(tx, [m]);
    } else {
      await writeRow(
        tx,
        'investigations',
        { as_of: asOf, area_code: a.code, category_code: c.code, count: String(value) },
        INVESTIGATION_FIELDS,
      );
    }
    const previous = before?.count ?? null;
    return {
      result: { asOf: formatMonth(m), area: toAreaRecord(a), category: toCategoryRecord(c), count: value, previous },
      audit: {
        action: value === null ? 'DELETE_INVESTIGATION' : 'SET_INVESTIGATION',
        target: `${formatMonth(m)}/${a.code}/${c.code}`,
        rows: value === null && !before ? 0 : 1,
        details: { previous, count: value },
      },
    };
  });
}

export function setSatisfaction(
  ctx: Context,
  month: string,
  area: string,
  survey: Survey,
  aspect: SatisfactionAspect,
  respondents: number | null | undefined,
  satisfied: number | null | undefined,
): Promise<SatisfactionFact> {
  return runWrite(ctx, async (tx) => {
    const a = await requireAreaIn(tx, area, 'area');
    const r = requirePresent(respondents, 'respondents');
    const s = requirePresent(satisfied, 'satisfied');
    if ((r === null) !== (s === null)) {
      throw new BadUserInputError(
        `respondents and satisfied go together: send both counts to write, or both null to remove the row.`,
        r === null ? 'respondents' : 'satisfied',
      );
    }
    const m = readMonth(month, 'month', 'month');
    const key = `area_id = $1 AND survey::text = $2 AND aspect::text = $3 AND month = $4`;
    const [before] = await tx.$queryRawUnsafe<{ respondents: number; satisfied: number }[]>(
      `SELECT respondents, satisfied FROM satisfaction_response WHERE ${key}`,
      a.id,
      survey,
      aspect,
      m,
    );
    if (r === null) {
      await tx.$executeRawUnsafe(`DELETE FROM satisfaction_response WHERE ${key}`, a.id, survey, aspect, m);
      await refreshSatisfactionRollup(tx, [m]);
    } else {
      await writeRow(
        tx,
        'satisfaction',
        { month, area_code: a.code, survey, aspect, respondents: String(r), satisfied: String(s) },
        SATISFACTION_FIELDS,
      );
    }
    return {
      result: {
        month: formatMonth(m),
        area: toAreaRecord(a),
        survey,
        aspect,
        respondents: r,
        satisfied: s,
        previousRespondents: before?.respondents ?? null,
        previousSatisfied: before?.satisfied ?? null,
      },
      audit: {
        action: r === null ? 'DELETE_SATISFACTION' : 'SET_SATISFACTION',
        target: `${formatMonth(m)}/${a.code}/${survey}/${aspect}`,
        rows: r === null && !before ? 0 : 1,
        details: { previous: before ?? null, respondents: r, satisfied: s },
      },
    };
  });
}
