import { Arg, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context';
import { TargetSource } from '../performance/performance.type';
import { Survey } from '../shared/enums';
import { satisfactionFor } from './satisfaction.service';
import { Satisfaction } from './satisfaction.type';
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';

@Resolver(() => Satisfaction)
export class SatisfactionResolver {
  @Extensions(FIGURES)
  @Query(() => Satisfaction, { description: 'Rolling 12-month victim satisfaction of an area for a survey, with every aspect, against the target that applies.' })
  satisfaction(
    @Arg('area', () => String, { description: 'Area code, e.g. LEICESTERSHIRE.' }) area: string,
    @Arg('survey', () => Survey, { description: 'The survey, e.g. ALL_USERS.' }) survey: Survey,
    @Arg('asOf', () => String, { description: 'Last month of the 12, YYYY-MM.' }) asOf: string,
    @Ctx() ctx: Context,
  ) {
    hintPeriodEnd(ctx, asOf);
    return satisfactionFor(ctx, area, survey, asOf);
  }

  @FieldResolver(() => TargetSource, { nullable: true, description: 'The satisfaction objective used, and the area it was set for.' })
  satisfactionTarget(@Root() s: Satisfaction) {
    const m = s.objectiveMatch;
    return m ? { objectiveId: m.objectiveId, areaId: m.areaId, inherited: m.areaId !== s.areaId } : null;
  }
}
