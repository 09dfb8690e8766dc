import { Arg, Args, Ctx, Extensions, Field, Float, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLObjectType, GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import { Area } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import { formatMonth } from '../period/month';
import { Objective } from '../plan/plan.type';
import { AreaLevel } from '../shared/enums';
import { ContributionBy, PerformanceArgs, PerformanceOrder, SortDirection } from './performance.args';
import {
  childAreaNodes,
  childCategoryNodes,
  descendantAreaNodes,
  contributionsOf,
  figuresField,
  shownField,
  prefetch,
  controlChartOf,
  monthlyOf,
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
import { Disclosure } from '../auth/disclosure.type';
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
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';
import { PageArgs, pageFor, pageOf, PAGING_HINT } from '../limits/pagination';

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

// type-graphql hands a field resolver's root over as is when it is an instance of the object
// type, and otherwise copies it into a new Performance for every field resolved; a node is a
// Performance as far as instanceof goes.
Object.setPrototypeOf(PerformanceNode.prototype, Performance.prototype);

const f = (ctx: Context, node: PerformanceNode) => node.figures(ctx);
/** The figures this caller may see: null when withheld (src/auth/disclosure.ts). */
const shown = (ctx: Context, node: PerformanceNode) => node.shownFigures(ctx);

@Resolver(() => Performance)
export class PerformanceResolver {
  @Extensions(FIGURES)
  @Query(() => Performance, {
    description: 'Every figure of a performance page for one area, category and period. Unknown codes are NOT_FOUND; a malformed period is BAD_USER_INPUT.',
  })
  async performance(@Args(() => PerformanceArgs) { area, category, period }: PerformanceArgs, @Ctx() ctx: Context, @Info() info?: GraphQLResolveInfo) {
    const node = await performanceFor(ctx, area, category, period);
    hintPeriodEnd(ctx, node.range.to);
    // Its figures (and peer comparison) loaded before its fields resolve, as a league table's rows
    // are: the fields then complete without a promise each. Aliased `performance` fields of one
    // document prefetch together, in the same batches.
    if (info) await prefetch(ctx, [node], info, { ownNodes: true });
    return node;
  }

  @FieldResolver(() => Period, { description: 'The period measured.' })
  period(@Root() node: PerformanceNode) {
    return toPeriod(node.range);
  }

  @FieldResolver(() => Period, { description: 'The same months a year earlier.' })
  comparisonPeriod(@Root() node: PerformanceNode) {
    return toPeriod(node.comparisonRange);
  }

  @FieldResolver(() => Disclosure, {
    description:
      'What disclosure control did to these figures for this caller (EXACT or PERTURBED) and why: below force level, counts holding sensitive records carry small noise for callers without an API key, and every figure here is worked out from them.',
  })
  disclosure(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return node.disclosure(ctx);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Recorded crimes in the period (incidents, for INCIDENT categories). Null when withheld (see disclosure).' })
  recorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.recorded);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Recorded crimes in the comparison period. Null when withheld (see disclosure).' })
  previousRecorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousRecorded);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'recorded - previousRecorded. Null when withheld (see disclosure).' })
  change(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.change);
  }

  @FieldResolver(() => Float, { nullable: true, description: '(recorded - previousRecorded) / previousRecorded x 100; null when the comparison period has none or either period has no data. Null when withheld (see disclosure).' })
  percentChange(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.percentChange);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Reduction target in percent that applies (13 = a 13% reduction); null when no plan sets one.' })
  targetReduction(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetReduction);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'previousRecorded x (1 - targetReduction / 100): the most crimes that would meet the target. Null when withheld (see disclosure).' })
  targetLevel(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetLevel);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'recorded - targetLevel: positive = crimes short of the target ("263 crimes short"), negative = ahead. Null when withheld (see disclosure).' })
  gapToTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.gapToTarget);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'gapToTarget <= 0; null without a target. Null when withheld (see disclosure).' })
  targetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetMet);
  }

  @FieldResolver(() => TargetSource, { nullable: true, description: 'The recorded crime objective used for the target figures, and the area it was set for.' })
  async recordedCrimeTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).recordedCrime);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Outcomes in the period. Null when withheld (see disclosure).' })
  outcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomes);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Outcomes in the comparison period. Null when withheld (see disclosure).' })
  previousOutcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomes);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'outcomes / recorded x 100 over the period; null when nothing was recorded. Null when withheld (see disclosure).' })
  outcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeRate);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'The outcome rate of the comparison period. Null when withheld (see disclosure).' })
  previousOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomeRate);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Outcome rate target in percent that applies; null when no plan sets one.' })
  targetOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetOutcomeRate);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'max(0, ceil(target rate x recorded - outcomes)): further outcomes needed to reach the target rate ("a further 219 outcomes are required"). Null when withheld (see disclosure).' })
  outcomesRequired(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomesRequired);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'target rate x recorded - outcomes, unrounded; negative when ahead of the target. Null when withheld (see disclosure).' })
  outcomeGap(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeGap);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'outcomeRate >= targetOutcomeRate; null without a target. Null when withheld (see disclosure).' })
  outcomeTargetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeTargetMet);
  }

  @FieldResolver(() => TargetSource, { nullable: true, description: 'The outcome rate objective used, and the area it was set for.' })
  async outcomeRateTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).outcomeRate);
  }

  @FieldResolver(() => [OutcomeTypeCount], {
    nullable: true,
    description: 'Outcomes by type in the period and the comparison period, most frequent first. Null when the figure is PERTURBED for this caller (see disclosure): counts by type carry no noise of their own.',
  })
  outcomesByType(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return outcomeBreakdownOf(ctx, node);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Crimes under investigation as of the period's last month (a snapshot, never summed over months); null when no snapshot was loaded for that month, or when the figure is PERTURBED for this caller (see disclosure): the snapshot carries no noise of its own." })
  underInvestigation(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return underInvestigationOf(ctx, node);
  }

  @FieldResolver(() => Float, { nullable: true, description: "recorded / population x 1000, with the population for the calendar year of the period's last month. Null when withheld (see disclosure)." })
  crimeRatePer1000(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return crimeRateOf(ctx, node);
  }

  @FieldResolver(() => PeerComparison, { nullable: true, description: "The area's crime rate against its peer group over the same months; null when the area belongs to no peer group, or when the figure or a member below force level is PERTURBED for this caller (see disclosure)." })
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

  @FieldResolver(() => Trend, {
    nullable: true,
    description:
      "Least-squares trend of the last N monthly values ending at the period's last month; months without data count as 0. Fitted to the counts this caller sees (perturbed, see disclosure).",
  })
  trend(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, { defaultValue: 6, description: 'Number of months fitted (2 to 120).' }) months: number,
  ) {
    return trendOf(ctx, node, months);
  }

  @FieldResolver(() => [MonthValue], {
    description:
      "Each month of the period with its figures and the same month a year earlier; the months sum to the period's counts (perturbed for some callers, see disclosure).",
  })
  monthly(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return monthlyOf(ctx, node);
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

  @FieldResolver(() => ControlChart, {
    nullable: true,
    description: 'XmR control chart of recorded crimes over the trailing months ending with the period, of the counts this caller sees (perturbed for some callers, see disclosure).',
  })
  controlChart(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, { nullable: true, description: "Months charted (2 to 240; default: the period's months, at least 12)." }) months?: number | null,
  ) {
    return controlChartOf(ctx, node, months ?? null);
  }

  @FieldResolver(() => Significance, { nullable: true, description: 'Whether the change on the comparison period is statistically significant for counts; null without data in both periods, or when withheld (see disclosure).' })
  significance(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return significanceOf(ctx, node);
  }

  @FieldResolver(() => [Performance], { description: `The same figures for each child area, by name unless ordered. ${PAGING_HINT}` })
  async children(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' }) orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' }) direction: SortDirection,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const checked = pageFor(ctx, page);
    const rows = pageOf(await orderNodes(ctx, await childAreaNodes(ctx, node), orderBy, direction === SortDirection.DESC), checked);
    await prefetch(ctx, rows, info);
    return rows;
  }

  @FieldResolver(() => [Performance], {
    description:
      `The same figures for every area below this one at a level, in one list: e.g. level LPU with orderBy CHANGE, direction DESC gives the LPU with the largest numerical increase first. ${PAGING_HINT}`,
  })
  async descendants(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('level', () => AreaLevel, { description: 'The level, e.g. LPU.' }) level: AreaLevel,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' }) orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' }) direction: SortDirection,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Figures load lazily: ordered by name, only the page's rows load theirs.
    const checked = pageFor(ctx, page);
    const rows = pageOf(await orderNodes(ctx, await descendantAreaNodes(ctx, node, level), orderBy, direction === SortDirection.DESC), checked);
    await prefetch(ctx, rows, info);
    return rows;
  }

  @FieldResolver(() => [Performance], { description: 'The same figures for each child category (e.g. the kinds of vehicle crime), by name unless ordered.' })
  async subcategories(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' }) orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' }) direction: SortDirection,
    @Info() info: GraphQLResolveInfo,
  ) {
    const rows = await orderNodes(ctx, await childCategoryNodes(ctx, node), orderBy, direction === SortDirection.DESC);
    await prefetch(ctx, rows, info);
    return rows;
  }

  @FieldResolver(() => [Contribution], {
    nullable: true,
    description:
      'Which child categories (or child areas) account for the change, each with its share; the largest contributors to the direction of the change first. The counts of the parts are as this caller sees them (perturbed for some callers, see disclosure).',
  })
  contributions(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('by', () => ContributionBy, { defaultValue: ContributionBy.CATEGORY, description: 'CATEGORY or AREA.' }) by: ContributionBy,
  ) {
    return contributionsOf(ctx, node, by);
  }

  @FieldResolver(() => [String], {
    nullable: true,
    description:
      "The figures written as an analyst writes them in the report's style, one sentence per item. Written from the figures this caller sees (perturbed for some callers, see disclosure).",
  })
  async narrative(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    const [figures, children, trend, peer, underInvestigation] = await Promise.all([
      shown(ctx, node),
      childAreaNodes(ctx, node),
      trendOf(ctx, node, 6),
      peerComparisonOf(ctx, node, Math.min(3, node.range.months), null),
      underInvestigationOf(ctx, node),
    ]);
    // The children's figures are loaded whether or not this figure is withheld, so statements never depend on it.
    const childFigures = await Promise.all(children.map((c) => shown(ctx, c)));
    if (!figures) return null;
    // One withheld child could be worked out from the others and the total: then none is described.
    const describedChildren = childFigures.every((c) => c !== null) ? children : [];
    return narrative({
      area: node.area,
      categoryName: node.category.name,
      figures,
      underInvestigation,
      trend: trend?.direction ?? null,
      peer: peer && { band: peer.band, groupName: peer.group.code.endsWith('_MSG') ? 'MSG' : peer.group.name, months: peer.period.months, to: peer.period.to },
      children: describedChildren.map((c, i) => ({ area: c.area, figures: childFigures[i]! })),
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

/**
 * type-graphql resolves every field that takes an argument through an async validation step
 * and Promise.all, even with validation off: a promise per field, whatever the resolver
 * returns. For the fields a row of a league or trend table asks for with arguments, the
 * built schema resolves them directly instead, with the same root, arguments (graphql-js has
 * applied their defaults) and context, so a row's fields complete without a promise once
 * prefetched. Only fields without middlewares or roles are eligible.
 */
export function directPerformanceResolvers(schema: GraphQLSchema): GraphQLSchema {
  const type = schema.getType('Performance') as GraphQLObjectType | undefined;
  if (!type) return schema;
  const fields = type.getFields();
  const direct: Record<string, (node: PerformanceNode, args: any, ctx: Context) => unknown> = {
    trend: (node, args, ctx) => trendOf(ctx, node, args.months),
    controlChart: (node, args, ctx) => controlChartOf(ctx, node, args.months ?? null),
    peerComparison: (node, args, ctx) => peerComparisonOf(ctx, node, args.months ?? null, args.group ?? null),
  };
  for (const [name, resolve] of Object.entries(direct)) {
    if (fields[name]) fields[name].resolve = (root, args, ctx) => resolve(root as PerformanceNode, args, ctx as Context);
  }
  return schema;
}
