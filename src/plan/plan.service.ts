import type { Context } from '../context/context';
import { unknownCode } from '../errors/unknown-code';
import type { PlanRecord } from '../loaders/dimension.loaders';

export async function requirePlan(ctx: Context, code: string): Promise<PlanRecord> {
  const plan = await ctx.loaders.planByCode.load(code);
  if (!plan) throw unknownCode(ctx, 'plan', 'plan', code, 'Query `plans` lists the codes.');
  return plan;
}

export function listPlans(ctx: Context): Promise<PlanRecord[]> {
  // From the dimension snapshot, in the order SQL gave (latest year first, then code).
  return ctx.loaders.plans.load();
}

/** How an analyst would say the objective, e.g. "13% reduction in Domestic burglary". */
export function describeObjective(measure: string, target: number, subject: string): string {
  switch (measure) {
    case 'RECORDED_CRIME':
      return target >= 0 ? `${target}% reduction in ${subject}` : `no more than a ${-target}% increase in ${subject}`;
    case 'OUTCOME_RATE':
      return `${target}% outcome rate for ${subject}`;
    default:
      return `${target}% satisfaction of ${subject} survey respondents (rolling 12 months)`;
  }
}
