/**
 * The fields of Performance beyond its counts and targets: breakdowns (outcomes by type, monthly
 * values, coverage, contributions), figures over trailing windows and against peers (trend,
 * control chart, peer comparison, significance, crime rate), nested rows (children, descendants,
 * subcategories) and the narrative. A second resolver class of the same object type, so each file
 * stays readable; what each field needs is declared on it, as in performance.resolver.ts.
 */
import { Arg, Args, Ctx, Extensions, FieldResolver, Float, Info, Int, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context/context';
import { AreaLevel } from '../enums/enums';
import { PageArgs, pageFor, pageOf, PAGING_HINT } from '../limits/pagination';
import { ContributionBy, PerformanceOrder, SortDirection } from './performance.args';
import {
  Contribution,
  ControlChart,
  Coverage,
  MonthValue,
  OutcomeTypeCount,
  PeerComparison,
  Performance,
  Significance,
  Trend,
} from './performance.type';
import { needs } from './performance.fields';
import { childAreaNodes, childCategoryNodes, descendantAreaNodes, PerformanceNode } from './performance.node';
import { orderNodes } from './performance.service';
import { prefetch } from './prefetch';
import {
  contributionsOf,
  coverageOf,
  crimeRateOf,
  monthlyOf,
  outcomeBreakdownOf,
  significanceOf,
  underInvestigationOf,
} from './field-figures';
import { peerComparisonOf } from './peer-comparison';
import { chartMonths, controlChartOf, trendOf, warnWindow } from './window-figures';
import { narrative } from './narrative';

/** The figures this caller may see: null when withheld (src/auth/disclosure.ts). */
const shown = (ctx: Context, node: PerformanceNode) => node.shownFigures(ctx);

@Resolver(() => Performance)
export class PerformanceAnalysisResolver {
  @Extensions(needs({ prefetch: 'nothing', months: 'comparison', listSize: 6 }))
  @FieldResolver(() => [OutcomeTypeCount], {
    nullable: true,
    description:
      'Outcomes by type in the period and the comparison period, most frequent first. Null when the figure is ' +
      'PERTURBED for this caller (see disclosure): counts by type carry no noise of their own.',
  })
  outcomesByType(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return outcomeBreakdownOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'nothing', months: 'period' }))
  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Crimes under investigation as of the period's last month (a snapshot, never summed over months); null " +
      'when no snapshot was loaded for that month (warning INVESTIGATIONS_NOT_LOADED), when withheld, or when ' +
      'the figure is PERTURBED for this caller (see disclosure): the snapshot carries no noise of its own.',
  })
  underInvestigation(@Root() node: PerformanceNode, @Ctx() ctx: Context, @Info() info?: GraphQLResolveInfo) {
    return underInvestigationOf(ctx, node, info);
  }

  @Extensions(needs({ prefetch: 'figures', months: 'period' }))
  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "recorded x 1000 / population, one division, with the population for the calendar year of the period's " +
      "last month; 0 when no crimes were recorded. Null when the area's population for that year is unknown (or " +
      '0), or when withheld (see disclosure).',
  })
  crimeRatePer1000(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return crimeRateOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'peerComparison', months: 'period', cost: 3 }))
  @FieldResolver(() => PeerComparison, {
    nullable: true,
    description:
      "The area's crime rate against its peer group over the same months; null when the area belongs to no peer " +
      'group, or when the figure or a member below force level is PERTURBED for this caller (see disclosure).',
  })
  peerComparison(
    @Root() node: PerformanceNode,
    @Ctx() ctx: Context,
    @Arg('months', () => Int, {
      nullable: true,
      description:
        "Compare over the trailing N months ending with the period's last month (default: the period's own " +
        "months), e.g. 3 for the report's three-month comparison.",
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
      "Least-squares trend of the last N monthly values ending at the period's last month; months without data " +
      'count as 0. Fitted to the counts this caller sees (perturbed, see disclosure).',
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
      'Each month of the period with its figures and the same month a year earlier; the months sum to the ' +
      "period's counts (perturbed for some callers, see disclosure).",
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
      'XmR control chart of recorded crimes over the trailing months ending with the period, of the counts this ' +
      'caller sees (perturbed for some callers, see disclosure).',
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
      'Whether the change on the comparison period is statistically significant for counts; null when the ' +
      'comparison period starts before the first month of data, or when withheld (see disclosure).',
  })
  significance(@Root() node: PerformanceNode, @Ctx() ctx: Context) {
    return significanceOf(ctx, node);
  }

  @Extensions(needs({ prefetch: 'childAreas', months: 'comparison', cost: 5, listSize: 6, sizedBy: 'areaChildren' }))
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

  @Extensions(
    needs({ prefetch: 'descendantAreas', months: 'comparison', cost: 5, listSize: 20, sizedBy: 'areasAtLevel' }),
  )
  @FieldResolver(() => [Performance], {
    description:
      `The same figures for every area below this one at a level, in one list: e.g. level LPU with orderBy CHANGE, ` +
      `direction DESC gives the LPU with the largest numerical increase first. ${PAGING_HINT}`,
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

  @Extensions(
    needs({ prefetch: 'childCategories', months: 'comparison', cost: 5, listSize: 10, sizedBy: 'categoryChildren' }),
  )
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

  @Extensions(
    needs({
      prefetch: 'contributions',
      months: 'comparison',
      cost: 2,
      listSize: 10,
      sizedBy: 'areaOrCategoryChildren',
    }),
  )
  @FieldResolver(() => [Contribution], {
    nullable: true,
    description:
      'Which child categories (or child areas) account for the change, each with its share; the largest ' +
      'contributors to the direction of the change first. The counts of the parts are as this caller sees them ' +
      '(perturbed for some callers, see disclosure).',
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
      "The figures written as an analyst writes them in the report's style, one sentence per item. Written from " +
      'the figures this caller sees (perturbed for some callers, see disclosure).',
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
