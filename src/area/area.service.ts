import type { Context } from '../context/context';
import { unknownCode } from '../errors/unknown-code';
import type { AreaRecord } from '../loaders/dimension.loaders';
import type { AreaLevel } from '../enums/enums';
import { pageOf, type Page } from '../limits/pagination';

/** Looks an area up by code; unknown codes are a NOT_FOUND error naming the code. */
export async function requireArea(ctx: Context, code: string): Promise<AreaRecord> {
  const area = await ctx.loaders.areaByCode.load(code);
  if (!area) throw unknownCode(ctx, 'area', 'area', code, 'Query `areas` lists the codes.');
  return area;
}

/** Areas at a level and/or below an area; one page of them when `page` is given. */
export async function listAreas(
  ctx: Context,
  level: AreaLevel | null | undefined,
  parent: string | null | undefined,
  page?: Page,
): Promise<AreaRecord[]> {
  if (parent) {
    const root = await requireArea(ctx, parent);
    const below = await ctx.loaders.areaDescendants.load(`${root.id}|${level ?? ''}`);
    return page ? pageOf(below, page) : below;
  }
  // From the dimension snapshot (no statement), in SQL's order: level, name, then id.
  const all = await ctx.loaders.areasAtLevel.load(level ?? null);
  return page ? pageOf(all, page) : all;
}
