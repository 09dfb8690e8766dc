import { Arg, Ctx, Extensions, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context/context';
import { TargetSource } from '../performance/performance.type';
import { Survey } from '../enums/enums';
import { satisfactionFor } from './satisfaction.service';
import { Satisfaction } from './satisfaction.type';
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';

@Resolver(() => Satisfaction)
export class SatisfactionResolver {
  @Extensions(FIGURES)
  @Query(() => Satisfaction, {
    description:
      'Rolling 12-month victim satisfaction of an area for a survey, with every aspect, against the target that ' +
      'applies.',
  })
  async satisfaction(
    @Arg('area', () => String, { description: 'Area code, e.g. LEICESTERSHIRE.' }) area: string,
    @Arg('survey', () => Survey, { description: 'The survey, e.g. ALL_USERS.' }) survey: Survey,
    @Arg('asOf', () => String, { description: 'Last month of the 12, YYYY-MM.' }) asOf: string,
    @Ctx() ctx: Context,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const s = await satisfactionFor(ctx, area, survey, asOf, info ? responsePathAsArray(info.path) : undefined);
    // The months measured (clipped to the surveys) set the cache lifetime.
    hintPeriodEnd(ctx, s.period.to);
    return s;
  }

  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The satisfaction objective used, and the area it was set for.',
  })
  satisfactionTarget(@Root() s: Satisfaction) {
    const m = s.objectiveMatch;
    return m ? { objectiveId: m.objectiveId, areaId: m.areaId, inherited: m.areaId !== s.areaId } : null;
  }
}
