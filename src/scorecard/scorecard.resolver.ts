import { Arg, Ctx, Extensions, Float, Info, Query, Resolver, registerEnumType } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context/context';
import { dashboardFor, scorecardFor } from './scorecard.service';
import { Dashboard, ObjectiveStatus } from './scorecard.type';
import { FIGURES } from '../cache/cache-hints';

export enum ScorecardOrder {
  CLASSIFICATION = 'CLASSIFICATION',
  PLAN = 'PLAN',
}
registerEnumType(ScorecardOrder, {
  name: 'ScorecardOrder',
  description:
    'CLASSIFICATION: HIGH first, then MEDIUM, then LOW (the plan order within each); PLAN: the order the ' +
    'objectives were set.',
  valuesConfig: {
    CLASSIFICATION: { description: 'HIGH first, then MEDIUM, then LOW; the plan order within each.' },
    PLAN: { description: 'The order the objectives were set in the plan.' },
  },
});

const TOLERANCE_DESCRIPTION =
  'Shortfall in percentage points that still counts as nearly met and lowers the classification one level (default 1).';

@Resolver()
export class ScorecardResolver {
  @Extensions(FIGURES)
  @Query(() => [ObjectiveStatus], {
    description:
      "The emergent scorecard: every objective of the plan that applies to the area, measured for the plan's " +
      'financial year to date to asOf.',
  })
  scorecard(
    @Arg('plan', () => String, { description: 'Plan code, e.g. LEICESTERSHIRE-2013-14.' }) plan: string,
    @Arg('area', () => String, { description: 'Area code; objectives set for areas above it cascade to it.' })
    area: string,
    @Arg('asOf', () => String, { description: "Last month measured, YYYY-MM, inside the plan's financial year." })
    asOf: string,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => ScorecardOrder, { defaultValue: ScorecardOrder.CLASSIFICATION, description: 'Row order.' })
    orderBy: ScorecardOrder,
    @Arg('tolerancePoints', () => Float, { defaultValue: 1, description: TOLERANCE_DESCRIPTION })
    tolerancePoints: number,
    @Info() info?: GraphQLResolveInfo,
  ) {
    return scorecardFor(ctx, plan, area, asOf, { orderBy, tolerancePoints, info });
  }

  @Extensions(FIGURES)
  @Query(() => Dashboard, {
    description:
      "The report's dashboard in one request: scorecard, all crime and satisfaction for a plan, area and month.",
  })
  dashboard(
    @Arg('plan', () => String, { description: 'Plan code.' }) plan: string,
    @Arg('area', () => String, { description: 'Area code.' }) area: string,
    @Arg('asOf', () => String, { description: 'Last month measured, YYYY-MM.' }) asOf: string,
    @Ctx() ctx: Context,
    @Arg('tolerancePoints', () => Float, { defaultValue: 1, description: TOLERANCE_DESCRIPTION })
    tolerancePoints: number,
    @Info() info?: GraphQLResolveInfo,
  ) {
    return dashboardFor(ctx, plan, area, asOf, { orderBy: 'CLASSIFICATION', tolerancePoints, info });
  }
}
