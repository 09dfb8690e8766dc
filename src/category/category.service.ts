import type { Context } from '../context/context';
import { unknownCode } from '../errors/unknown-code';
import { pageOf, type Page } from '../limits/pagination';
import type { CategoryRecord } from '../loaders/dimension.loaders';

/** Looks a category up by code; unknown codes are a NOT_FOUND error naming the code. */
export async function requireCategory(ctx: Context, code: string): Promise<CategoryRecord> {
  const category = await ctx.loaders.categoryByCode.load(code);
  if (!category) throw unknownCode(ctx, 'category', 'crime category', code, 'Query `categories` lists the codes.');
  return category;
}

/**
 * Every category, roots first, then by name (then id): a tree a client can rebuild from parent codes; one page of them
 * when `page` is given.
 */
export async function listCategories(ctx: Context, page?: Page): Promise<CategoryRecord[]> {
  // From the dimension snapshot (no statement), in the order SQL gave: depth in the tree, name, id.
  const all = await ctx.loaders.categories.load();
  return page ? pageOf(all, page) : all;
}
