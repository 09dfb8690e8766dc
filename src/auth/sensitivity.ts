/** Whether a category is sensitive, for disclosure control and for clients (CrimeCategory.sensitive). */
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CrimeCategory } from '../category/category.type';
import type { Context } from '../context/context';
import type { CategoryRecord } from '../loaders/dimension.loaders';
import type { DimensionSnapshot } from '../loaders/dimensions';

/**
 * The category or a category above it is marked sensitive. Category loaders fill this in
 * the statement that loads the category; a record built elsewhere is looked up (one batched
 * statement), and a category that cannot be found counts as sensitive (fail closed).
 */
export async function categorySensitive(
  ctx: Context,
  category: Pick<CategoryRecord, 'id' | 'sensitive'>,
): Promise<boolean> {
  if (typeof category.sensitive === 'boolean') return category.sensitive;
  const loaded = await ctx.loaders.categoryById.load(category.id);
  return loaded?.sensitive ?? true;
}

/**
 * Surveys of victims of a sensitive category: their counts are perturbed below force level for
 * anonymous callers like a sensitive category's (RACIST_INCIDENT: victims of hate crime).
 */
export const SENSITIVE_SURVEYS: ReadonlySet<string> = new Set(['RACIST_INCIDENT']);

const sourcesBySnapshot = new WeakMap<DimensionSnapshot, Map<number, CategoryRecord[]>>();

/**
 * The categories whose noise a category's counts carry (src/auth/perturbation.ts): the sensitive
 * categories at the bottom of its subtree (itself, when it is a sensitive leaf). Empty when the
 * category holds no sensitive records: its counts are then exact for everyone. Worked out once
 * per snapshot and category, from the snapshot alone.
 */
export function noiseSources(
  snapshot: DimensionSnapshot,
  category: Pick<CategoryRecord, 'id' | 'sensitive'>,
): CategoryRecord[] {
  let memo = sourcesBySnapshot.get(snapshot);
  if (!memo) sourcesBySnapshot.set(snapshot, (memo = new Map<number, CategoryRecord[]>()));
  let found = memo.get(category.id);
  if (!found) {
    const out: CategoryRecord[] = [];
    const visit = (c: Pick<CategoryRecord, 'id' | 'sensitive'>) => {
      const children = snapshot.categoryChildren(c.id);
      if (c.sensitive && !children.some((k) => k.sensitive)) out.push(c as CategoryRecord);
      for (const k of children) visit(k);
    };
    // The snapshot's own record knows whether the category is sensitive; one built elsewhere may not.
    const own = snapshot.categoryById.get(category.id);
    if (own) visit(own);
    else out.push(category as CategoryRecord); // unknown to the snapshot: perturb (fail closed)
    memo.set(category.id, (found = out));
  }
  return found;
}

@Resolver(() => CrimeCategory)
export class CategorySensitivityResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True when the category, or a category above it, is marked sensitive (domestic violence, sexual ' +
      'offences, hate crime): below force level, callers without an API key see its counts, and those of the ' +
      'categories above it, with small noise (see Performance.disclosure).',
  })
  sensitive(@Root() category: CrimeCategory & { sensitive?: boolean }, @Ctx() ctx: Context) {
    return categorySensitive(ctx, category);
  }
}
