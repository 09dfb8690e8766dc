import { Arg, Args, Ctx, Extensions, FieldResolver, Float, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { Area } from '../area/area.type';
import type { Context } from '../context/context';
import { comparisonPeriod } from '../period/period';
import { Period, toPeriod } from '../period/period.type';
import { Objective } from '../plan/plan.type';
import { AreaLevel } from '../enums/enums';
import { Disclosure } from '../auth/disclosure.type';
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';
import { PageArgs, pageFor, pageOf, PAGING_HINT } from '../limits/pagination';
import { ContributionBy, PerformanceArgs, PerformanceOrder, SortDirection } from './performance.args';
import {
  Contribution,
  ControlChart,
  Coverage,
  MonthValue,
  OutcomeTypeCount,
  PeerComparison,
  Performance,
  Significance,
  TargetSource,
  Trend,
} from './performance.type';
import { needs } from './performance.fields';
import {
  childAreaNodes,
  childCategoryNodes,
  descendantAreaNodes,
  figuresField,
  PerformanceNode,
  shownField,
} from './performance.node';
import { orderNodes, performanceFor, warnMonthsWithoutData } from './performance.service';
import { prefetch } from './prefetch';
import {
  contributionsOf,
  coverageOf,
  crimeRateOf,
  monthlyOf,
  outcomeBreakdownOf,
  significanceOf,
  targetSource,
  underInvestigationOf,
} from './field-figures';
import { peerComparisonOf } from './peer-comparison';
import { chartMonths, controlChartOf, trendOf, warnWindow } from './window-figures';
import { narrative } from './narrative';

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

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Period, {
    description:
      'The months compared: the period asked for, clipped to the months the store holds recorded crime for (see `requested` and `clipped`, and the PERIOD_CLIPPED warning).',
  })
  period(@Root() node: PerformanceNode) {
    return toPeriod(node.range, node.requested);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Period, { description: 'The same months a year earlier than the months compared (`period`).' })
  comparisonPeriod(@Root() node: PerformanceNode) {
    return toPeriod(node.comparisonRange, comparisonPeriod(node.requested));
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Disclosure, {
    description:
      'What disclosure control did to these figures for this caller (EXACT or PERTURBED) and why: below force level, counts holding sensitive records carry small noise for callers without an API key, and every figure here is worked out from them.',
  })
  disclosure(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return node.disclosure(ctx);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the period (incidents, for INCIDENT categories); 0 when there were none (inside the data, a month without a fact counts as 0: see coverage and MONTHS_WITHOUT_DATA). Null only when withheld (see disclosure).',
  })
  recorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.recorded);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Recorded crimes in the comparison period (months before the first month of data count as 0: see COMPARISON_BEFORE_DATA). Null only when withheld (see disclosure).',
  })
  previousRecorded(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousRecorded);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'recorded - previousRecorded. Null only when withheld (see disclosure).',
  })
  change(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.change);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      '(recorded - previousRecorded) x 100 / previousRecorded, one division of the counts. Null when previousRecorded is 0 (no percentage of nothing), when the comparison period starts before the first month of data (its counts are not known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  percentChange(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.percentChange);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Reduction target in percent that applies (13 = a 13% reduction); null when no plan sets one.',
  })
  targetReduction(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetReduction);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'previousRecorded x (100 - targetReduction) / 100, the exact decimal (1086.63): the most crimes that would meet the target. Null without a target, when the comparison period starts before the first month of data, or when withheld (see disclosure).',
  })
  targetLevel(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetLevel);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'recorded - targetLevel, the exact decimal (75.37): positive = crimes short of the target ("263 crimes short"), negative = ahead. Null when targetLevel is null, or when withheld (see disclosure).',
  })
  gapToTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.gapToTarget);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'gapToTarget <= 0; null when gapToTarget is null (no target, a comparison period not known, or withheld).',
  })
  targetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.targetMet);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison' }))
  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The recorded crime objective used for the target figures, and the area it was set for.',
  })
  async recordedCrimeTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).recordedCrime);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Outcomes in the period (see OUTCOMES_INCOMPLETE when outcomes are loaded to an earlier month than crimes). Null only when withheld (see disclosure).',
  })
  outcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomes);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Outcomes in the comparison period. Null only when withheld (see disclosure).',
  })
  previousOutcomes(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomes);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'outcomes x 100 / recorded over the period, one division. Null when nothing was recorded (no rate over no crimes), or when withheld (see disclosure).',
  })
  outcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'The outcome rate of the comparison period. Null when nothing was recorded in it (or its counts are not known: COMPARISON_BEFORE_DATA), or when withheld (see disclosure).',
  })
  previousOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.previousOutcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Outcome rate target in percent that applies; null when no plan sets one.',
  })
  targetOutcomeRate(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return figuresField(ctx, node, (x) => x.targetOutcomeRate);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'max(0, ceil(target rate x recorded - outcomes)), worked in integers: further outcomes needed to reach the target rate ("a further 219 outcomes are required"). Null without an outcome rate target, or when withheld (see disclosure).',
  })
  outcomesRequired(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomesRequired);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'target rate x recorded / 100 - outcomes, the exact decimal (99.5); negative when ahead of the target. Null without an outcome rate target, or when withheld (see disclosure).',
  })
  outcomeGap(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeGap);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'outcomeRate >= targetOutcomeRate, compared in integers; null without a target or without an outcome rate (nothing recorded), or when withheld (see disclosure).',
  })
  outcomeTargetMet(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return shownField(ctx, node, (x) => x.outcomeTargetMet);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison' }))
  @FieldResolver(() => TargetSource, {
    nullable: true,
    description: 'The outcome rate objective used, and the area it was set for.',
  })
  async outcomeRateTarget(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return targetSource(ctx, node, (await node.targets(ctx)).outcomeRate);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison', listSize: 6 }))
  @FieldResolver(() => [OutcomeTypeCount], {
    nullable: true,
    description:
      'Outcomes by type in the period and the comparison period, most frequent first. Null when the figure is PERTURBED for this caller (see disclosure): counts by type carry no noise of their own.',
  })
  outcomesByType(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return outcomeBreakdownOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Crimes under investigation as of the period's last month (a snapshot, never summed over months); null when no snapshot was loaded for that month (warning INVESTIGATIONS_NOT_LOADED), when withheld, or when the figure is PERTURBED for this caller (see disclosure): the snapshot carries no noise of its own.",
  })
  underInvestigation(@Root() node: PerformanceNode, @Ctx() ctx: Context, @Info() info?: GraphQLResolveInfo) {
    return underInvestigationOf(ctx, node, info);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "recorded x 1000 / population, one division, with the population for the calendar year of the period's last month; 0 when no crimes were recorded. Null when the area's population for that year is unknown (or 0), or when withheld (see disclosure).",
  })
  crimeRatePer1000(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return crimeRateOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'peerComparison', months: 'period', cost: 3 }))
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

  @Extensions(needs({ prefetch: 'figures', months: 'window', cost: 1 }))
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

  @Extensions(needs({ prefetch: 'figures', months: 'comparison', listSize: 12 }))
  @FieldResolver(() => [MonthValue], {
    description:
      "Each month of the period with its figures and the same month a year earlier; the months sum to the period's counts (perturbed for some callers, see disclosure).",
  })
  monthly(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return monthlyOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Coverage, { description: 'Which months of the period had data.' })
  async coverage(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return coverageOf(await node.figures(ctx), false);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Coverage, { description: 'Which months of the comparison period had data.' })
  async comparisonCoverage(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return coverageOf(await node.figures(ctx), true);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'window', cost: 2 }))
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
    warnWindow(ctx, info, node.range.to, chartMonths(node.range, months), 'control chart');
    return value;
  }

  @Extensions(needs({ prefetch: 'figures', months: 'comparison' }))
  @FieldResolver(() => Significance, {
    nullable: true,
    description:
      'Whether the change on the comparison period is statistically significant for counts; null when the comparison period starts before the first month of data, or when withheld (see disclosure).',
  })
  significance(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return significanceOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'childAreas', months: 'comparison', cost: 5, listSize: 6 }))
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

  @Extensions(needs({ prefetch: 'descendantAreas', months: 'comparison', cost: 5, listSize: 20 }))
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

  @Extensions(needs({ prefetch: 'childCategories', months: 'comparison', cost: 5, listSize: 10 }))
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

  @Extensions(needs({ prefetch: 'contributions', months: 'comparison', cost: 2, listSize: 10 }))
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

  @Extensions(needs({ prefetch: 'nothing', months: 'comparison', cost: 5, listSize: 8 }))
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
