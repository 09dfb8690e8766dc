/** Whether a category is sensitive, for disclosure control and for clients (CrimeCategory.sensitive). */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import type { CategoryRecord } from '../loaders/dimension.loaders';

/**
 * The category or a category above it is marked sensitive. Category loaders fill this in
 * the statement that loads the category; a record built elsewhere is looked up (one batched
 * statement), and a category that cannot be found counts as sensitive (fail closed).
 */
export async function categorySensitive(ctx: Context, category: Pick<CategoryRecord, 'id' | 'sensitive'>): Promise<boolean> {
  if (typeof category.sensitive === 'boolean') return category.sensitive;
  const loaded = await ctx.loaders.categoryById.load(category.id);
  return loaded?.sensitive ?? true;
}

@Resolver(() => CrimeCategory)
export class CategorySensitivityResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when small counts of this category (1 to 4 with the default threshold) are withheld below force level from callers without an API key: the category, or a category above it, is marked sensitive (domestic violence, sexual offences, hate crime).',
  })
  sensitive(@Root() category: CrimeCategory & { sensitive?: boolean }, @Ctx() ctx: Context) {
    return categorySensitive(ctx, category);
  }
}
