/**
 * Writes to plans and their objectives, validated and written as rows of plans.csv and
 * objectives.csv, each in one audited transaction.
 */
import { GraphQLError } from 'graphql';
import type { Context } from '../context/context';
import type { SqlRunner } from '../db/sql';
import { ErrorCode } from '../errors/errors';
import { writeParsedRows } from '../write/rows';
import type { ObjectiveRecord, PlanRecord } from '../loaders/dimension.loaders';
import {
  findPlan,
  plainNumber,
  requireAreaIn,
  requireCategoryIn,
  requirePlanIn,
  rowErrorsToGraphQL,
  runWrite,
} from '../write/write';
import type { ObjectiveInput } from './plan.inputs';

const PLAN_FIELDS = { code: 'code', name: 'name', financial_year: 'financialYear' };
const OBJECTIVE_FIELDS = {
  plan: 'plan',
  area_code: 'area',
  measure: 'measure',
  category_code: 'category',
  survey: 'survey',
  target: 'target',
  harm: 'harm',
};

export function upsertPlan(ctx: Context, code: string, name: string, financialYear: string): Promise<PlanRecord> {
  return runWrite(ctx, async (tx) => {
    const before = await findPlan(tx, code.trim());
    const { errors } = await writeParsedRows(tx, 'plans', [{ code: code.trim(), name, financial_year: financialYear }]);
    if (errors.length) throw rowErrorsToGraphQL(errors, PLAN_FIELDS);
    const plan = (await findPlan(tx, code.trim()))!;
    return {
      result: plan,
      audit: {
        action: 'UPSERT_PLAN',
        target: plan.code,
        rows: 1,
        details: {
          created: !before,
          name: plan.name,
          financialYear: plan.financialYear,
          ...(before ? { before: { name: before.name, financialYear: before.financialYear } } : {}),
        },
      },
    };
  });
}

interface ObjectiveRow extends ObjectiveRecord {
  planCode: string;
  areaCode: string;
  subject: string;
}

const OBJECTIVE_SELECT = `SELECT o.id, o.plan_id AS "planId", o.area_id AS "areaId", o.measure::text AS measure,
    o.category_id AS "categoryId", o.survey::text AS survey, o.target, o.harm::text AS harm, o.subject,
    p.code AS "planCode", a.code AS "areaCode"
  FROM objective o JOIN plan p ON p.id = o.plan_id JOIN area a ON a.id = o.area_id`;

async function findObjective(db: SqlRunner, where: string, ...params: unknown[]): Promise<ObjectiveRow | null> {
  const [row] = await db.$queryRawUnsafe<ObjectiveRow[]>(`${OBJECTIVE_SELECT} WHERE ${where}`, ...params);
  return row ?? null;
}

/** The record without the columns only the audit entry reads. */
const toRecord = ({ planCode: _plan, areaCode: _area, subject: _subject, ...record }: ObjectiveRow): ObjectiveRecord =>
  record;
/** How the audit log names an objective: plan, area, measure and subject. */
const keyOf = (o: ObjectiveRow) => `${o.planCode}/${o.areaCode}/${o.measure}/${o.subject}`;

export function upsertObjective(ctx: Context, input: ObjectiveInput): Promise<ObjectiveRecord> {
  return runWrite(ctx, async (tx) => {
    const plan = await requirePlanIn(tx, input.plan, 'plan');
    const area = await requireAreaIn(tx, input.area, 'area');
    if (input.category) await requireCategoryIn(tx, input.category, 'category');
    const subject = input.category || input.survey || '';
    const where = `o.plan_id = $1 AND o.area_id = $2 AND o.measure::text = $3 AND o.subject = $4`;
    const before = await findObjective(tx, where, plan.id, area.id, input.measure, subject);
    const { errors } = await writeParsedRows(tx, 'objectives', [
      {
        plan: input.plan,
        area_code: input.area,
        measure: input.measure,
        category_code: input.category ?? '',
        survey: input.survey ?? '',
        target: plainNumber(input.target),
        harm: input.harm,
      },
    ]);
    if (errors.length) throw rowErrorsToGraphQL(errors, OBJECTIVE_FIELDS);
    const objective = (await findObjective(tx, where, plan.id, area.id, input.measure, subject))!;
    return {
      result: toRecord(objective),
      audit: {
        action: 'UPSERT_OBJECTIVE',
        target: keyOf(objective),
        rows: 1,
        details: {
          id: objective.id,
          created: !before,
          target: objective.target,
          harm: objective.harm,
          ...(before ? { before: { target: before.target, harm: before.harm } } : {}),
        },
      },
    };
  });
}

export function deleteObjective(ctx: Context, id: number): Promise<ObjectiveRecord> {
  return runWrite(ctx, async (tx) => {
    const objective = await findObjective(tx, 'o.id = $1', id);
    if (!objective) {
      throw new GraphQLError(`No objective has the id ${id}. Query plan(code) { objectives { id } } lists them.`, {
        extensions: { code: ErrorCode.NOT_FOUND, what: 'objective', value: id, field: 'id' },
      });
    }
    await tx.$executeRawUnsafe(`DELETE FROM objective WHERE id = $1`, id);
    return {
      result: toRecord(objective),
      audit: {
        action: 'DELETE_OBJECTIVE',
        target: keyOf(objective),
        rows: 1,
        details: { id, target: objective.target, harm: objective.harm },
      },
    };
  });
}
