import type { Context } from '../context/context';
import { NotFoundError } from '../errors/errors';
import { CATEGORY_COLUMNS, type CategoryRecord } from '../loaders/dimension.loaders';

/** Looks a category up by code; unknown codes are a NOT_FOUND error naming the code. */
export async function requireCategory(ctx: Context, code: string): Promise<CategoryRecord> {
  const category = await ctx.loaders.categoryByCode.load(code);
  if (!category) throw new NotFoundError('crime category', code, 'Query `categories` lists the codes.');
  return category;
}

/** Every category, roots first, then by name: a tree a client can rebuild from parent codes. */
export function listCategories(ctx: Context): Promise<CategoryRecord[]> {
  return ctx.prisma.$queryRawUnsafe<CategoryRecord[]>(
    `SELECT ${CATEGORY_COLUMNS}
     FROM crime_category k
     JOIN LATERAL (SELECT max(depth) AS depth FROM category_closure WHERE descendant_id = k.id) d ON TRUE
     ORDER BY d.depth, k.name`,
  );
}
