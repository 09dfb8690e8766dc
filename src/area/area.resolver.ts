import { Arg, Args, Ctx, Extensions, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context';
import { unknownCode } from '../errors/unknown-code';
import { AreaLevel } from '../enums/enums';
import { AreasArgs } from './area.args';
import { listAreas, requireArea } from './area.service';
import { Area, PeerGroup, Population } from './area.type';
import { DIMENSIONS } from '../cache/cache-hints';
import { PageArgs, pageFor, pageOf, PAGING_HINT } from '../limits/pagination';

@Resolver(() => Area)
export class AreaResolver {
  @Extensions(DIMENSIONS)
  @Query(() => Area, { nullable: true, description: 'One area by its code; an unknown code is a NOT_FOUND error.' })
  area(
    @Arg('code', () => String, { description: 'Area code, e.g. LEICESTERSHIRE.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return requireArea(ctx, code);
  }

  @Extensions(DIMENSIONS)
  @Query(() => [Area], {
    description:
      `Areas, optionally at one level and/or below one area: by level, then name (below an area: ` +
      `nearest first). ${PAGING_HINT}`,
  })
  areas(@Args(() => AreasArgs) { level, parent, first, offset }: AreasArgs, @Ctx() ctx: Context) {
    return listAreas(ctx, level, parent, pageFor(ctx, { first, offset }));
  }

  @FieldResolver(() => Area, { nullable: true, description: 'The area one level up; null at the top.' })
  parent(@Root() area: Area, @Ctx() ctx: Context) {
    return area.parentId === null ? null : ctx.loaders.areaById.load(area.parentId);
  }

  @FieldResolver(() => [Area], { description: `The areas one level down, by name. ${PAGING_HINT}` })
  async children(@Root() area: Area, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    const checked = pageFor(ctx, page);
    return pageOf(await ctx.loaders.areaChildren.load(area.id), checked);
  }

  @FieldResolver(() => [Area], { description: 'Every area above this one, nearest first.' })
  ancestors(@Root() area: Area, @Ctx() ctx: Context) {
    return ctx.loaders.areaAncestors.load(area.id);
  }

  @FieldResolver(() => [Area], {
    description:
      `Every area below this one (any depth), optionally only at one level; nearest first, then by ` +
      `name. ${PAGING_HINT}`,
  })
  async descendants(
    @Root() area: Area,
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('level', () => AreaLevel, { nullable: true, description: 'Only descendants at this level.' })
    level?: AreaLevel | null,
  ) {
    // Dimension rows (a few hundred at most): paged in memory, from the batched loader.
    const checked = pageFor(ctx, page);
    return pageOf(await ctx.loaders.areaDescendants.load(`${area.id}|${level ?? ''}`), checked);
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      "Residents in a calendar year: the area's own figure, or else the sum of its descendants' figures. " +
      'Null when no figure covers that year.',
  })
  population(
    @Root() area: Area,
    @Arg('year', () => Int, { description: 'Calendar year, e.g. 2013.' }) year: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.population.load(`${area.id}|${year}`);
  }

  @FieldResolver(() => [Population], {
    description: "The area's own population figures, by year (not summed from descendants).",
  })
  populations(@Root() area: Area, @Ctx() ctx: Context) {
    return ctx.loaders.populations.load(area.id);
  }

  @FieldResolver(() => [PeerGroup], {
    description: 'Peer groups this area belongs to, such as its most similar group.',
  })
  peerGroups(@Root() area: Area, @Ctx() ctx: Context) {
    return ctx.loaders.peerGroupsOfArea.load(area.id);
  }
}

@Resolver(() => PeerGroup)
export class PeerGroupResolver {
  @Extensions(DIMENSIONS)
  @Query(() => PeerGroup, {
    nullable: true,
    description: 'One peer group by its code; an unknown code is a NOT_FOUND error.',
  })
  async peerGroup(
    @Arg('code', () => String, { description: 'Peer group code, e.g. LEICESTERSHIRE_MSG.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    const group = await ctx.loaders.peerGroupByCode.load(code);
    if (!group) throw unknownCode(ctx, 'peerGroup', 'peer group', code);
    return group;
  }

  @FieldResolver(() => [Area], { description: 'The member areas, by name.' })
  members(@Root() group: PeerGroup, @Ctx() ctx: Context) {
    return ctx.loaders.peerGroupMembers.load(group.id);
  }
}
