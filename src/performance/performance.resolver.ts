import { Arg, Args, Ctx, Field, Float, FieldResolver, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Area } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import { formatMonth } from '../period/month';
import { Objective } from '../plan/plan.type';
import { ContributionBy, PerformanceArgs, PerformanceOrder, SortDirection } from './performance.args';
import {
  childAreaNodes,
  childCategoryNodes,
  contributionsOf,
  controlChartOf,
  crimeRateOf,
  orderNodes,
  outcomeBreakdownOf,
  peerComparisonOf,
  performanceFor,
  PerformanceNode,
  significanceOf,
  targetSource,
  toPeriod,
  trendOf,
  underInvestigationOf,
} from './performance.service';
import { narrative } from './narrative';
import {
  Contribution,
  ControlChart,
  Coverage,
  MonthValue,
  OutcomeTypeCount,
  PeerComparison,
  Period,
  Significance,
  TargetSource,
  Trend,
} from './performance.type';

@ObjectType({
  description:
    'Recorded crime and outcomes of an area (summed over the areas below it) and a category (summed over its subcategories) for a period, against the same months a year earlier and against the targets of the Police and Crime Plan that apply. Percentages are percentages (27.4, not 0.274), unrounded.',
})
export class Performance {
  @Field(() => Area, { description: 'The area.' })
  area!: Area;

  @Field(() => CrimeCategory, { description: 'The crime category.' })
  category!: CrimeCategory;
}

const f = (ctx: Context, node: PerformanceNode) => node.figures(ctx);

@Resolver(() => Performance)
export class PerformanceResolver {
  @Query(() => Performance, {
    description: 'Every figure of a performance page for one area, category and period. Unknown codes are NOT_FOUND; a malformed period is BAD_USER_INPUT.',
  })
  performance(@Args(() => PerformanceArgs) { area, category, period }: PerformanceArgs, @Ctx() ctx: Context) {
    return performanceFor(ctx, area, category, period);
  }

  @FieldResolver(() => Period, { description: 'The period measured.' })
  period(@Root() node: PerformanceNode) {
    return toPeriod(node.range);
  }

  @FieldResolver(() => Period, { description: 'The same months a year earlier.' })
  comparisonPeriod(@Root() node: PerformanceNode) {
    return toPeriod(node.comparisonRange);
  }

  @FieldResolver(() => Int, { description: 'Recorded crimes in the period (incidents, for INCIDENT categories).' })
  async recorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).recorded;
  }

  @FieldResolver(() => Int, { description: 'Recorded crimes in the comparison period.' })
  async previousRecorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).previousRecorded;
  }

  @FieldResolver(() => Int, { description: 'recorded - previousRecorded.' })
  async change(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).change;
  }

  @FieldResolver(() => Float, { nullable: true, description: '(recorded - previousRecorded) / previousRecorded x 100; null when the comparison period has none or either period has no data.' })
  async percentChange(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).percentChange;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Reduction target in percent that applies (13 = a 13% reduction); null when no plan sets one.' })
  async targetReduction(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).targetReduction;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'previousRecorded x (1 - targetReduction / 100): the most crimes that would meet the target.' })
  async targetLevel(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).targetLevel;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'recorded - targetLevel: positive = crimes short of the target ("263 crimes short"), negative = ahead.' })
  async gapToTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).gapToTarget;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'gapToTarget <= 0; null without a target.' })
  async targetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).targetMet;
  }

  @FieldResolver(() => TargetSource, { nullable: true, description: 'The recorded crime objective used for the target figures, and the area it was set for.' })
  async recordedCrimeTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).recordedCrime);
  }

  @FieldResolver(() => Int, { description: 'Outcomes in the period.' })
  async outcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).outcomes;
  }

  @FieldResolver(() => Int, { description: 'Outcomes in the comparison period.' })
  async previousOutcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).previousOutcomes;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'outcomes / recorded x 100 over the period; null when nothing was recorded.' })
  async outcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).outcomeRate;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The outcome rate of the comparison period.' })
  async previousOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).previousOutcomeRate;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Outcome rate target in percent that applies; null when no plan sets one.' })
  async targetOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).targetOutcomeRate;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'max(0, ceil(target rate x recorded - outcomes)): further outcomes needed to reach the target rate ("a further 219 outcomes are required").' })
  async outcomesRequired(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).outcomesRequired;
  }

  @FieldResolver(() => Float, { nullable: true, description: 'target rate x recorded - outcomes, unrounded; negative when ahead of the target.' })
  async outcomeGap(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).outcomeGap;
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'outcomeRate >= targetOutcomeRate; null without a target.' })
  async outcomeTargetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).outcomeTargetMet;
  }

  @FieldResolver(() => TargetSource, { nullable: true, description: 'The outcome rate objective used, and the area it was set for.' })
  async outcomeRateTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).outcomeRate);
  }

  @FieldResolver(() => [OutcomeTypeCount], { description: 'Outcomes by type in the period and the comparison period, most frequent first.' })
  outcomesByType(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return outcomeBreakdownOf(ctx, node);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Crimes under investigation as of the period's last month (a snapshot, never summed over months); null when no snapshot was loaded for that month." })
  underInvestigation(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return underInvestigationOf(ctx, node);
  }

  @FieldResolver(() => Float, { nullable: true, description: "recorded / population x 1000, with the population for the calendar year of the period's last month." })
  crimeRatePer1000(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return crimeRateOf(ctx, node);
  }

  @FieldResolver(() => PeerComparison, { nullable: true, description: "The area's crime rate against its peer group over the same months; null when the area belongs to no peer group." })
  peerComparison(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, { nullable: true, description: "Compare over the trailing N months ending with the period's last month (default: the period's own months), e.g. 3 for the report's three-month comparison." })
    months?: number | null,
    @Arg('group', () => String, { nullable: true, description: 'Peer group code, when the area belongs to several (default: the first by code).' })
    group?: string | null,
  ) {
    return peerComparisonOf(ctx, node, months ?? null, group ?? null);
  }

  @FieldResolver(() => Trend, { description: "Least-squares trend of the last N monthly values ending at the period's last month; months without data count as 0." })
  trend(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, { defaultValue: 6, description: 'Number of months fitted (2 to 120).' }) months: number,
  ) {
    return trendOf(ctx, node, months);
  }

  @FieldResolver(() => [MonthValue], { description: 'Each month of the period with its figures and the same month a year earlier.' })
  async monthly(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return (await f(ctx, node)).monthly.map((m) => ({
      ...m,
      month: formatMonth(m.month),
      outcomeRate: m.recorded ? (m.outcomes / m.recorded) * 100 : null,
    }));
  }

  @FieldResolver(() => Coverage, { description: 'Which months of the period had data.' })
  async coverage(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    const figures = await f(ctx, node);
    const withData = new Set(figures.monthsWithData);
    const all = figures.monthly.map((m) => m.month);
    return {
      monthsWithData: all.filter((m) => withData.has(m)).map(formatMonth),
      monthsWithoutData: all.filter((m) => !withData.has(m)).map(formatMonth),
      complete: withData.size === all.length,
    };
  }

  @FieldResolver(() => Coverage, { description: 'Which months of the comparison period had data.' })
  async comparisonCoverage(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    const figures = await f(ctx, node);
    const withData = new Set(figures.previousMonthsWithData);
    const all = figures.monthly.map((m) => m.month - 100);
    return {
      monthsWithData: all.filter((m) => withData.has(m)).map(formatMonth),
      monthsWithoutData: all.filter((m) => !withData.has(m)).map(formatMonth),
      complete: withData.size === all.length,
    };
  }

  @FieldResolver(() => ControlChart, { nullable: true, description: 'XmR control chart of recorded crimes over the trailing months ending with the period.' })
  controlChart(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, { nullable: true, description: "Months charted (2 to 240; default: the period's months, at least 12)." }) months?: number | null,
  ) {
    return controlChartOf(ctx, node, months ?? null);
  }

  @FieldResolver(() => Significance, { nullable: true, description: 'Whether the change on the comparison period is statistically significant for counts; null without data in both periods.' })
  significance(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return significanceOf(ctx, node);
  }

  @FieldResolver(() => [Performance], { description: 'The same figures for each child area, by name unless ordered.' })
  async children(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' }) orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' }) direction: SortDirection,
  ) {
    return orderNodes(ctx, await childAreaNodes(ctx, node), orderBy, direction === SortDirection.DESC);
  }

  @FieldResolver(() => [Performance], { description: 'The same figures for each child category (e.g. the kinds of vehicle crime), by name unless ordered.' })
  async subcategories(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' }) orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' }) direction: SortDirection,
  ) {
    return orderNodes(ctx, await childCategoryNodes(ctx, node), orderBy, direction === SortDirection.DESC);
  }

  @FieldResolver(() => [Contribution], {
    description: 'Which child categories (or child areas) account for the change, each with its share; the largest contributors to the direction of the change first.',
  })
  contributions(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('by', () => ContributionBy, { defaultValue: ContributionBy.CATEGORY, description: 'CATEGORY or AREA.' }) by: ContributionBy,
  ) {
    return contributionsOf(ctx, node, by);
  }

  @FieldResolver(() => [String], { description: "The figures written as an analyst writes them in the report's style, one sentence per item." })
  async narrative(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    const [figures, children, trend, peer, underInvestigation] = await Promise.all([
      f(ctx, node),
      childAreaNodes(ctx, node),
      trendOf(ctx, node, 6),
      peerComparisonOf(ctx, node, Math.min(3, node.range.months), null),
      underInvestigationOf(ctx, node),
    ]);
    const childFigures = await Promise.all(children.map((c) => f(ctx, c)));
    return narrative({
      area: node.area,
      categoryName: node.category.name,
      figures,
      underInvestigation,
      trend: trend.direction,
      peer: peer && { band: peer.band, groupName: peer.group.code.endsWith('_MSG') ? 'MSG' : peer.group.name, months: peer.period.months, to: peer.period.to },
      children: children.map((c, i) => ({ area: c.area, figures: childFigures[i] })),
    });
  }
}

@Resolver(() => TargetSource)
export class TargetSourceResolver {
  @FieldResolver(() => Area, { description: 'The area the target was set for.' })
  setFor(@Root() source: TargetSource, @Ctx() ctx: Context) {
    return ctx.loaders.areaById.load(source.areaId);
  }

  @FieldResolver(() => Objective, { description: 'The objective.' })
  objective(@Root() source: TargetSource, @Ctx() ctx: Context) {
    return ctx.loaders.objectiveById.load(source.objectiveId);
  }
}
