import type { Context } from '../context/context';
import { NotFoundError } from '../errors/errors';
import type { AreaRecord } from '../loaders/dimension.loaders';
import type { AreaLevel } from '../shared/enums';

/** Looks an area up by code; unknown codes are a NOT_FOUND error naming the code. */
export async function requireArea(ctx: Context, code: string): Promise<AreaRecord> {
  const area = await ctx.loaders.areaByCode.load(code);
  if (!area) throw new NotFoundError('area', code, 'Query `areas` lists the codes.');
  return area;
}

export async function listAreas(ctx: Context, level: AreaLevel | null | undefined, parent: string | null | undefined): Promise<AreaRecord[]> {
  if (parent) {
    const root = await requireArea(ctx, parent);
    return ctx.loaders.areaDescendants.load(`${root.id}|${level ?? ''}`);
  }
  return ctx.prisma.area.findMany({
    where: level ? { level } : {},
    select: { id: true, code: true, name: true, level: true, parentId: true },
    orderBy: [{ level: 'asc' }, { name: 'asc' }],
  });
}
