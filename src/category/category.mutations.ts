import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context/context';
import { CategoryInput } from './category.inputs';
import { CrimeCategory } from './category.type';
import { setCategorySensitive, upsertCategory } from './category.writes';

@Resolver(() => CrimeCategory)
export class CategoryMutationResolver {
  @Authorized('STEWARD')
  @Mutation(() => CrimeCategory, {
    description:
      'Creates a crime category, or updates the one with this code: validated like a row of categories.csv. ' +
      'A change of parent rebuilds the subtree sums of every figure. Audited as UPSERT_CATEGORY. Needs a ' +
      'STEWARD key (or ADMIN).',
  })
  upsertCategory(
    @Arg('input', () => CategoryInput, { description: 'The category, as a row of categories.csv.' })
    input: CategoryInput,
    @Ctx() ctx: Context,
  ) {
    return upsertCategory(ctx, input);
  }

  @Authorized('STEWARD')
  @Mutation(() => CrimeCategory, {
    description:
      'Marks a category sensitive (small counts withheld from anonymous callers below force level) or not. ' +
      'Audited as SET_CATEGORY_SENSITIVE. Needs a STEWARD key (or ADMIN).',
  })
  setCategorySensitive(
    @Arg('code', () => String, { description: 'Category code, e.g. HATE_CRIME.' }) code: string,
    @Arg('sensitive', () => Boolean, {
      description: 'True to withhold small counts from anonymous callers below force level.',
    })
    sensitive: boolean,
    @Ctx() ctx: Context,
  ) {
    return setCategorySensitive(ctx, code, sensitive);
  }
}
