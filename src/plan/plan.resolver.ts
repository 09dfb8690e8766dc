import { Arg, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Area } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import { describeObjective, listPlans, requirePlan } from './plan.service';
import { Objective, Plan } from './plan.type';
import { DIMENSIONS } from '../cache/cache-hints';

@Resolver(() => Plan)
export class PlanResolver {
  @Extensions(DIMENSIONS)
  @Query(() => Plan, { nullable: true, description: 'One plan by its code; an unknown code is a NOT_FOUND error.' })
  plan(
    @Arg('code', () => String, { description: 'Plan code, e.g. LEICESTERSHIRE-2013-14.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return requirePlan(ctx, code);
  }

  @Extensions(DIMENSIONS)
  @Query(() => [Plan], { description: 'Every plan, the latest financial year first.' })
  plans(@Ctx() ctx: Context) {
    return listPlans(ctx);
  }

  @FieldResolver(() => [Objective], { description: 'The objectives of the plan, in the order they were set.' })
  objectives(@Root() plan: Plan, @Ctx() ctx: Context) {
    return ctx.loaders.objectivesOfPlan.load(plan.id);
  }
}

@Resolver(() => Objective)
export class ObjectiveResolver {
  @FieldResolver(() => Plan, { description: 'The plan the objective belongs to.' })
  plan(@Root() objective: Objective, @Ctx() ctx: Context) {
    return ctx.loaders.planById.load(objective.planId);
  }

  @FieldResolver(() => Area, { description: 'The area the target is set for.' })
  area(@Root() objective: Objective, @Ctx() ctx: Context) {
    return ctx.loaders.areaById.load(objective.areaId);
  }

  @FieldResolver(() => CrimeCategory, {
    nullable: true,
    description: 'The crime category, for RECORDED_CRIME and OUTCOME_RATE objectives.',
  })
  category(@Root() objective: Objective, @Ctx() ctx: Context) {
    return objective.categoryId === null ? null : ctx.loaders.categoryById.load(objective.categoryId);
  }

  @FieldResolver(() => String, { description: 'The objective in words, e.g. "13% reduction in Domestic burglary".' })
  async description(@Root() objective: Objective, @Ctx() ctx: Context) {
    const category = objective.categoryId === null ? null : await ctx.loaders.categoryById.load(objective.categoryId);
    return describeObjective(objective.measure, objective.target, category?.name ?? objective.survey ?? '');
  }
}
