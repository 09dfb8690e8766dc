import {
  Arg,
  Args,
  Ctx,
  Extensions,
  Field,
  Float,
  FieldResolver,
  Info,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { responsePathAsArray, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { Area } from '../area/area.type';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import { formatMonth } from '../period/month';
import { comparisonPeriod } from '../period/period';
import { Period, toPeriod } from '../period/period.type';
import { Objective } from '../plan/plan.type';
import { AreaLevel } from '../enums/enums';
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
  trendOf,
  underInvestigationOf,
  warnMonthsWithoutData,
  warnWindow,
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
    description:
      'Every figure of a performance page for one area, category and period. Unknown codes are NOT_FOUND; a malformed period is BAD_USER_INPUT.',
  })
  async performance(
    @Args(() => PerformanceArgs) { area, category, period }: PerformanceArgs,
    @Ctx() ctx: Context,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const path = info ? responsePathAsArray(info.path) : undefined;
    const node = await performanceFor(ctx, area, category, period, path);
    // The months compared (clipped to the data) set the cache lifetime, not the months asked for.
    hintPeriodEnd(ctx, node.range.to);
    // Its figures (and peer comparison) loaded before its fields resolve, as a league table's rows
    // are: the fields then complete without a promise each. Aliased `performance` fields of one
    // document prefetch together, in the same batches.
    if (info) await prefetch(ctx, [node], info, { ownNodes: true });
    warnMonthsWithoutData(ctx, [node], path);
    return node;
  }

  @FieldResolver(() => Period, {
    description:
      'The months compared: the period asked for, clipped to the months the store holds recorded crime for (see `requested` and `clipped`, and the PERIOD_CLIPPED warning).',
  })
  period(@Root() node: PerformanceNode) {
    return toPeriod(node.range, node.requested);
  }

  @FieldResolver(() => Period, { description: 'The same months a year earlier than the months compared (`period`).' })
  comparisonPeriod(@Root() node: PerformanceNode) {
    return toPeriod(node.comparisonRange, comparisonPeriod(node.requested));
  }

  @FieldResolver(() => Disclosure, {
    description:
      'What disclosure control did to these figures for this caller (EXACT or PERTURBED) and why: below force level, counts holding sensitive records carry small noise for callers without an API key, and every figure here is worked out from them.',
  })
  disclosure(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return node.disclosure(ctx);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the period (incidents, for INCIDENT categories); 0 when there were none (inside the data, a month without a fact counts as 0: see coverage and MONTHS_WITHOUT_DATA). Null only when withheld (see disclosure).',
  })
  recorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.recorded);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the comparison period (months before the first month of data count as 0: see COMPARISON_BEFORE_DATA). Null only when withheld (see disclosure).',
  })
  previousRecorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousRecorded);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'recorded - previousRecorded. Null only when withheld (see disclosure).',
  })
  change(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.change);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      '(recorded - previousRecorded) x 100 / previousRecorded, one division of the counts. Null when previousRecorded is 0 (no percentage of nothing), when the comparison period starts before the first month of data (its counts are not known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  percentChange(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.percentChange);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Reduction target in percent that applies (13 = a 13% reduction); null when no plan sets one.',
  })
  targetReduction(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetReduction);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'previousRecorded x (100 - targetReduction) / 100, the exact decimal (1086.63): the most crimes that would meet the target. Null without a target, when the comparison period starts before the first month of data, or when withheld (see disclosure).',
  })
  targetLevel(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetLevel);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'recorded - targetLevel, the exact decimal (75.37): positive = crimes short of the target ("263 crimes short"), negative = ahead. Null when targetLevel is null, or when withheld (see disclosure).',
  })
  gapToTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.gapToTarget);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'gapToTarget <= 0; null when gapToTarget is null (no target, a comparison period not known, or withheld).',
  })
  targetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetMet);
  }

  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The recorded crime objective used for the target figures, and the area it was set for.',
  })
  async recordedCrimeTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).recordedCrime);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Outcomes in the period (see OUTCOMES_INCOMPLETE when outcomes are loaded to an earlier month than crimes). Null only when withheld (see disclosure).',
  })
  outcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomes);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Outcomes in the comparison period. Null only when withheld (see disclosure).',
  })
  previousOutcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomes);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'outcomes x 100 / recorded over the period, one division. Null when nothing was recorded (no rate over no crimes), or when withheld (see disclosure).',
  })
  outcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeRate);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'The outcome rate of the comparison period. Null when nothing was recorded in it (or its counts are not known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  previousOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomeRate);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Outcome rate target in percent that applies; null when no plan sets one.',
  })
  targetOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetOutcomeRate);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'max(0, ceil(target rate x recorded - outcomes)), worked in integers: further outcomes needed to reach the target rate ("a further 219 outcomes are required"). Null without an outcome rate target, or when withheld (see disclosure).',
  })
  outcomesRequired(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomesRequired);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'target rate x recorded / 100 - outcomes, the exact decimal (99.5); negative when ahead of the target. Null without an outcome rate target, or when withheld (see disclosure).',
  })
  outcomeGap(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeGap);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'outcomeRate >= targetOutcomeRate, compared in integers; null without a target or without an outcome rate (nothing recorded), or when withheld (see disclosure).',
  })
  outcomeTargetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeTargetMet);
  }

  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The outcome rate objective used, and the area it was set for.',
  })
  async outcomeRateTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).outcomeRate);
  }

  @FieldResolver(() => [OutcomeTypeCount], {
    nullable: true,
    description:
      'Outcomes by type in the period and the comparison period, most frequent first. Null when the figure is PERTURBED for this caller (see disclosure): counts by type carry no noise of their own.',
  })
  outcomesByType(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return outcomeBreakdownOf(ctx, node);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Crimes under investigation as of the period's last month (a snapshot, never summed over months); null when no snapshot was loaded for that month (warning INVESTIGATIONS_NOT_LOADED), when withheld, or when the figure is PERTURBED for this caller (see disclosure): the snapshot carries no noise of its own.",
  })
  underInvestigation(@Root() node: PerformanceNode, @Ctx() ctx: Context, @Info() info?: GraphQLResolveInfo) {
    return underInvestigationOf(ctx, node, info);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "recorded x 1000 / population, one division, with the population for the calendar year of the period's last month; 0 when no crimes were recorded. Null when the area's population for that year is unknown (or 0), or when withheld (see disclosure).",
  })
  crimeRatePer1000(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return crimeRateOf(ctx, node);
  }

  @FieldResolver(() => PeerComparison, {
    nullable: true,
    description:
      "The area's crime rate against its peer group over the same months; null when the area belongs to no peer group, or when the figure or a member below force level is PERTURBED for this caller (see disclosure).",
  })
  peerComparison(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, {
      nullable: true,
      description:
        "Compare over the trailing N months ending with the period's last month (default: the period's own months), e.g. 3 for the report's three-month comparison.",
    })
    months?: number | null,
    @Arg('group', () => String, {
      nullable: true,
      description: 'Peer group code, when the area belongs to several (default: the first by code).',
    })
    group?: string | null,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const value = peerComparisonOf(ctx, node, months ?? null, group ?? null);
    warnWindow(ctx, info, node.range.to, months ?? node.range.months, 'peer comparison');
    return value;
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
    @Info() info?: GraphQLResolveInfo,
  ) {
    const value = trendOf(ctx, node, months);
    warnWindow(ctx, info, node.range.to, months, 'trend');
    return value;
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
    description:
      'XmR control chart of recorded crimes over the trailing months ending with the period, of the counts this caller sees (perturbed for some callers, see disclosure).',
  })
  controlChart(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, {
      nullable: true,
      description: "Months charted (2 to 240; default: the period's months, at least 12).",
    })
    months?: number | null,
    @Info() info?: GraphQLResolveInfo,
  ) {
    const value = controlChartOf(ctx, node, months ?? null);
    warnWindow(ctx, info, node.range.to, months ?? Math.max(node.range.months, 12), 'control chart');
    return value;
  }

  @FieldResolver(() => Significance, {
    nullable: true,
    description:
      'Whether the change on the comparison period is statistically significant for counts; null when the comparison period starts before the first month of data, or when withheld (see disclosure).',
  })
  significance(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return significanceOf(ctx, node);
  }

  @FieldResolver(() => [Performance], {
    description: `The same figures for each child area, by name unless ordered. ${PAGING_HINT}`,
  })
  async children(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' })
    orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' })
    direction: SortDirection,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    const checked = pageFor(ctx, page);
    const rows = pageOf(
      await orderNodes(ctx, await childAreaNodes(ctx, node), orderBy, direction === SortDirection.DESC),
      checked,
    );
    await prefetch(ctx, rows, info);
    return rows;
  }

  @FieldResolver(() => [Performance], {
    description: `The same figures for every area below this one at a level, in one list: e.g. level LPU with orderBy CHANGE, direction DESC gives the LPU with the largest numerical increase first. ${PAGING_HINT}`,
  })
  async descendants(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('level', () => AreaLevel, { description: 'The level, e.g. LPU.' }) level: AreaLevel,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' })
    orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' })
    direction: SortDirection,
    @Args(() => PageArgs) page: PageArgs,
    @Info() info: GraphQLResolveInfo,
  ) {
    // Figures load lazily: ordered by name, only the page's rows load theirs.
    const checked = pageFor(ctx, page);
    const rows = pageOf(
      await orderNodes(ctx, await descendantAreaNodes(ctx, node, level), orderBy, direction === SortDirection.DESC),
      checked,
    );
    await prefetch(ctx, rows, info);
    return rows;
  }

  @FieldResolver(() => [Performance], {
    description: 'The same figures for each child category (e.g. the kinds of vehicle crime), by name unless ordered.',
  })
  async subcategories(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' })
    orderBy: PerformanceOrder,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' })
    direction: SortDirection,
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
    @Arg('by', () => ContributionBy, { defaultValue: ContributionBy.CATEGORY, description: 'CATEGORY or AREA.' })
    by: ContributionBy,
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
      peer: peer && {
        band: peer.band,
        groupName: peer.group.code.endsWith('_MSG') ? 'MSG' : peer.group.name,
        months: peer.period.months,
        to: peer.period.to,
      },
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
  const direct: Record<string, (node: PerformanceNode, args: any, ctx: Context, info: GraphQLResolveInfo) => unknown> =
    {
      trend: (node, args, ctx, info) => {
        const value = trendOf(ctx, node, args.months);
        warnWindow(ctx, info, node.range.to, args.months, 'trend');
        return value;
      },
      controlChart: (node, args, ctx, info) => {
        const value = controlChartOf(ctx, node, args.months ?? null);
        warnWindow(ctx, info, node.range.to, args.months ?? Math.max(node.range.months, 12), 'control chart');
        return value;
      },
      peerComparison: (node, args, ctx, info) => {
        const value = peerComparisonOf(ctx, node, args.months ?? null, args.group ?? null);
        warnWindow(ctx, info, node.range.to, args.months ?? node.range.months, 'peer comparison');
        return value;
      },
    };
  for (const [name, resolve] of Object.entries(direct)) {
    if (fields[name])
      fields[name].resolve = (root, args, ctx, info) => resolve(root as PerformanceNode, args, ctx as Context, info);
  }
  return schema;
}
