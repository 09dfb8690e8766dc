/**
 * Per-request DataLoaders for the dimensions (areas, categories, peer groups, plans).
 * Each batch is one SQL statement, whatever the number of keys, so a query's statement
 * count depends on its shape, not on how many areas or objectives it touches.
 */
import type DataLoader from 'dataloader';
import { BatchScheduler, batched } from './batched';
import type { PrismaClient } from '../generated/prisma/client';
import type { AreaLevel, CategoryKind, Harm, Measure, Survey } from '../generated/prisma/enums';

export interface AreaRecord {
  id: number;
  code: string;
  name: string;
  level: AreaLevel;
  parentId: number | null;
}
export interface CategoryRecord {
  id: number;
  code: string;
  name: string;
  kind: CategoryKind;
  parentId: number | null;
  /**
   * Whether small counts of the category are withheld (src/auth/disclosure.ts): it or a category
   * above it is marked sensitive. Set by every category loader; absent on records built elsewhere,
   * and then looked up before any figure is shown.
   */
  sensitive?: boolean;
}
export interface PeerGroupRecord {
  id: number;
  code: string;
  name: string;
}
export interface PlanRecord {
  id: number;
  code: string;
  name: string;
  financialYear: string;
  startMonth: number;
  endMonth: number;
}
export interface ObjectiveRecord {
  id: number;
  planId: number;
  areaId: number;
  measure: Measure;
  categoryId: number | null;
  survey: Survey | null;
  target: number;
  harm: Harm;
}

/** Groups rows by a key, in the order of the keys asked for (DataLoader's contract). */
export function groupBy<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const groups = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = groups.get(k);
    if (list) list.push(row);
    else groups.set(k, [row]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}

function byKey<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): (R | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

const AREA_SELECT = { id: true, code: true, name: true, level: true, parentId: true } as const;
/**
 * Columns of a CategoryRecord from `crime_category k`, with its sensitivity: marked itself or
 * below a marked category (category_closure holds the self pair too).
 */
export const CATEGORY_COLUMNS = `k.id, k.code, k.name, k.kind::text AS kind, k.parent_id AS "parentId",
  (k.sensitive OR EXISTS (SELECT 1 FROM category_closure s JOIN crime_category m ON m.id = s.ancestor_id
                          WHERE s.descendant_id = k.id AND m.sensitive)) AS sensitive`;

export function createDimensionLoaders(prisma: PrismaClient, scheduler: BatchScheduler = new BatchScheduler()) {
  const load = <K, V>(batch: DataLoader.BatchLoadFn<K, V>) => batched(batch, scheduler);
  const areaById = load<number, AreaRecord | null>(async (ids) =>
    byKey(ids, await prisma.area.findMany({ where: { id: { in: [...ids] } }, select: AREA_SELECT }), (a) => a.id),
  );
  const areaByCode = load<string, AreaRecord | null>(async (codes) => {
    const rows = await prisma.area.findMany({ where: { code: { in: [...codes] } }, select: AREA_SELECT });
    rows.forEach((a) => areaById.prime(a.id, a));
    return byKey(codes, rows, (a) => a.code);
  });
  const areaChildren = load<number, AreaRecord[]>(async (ids) => {
    const rows = await prisma.area.findMany({ where: { parentId: { in: [...ids] } }, select: AREA_SELECT, orderBy: { name: 'asc' } });
    rows.forEach((a) => areaById.prime(a.id, a));
    return groupBy(ids, rows, (a) => a.parentId!);
  });
  /** Ancestors nearest first, the area itself excluded. */
  const areaAncestors = load<number, AreaRecord[]>(async (ids) => {
    const rows = await prisma.$queryRawUnsafe<(AreaRecord & { of: number })[]>(
      `SELECT c.descendant_id AS "of", a.id, a.code, a.name, a.level::text AS level, a.parent_id AS "parentId"
       FROM area_closure c JOIN area a ON a.id = c.ancestor_id
       WHERE c.descendant_id = ANY($1::int[]) AND c.depth > 0 ORDER BY c.descendant_id, c.depth`,
      [...ids],
    );
    return groupBy(ids, rows, (r) => r.of);
  });
  /** Descendants of an area at a level (or all, when level is null); key `id|level`. */
  const areaDescendants = load<string, AreaRecord[]>(async (keys) => {
    const parsed = keys.map((k) => k.split('|'));
    const rows = await prisma.$queryRawUnsafe<(AreaRecord & { of: number; lvl: string })[]>(
      `SELECT k.area_id AS "of", k.lvl, a.id, a.code, a.name, a.level::text AS level, a.parent_id AS "parentId"
       FROM unnest($1::int[], $2::text[]) AS k(area_id, lvl)
       JOIN area_closure c ON c.ancestor_id = k.area_id AND c.depth > 0
       JOIN area a ON a.id = c.descendant_id AND (k.lvl = '' OR a.level::text = k.lvl)
       ORDER BY c.depth, a.name`,
      parsed.map((p) => Number(p[0])),
      parsed.map((p) => p[1]),
    );
    return groupBy(keys, rows, (r) => `${r.of}|${r.lvl}`);
  });
  /**
   * Population of an area for a year: its own figure, or else the sum over the highest
   * descendants that have one (so a BCU without a figure is the sum of its LPUs, and a
   * level that has figures is never added to the levels below it). Key `id|year`.
   */
  const population = load<string, number | null>(async (keys) => {
    const parsed = keys.map((k) => k.split('|').map(Number));
    const rows = await prisma.$queryRawUnsafe<{ area_id: number; year: number; population: number | null }[]>(
      `SELECT k.area_id, k.year, (
         SELECT sum(p.population)::int FROM area_closure c
         JOIN area_population p ON p.area_id = c.descendant_id AND p.year = k.year
         WHERE c.ancestor_id = k.area_id AND NOT EXISTS (
           SELECT 1 FROM area_closure up
           JOIN area_closure within ON within.descendant_id = up.ancestor_id AND within.ancestor_id = k.area_id
           JOIN area_population pp ON pp.area_id = up.ancestor_id AND pp.year = k.year
           WHERE up.descendant_id = c.descendant_id AND up.depth > 0)
       ) AS population
       FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS k(area_id, year, idx) ORDER BY k.idx`,
      parsed.map((p) => p[0]),
      parsed.map((p) => p[1]),
    );
    return keys.map((_, i) => rows[i]?.population ?? null);
  });
  const populations = load<number, { year: number; population: number }[]>(async (ids) =>
    groupBy(
      ids,
      await prisma.areaPopulation.findMany({ where: { areaId: { in: [...ids] } }, orderBy: { year: 'asc' } }),
      (p) => p.areaId,
    ),
  );

  /** One statement (the ORM's include took two: members, then their groups). */
  const peerGroupsOfArea = load<number, PeerGroupRecord[]>(async (ids) => {
    const rows = await prisma.$queryRawUnsafe<(PeerGroupRecord & { area_id: number })[]>(
      `SELECT m.area_id, g.id, g.code, g.name FROM peer_group_member m JOIN peer_group g ON g.id = m.group_id
       WHERE m.area_id = ANY($1::int[]) ORDER BY m.area_id, g.id`,
      [...ids],
    );
    return groupBy(ids, rows, (r) => r.area_id).map((list) => list.map(({ id, code, name }) => ({ id, code, name })));
  });
  const peerGroupByCode = load<string, PeerGroupRecord | null>(async (codes) =>
    byKey(codes, await prisma.peerGroup.findMany({ where: { code: { in: [...codes] } } }), (g) => g.code),
  );
  const peerGroupMembers = load<number, AreaRecord[]>(async (ids) => {
    const rows = await prisma.$queryRawUnsafe<(AreaRecord & { group_id: number })[]>(
      `SELECT m.group_id, a.id, a.code, a.name, a.level::text AS level, a.parent_id AS "parentId"
       FROM peer_group_member m JOIN area a ON a.id = m.area_id WHERE m.group_id = ANY($1::int[]) ORDER BY a.name`,
      [...ids],
    );
    return groupBy(ids, rows, (r) => r.group_id);
  });

  const categoryById = load<number, CategoryRecord | null>(async (ids) =>
    byKey(ids, await prisma.$queryRawUnsafe<CategoryRecord[]>(`SELECT ${CATEGORY_COLUMNS} FROM crime_category k WHERE k.id = ANY($1::int[])`, [...ids]), (c) => c.id),
  );
  const categoryByCode = load<string, CategoryRecord | null>(async (codes) => {
    const rows = await prisma.$queryRawUnsafe<CategoryRecord[]>(`SELECT ${CATEGORY_COLUMNS} FROM crime_category k WHERE k.code = ANY($1::text[])`, [...codes]);
    rows.forEach((c) => categoryById.prime(c.id, c));
    return byKey(codes, rows, (c) => c.code);
  });
  const categoryChildren = load<number, CategoryRecord[]>(async (ids) => {
    const rows = await prisma.$queryRawUnsafe<CategoryRecord[]>(
      `SELECT ${CATEGORY_COLUMNS} FROM crime_category k WHERE k.parent_id = ANY($1::int[]) ORDER BY k.name`,
      [...ids],
    );
    rows.forEach((c) => categoryById.prime(c.id, c));
    return groupBy(ids, rows, (c) => c.parentId!);
  });
  const categoryAncestors = load<number, CategoryRecord[]>(async (ids) => {
    const rows = await prisma.$queryRawUnsafe<(CategoryRecord & { of: number })[]>(
      `SELECT c.descendant_id AS "of", ${CATEGORY_COLUMNS}
       FROM category_closure c JOIN crime_category k ON k.id = c.ancestor_id
       WHERE c.descendant_id = ANY($1::int[]) AND c.depth > 0 ORDER BY c.descendant_id, c.depth`,
      [...ids],
    );
    return groupBy(ids, rows, (r) => r.of);
  });

  const planByCode = load<string, PlanRecord | null>(async (codes) =>
    byKey(codes, await prisma.plan.findMany({ where: { code: { in: [...codes] } } }), (p) => p.code),
  );
  const planById = load<number, PlanRecord | null>(async (ids) =>
    byKey(ids, await prisma.plan.findMany({ where: { id: { in: [...ids] } } }), (p) => p.id),
  );
  const objectivesOfPlan = load<number, ObjectiveRecord[]>(async (ids) =>
    groupBy(ids, await prisma.objective.findMany({ where: { planId: { in: [...ids] } }, orderBy: { id: 'asc' } }), (o) => o.planId),
  );

  const objectiveById = load<number, ObjectiveRecord | null>(async (ids) =>
    byKey(ids, await prisma.objective.findMany({ where: { id: { in: [...ids] } } }), (o) => o.id),
  );

  return {
    objectiveById,
    areaById,
    areaByCode,
    areaChildren,
    areaAncestors,
    areaDescendants,
    population,
    populations,
    peerGroupsOfArea,
    peerGroupByCode,
    peerGroupMembers,
    categoryById,
    categoryByCode,
    categoryChildren,
    categoryAncestors,
    planByCode,
    planById,
    objectivesOfPlan,
  };
}

export type DimensionLoaders = ReturnType<typeof createDimensionLoaders>;
