import { Arg, Args, Ctx, Extensions, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context/context';
import { listCategories, requireCategory } from './category.service';
import { CrimeCategory } from './category.type';
import { DIMENSIONS } from '../cache/cache-hints';
import { PageArgs, pageFor, PAGING_HINT } from '../limits/pagination';

@Resolver(() => CrimeCategory)
export class CategoryResolver {
  @Extensions(DIMENSIONS)
  @Query(() => CrimeCategory, {
    nullable: true,
    description: 'One crime category by its code; an unknown code is a NOT_FOUND error.',
  })
  category(
    @Arg('code', () => String, { description: 'Category code, e.g. DOMESTIC_BURGLARY.' }) code: string,
    @Ctx() ctx: Context,
  ) {
    return requireCategory(ctx, code);
  }

  @Extensions(DIMENSIONS)
  @Query(() => [CrimeCategory], {
    description: `Every crime category: roots first (by depth), then by name. ${PAGING_HINT}`,
  })
  categories(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return listCategories(ctx, pageFor(ctx, page));
  }

  @FieldResolver(() => CrimeCategory, { nullable: true, description: 'The category one level up; null for a root.' })
  parent(@Root() category: CrimeCategory, @Ctx() ctx: Context) {
    return category.parentId === null ? null : ctx.loaders.categoryById.load(category.parentId);
  }

  @FieldResolver(() => [CrimeCategory], { description: 'The categories one level down, by name.' })
  children(@Root() category: CrimeCategory, @Ctx() ctx: Context) {
    return ctx.loaders.categoryChildren.load(category.id);
  }

  @FieldResolver(() => [CrimeCategory], { description: 'Every category above this one, nearest first.' })
  ancestors(@Root() category: CrimeCategory, @Ctx() ctx: Context) {
    return ctx.loaders.categoryAncestors.load(category.id);
  }
}
