import { Arg, Args, Ctx, Extensions, Info, Query, Resolver } from 'type-graphql';
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import { listAreas, requireArea } from '../area/area.service';
import { requireCategory } from '../category/category.service';
import type { Context } from '../context/context';
import { unknownCode } from '../errors/unknown-code';
import type { AreaRecord } from '../loaders/dimension.loaders';
import { resolvePeriod } from '../period/period';
import { AreaLevel } from '../enums/enums';
import { PerformanceOrder, SortDirection } from './performance.args';
import { PeriodInput } from '../period/period.inputs';
import { Performance } from './performance.type';
import { PerformanceNode } from './performance.node';
import { comparedPeriods, orderNodes, warnMonthsWithoutData } from './performance.service';
import { prefetch } from './prefetch';
import { FIGURES, hintPeriodEnd } from '../cache/cache-hints';
import { PageArgs, pageFor, pageOf, PAGING_HINT } from '../limits/pagination';

/**
 * A league table: the same figures for every area of a level (every force, every LPU), or for
 * the members of a peer group, or for the areas at a level below one area. One field, so a
 * client need not list 43 aliased `performance` fields; the figures of every row are loaded in
 * the same batches, so its SQL statements do not grow with the number of rows.
 */
@Resolver()
export class LeagueTableResolver {
  @Extensions(FIGURES)
  @Query(() => [Performance], {
    description:
      'The figures of one category and period for every area at a level (every force by default), optionally ' +
      'only the members of a peer group or the areas below one area; by name unless ordered. Each row is a ' +
      'Performance: ask for peerComparison, trend, controlChart and the rest as for `performance`. ' +
      PAGING_HINT,
  })
  async leagueTable(
    @Arg('category', () => String, { description: 'Crime category code, e.g. DOMESTIC_BURGLARY or ALL_CRIME.' })
    category: string,
    @Arg('period', () => PeriodInput, {
      description: 'The period; the comparison period is the same months a year earlier.',
    })
    period: PeriodInput,
    @Ctx() ctx: Context,
    @Arg('level', () => AreaLevel, {
      defaultValue: AreaLevel.FORCE,
      description: 'Areas at this level (default FORCE).',
    })
    level: AreaLevel,
    @Arg('peerGroup', () => String, {
      nullable: true,
      description: 'Only the members of this peer group (at the level asked for).',
    })
    peerGroup?: string | null,
    @Arg('within', () => String, {
      nullable: true,
      description: 'Only areas below this area, e.g. within: "LEICESTERSHIRE", level: LPU.',
    })
    within?: string | null,
    @Arg('orderBy', () => PerformanceOrder, { defaultValue: PerformanceOrder.NAME, description: 'Figure to order by.' })
    orderBy: PerformanceOrder = PerformanceOrder.NAME,
    @Arg('direction', () => SortDirection, { defaultValue: SortDirection.ASC, description: 'ASC or DESC.' })
    direction: SortDirection = SortDirection.ASC,
    @Args(() => PageArgs) pageArgs: PageArgs = {},
    @Info() info?: GraphQLResolveInfo,
  ) {
    const page = pageFor(ctx, pageArgs);
    const requested = resolvePeriod(period);
    const path = info ? responsePathAsArray(info.path) : undefined;
    const [categoryRecord, areas] = await Promise.all([
      requireCategory(ctx, category),
      leagueAreas(ctx, level, peerGroup ?? null, within ?? null),
    ]);
    // Every row compares the same months: the period clipped to the data.
    const compared = await comparedPeriods(ctx, requested, path);
    hintPeriodEnd(ctx, compared.period.to);
    const nodes = areas.map(
      (area) => new PerformanceNode(area, categoryRecord, compared.period, compared.comparison, requested),
    );
    // Figures load lazily: ordered by name, only the page's rows load theirs.
    const rows = pageOf(await orderNodes(ctx, nodes, orderBy, direction === SortDirection.DESC), page);
    // The rows' figures (and peer comparisons) in one go, so each row's fields complete without a promise.
    if (info) await prefetch(ctx, rows, info, { ownNodes: true });
    warnMonthsWithoutData(ctx, rows, path);
    return rows;
  }
}

async function leagueAreas(
  ctx: Context,
  level: AreaLevel,
  peerGroup: string | null,
  within: string | null,
): Promise<AreaRecord[]> {
  if (!peerGroup) return listAreas(ctx, level, within);
  const group = await ctx.loaders.peerGroupByCode.load(peerGroup);
  if (!group) throw unknownCode(ctx, 'peerGroup', 'peer group', peerGroup);
  let areas = (await ctx.loaders.peerGroupMembers.load(group.id)).filter((a) => a.level === level);
  if (within) {
    const root = await requireArea(ctx, within);
    const below = new Set((await ctx.loaders.areaDescendants.load(`${root.id}|${level}`)).map((a) => a.id));
    areas = areas.filter((a) => below.has(a.id));
  }
  return areas;
}
