import { Arg, Authorized, Ctx, Int, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { ObjectiveInput } from './plan.inputs';
import { Objective, Plan } from './plan.type';
import { deleteObjective, upsertObjective, upsertPlan } from './plan.writes';

@Resolver(() => Plan)
export class PlanMutationResolver {
  @Authorized('STEWARD')
  @Mutation(() => Plan, {
    description:
      'Creates a plan, or updates the one with this code: validated like a row of plans.csv. Audited as ' +
      'UPSERT_PLAN. Needs a STEWARD key (or ADMIN).',
  })
  upsertPlan(
    @Arg('code', () => String, { description: 'Stable code, e.g. LEICESTERSHIRE-2014-15.' }) code: string,
    @Arg('name', () => String, { description: 'Title of the plan.' }) name: string,
    @Arg('financialYear', () => String, {
      description: 'Financial year the plan covers, e.g. 2014-15 (April 2014 to March 2015).',
    })
    financialYear: string,
    @Ctx() ctx: Context,
  ) {
    return upsertPlan(ctx, code, name, financialYear);
  }

  @Authorized('STEWARD')
  @Mutation(() => Objective, {
    description:
      'Creates an objective, or updates the target and harm of the one with the same plan, area, measure and ' +
      "category (or survey): validated like a row of objectives.csv. Every figure's target follows at once. " +
      'Audited as UPSERT_OBJECTIVE. Needs a STEWARD key (or ADMIN).',
  })
  upsertObjective(
    @Arg('input', () => ObjectiveInput, { description: 'The objective, as a row of objectives.csv.' })
    input: ObjectiveInput,
    @Ctx() ctx: Context,
  ) {
    return upsertObjective(ctx, input);
  }

  @Authorized('STEWARD')
  @Mutation(() => Objective, {
    description:
      'Deletes an objective; areas below its area fall back to a target set higher up, if any. Returns the ' +
      'objective as it was. Audited as DELETE_OBJECTIVE. Needs a STEWARD key (or ADMIN).',
  })
  deleteObjective(
    @Arg('id', () => Int, { description: 'Identifier of the objective (Objective.id).' }) id: number,
    @Ctx() ctx: Context,
  ) {
    return deleteObjective(ctx, id);
  }
}
