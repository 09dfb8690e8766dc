/**
 * A request's view of the dimensions (areas, categories, peer groups, plans, objectives,
 * populations), served from the process's snapshot (src/loaders/dimensions.ts): no SQL at all
 * while the data version has not moved, one statement when it has (or on the first request).
 * The loaders keep the `load(key)` interface the resolvers use, so a document costs the same
 * whichever way a dimension is reached.
 */
import { rawSql, type RawSql, type StatementCounter } from '../db/database';
import type { PrismaClient } from '../generated/prisma/client';
import { BatchScheduler } from './batched';
import {
  codeExists,
  dimensionCache,
  readSnapshot,
  type AreaRecord,
  type CategoryRecord,
  type DimensionSnapshot,
  type ObjectiveRecord,
  type PeerGroupRecord,
  type PlanRecord,
} from './dimensions';

export type {
  AreaRecord,
  CategoryRecord,
  ObjectiveMatch,
  ObjectiveRecord,
  PeerGroupRecord,
  PlanRecord,
} from './dimensions';

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

/**
 * Columns of a CategoryRecord from `crime_category k`, with its sensitivity: marked itself or
 * below a marked category (category_closure holds the self pair too).
 */
export const CATEGORY_COLUMNS = `k.id, k.code, k.name, k.kind::text AS kind, k.parent_id AS "parentId",
  (k.sensitive OR EXISTS (SELECT 1 FROM category_closure s JOIN crime_category m ON m.id = s.ancestor_id
                          WHERE s.descendant_id = k.id AND m.sensitive)) AS sensitive`;

/** A lookup with DataLoader's `load` interface. */
export interface Lookup<K, V> {
  load(key: K): Promise<V>;
}

export interface DimensionLoaderOptions {
  /** The request's statement counter: the snapshot's statement, when this request loads it, is counted here. */
  counter?: StatementCounter | null;
  /**
   * The data version the request read at its start: the process's snapshot is used when it is
   * at least that new. Without one (after a write in this request, or outside the HTTP server),
   * the request reads a snapshot of its own.
   */
  dataVersion?: number;
  /** Where that version comes from (the server's DataVersion): snapshots are kept per source. */
  versionSource?: object;
}

export function createDimensionLoaders(
  prisma: PrismaClient,
  scheduler: BatchScheduler = new BatchScheduler(),
  options: DimensionLoaderOptions = {},
) {
  const sql: RawSql = rawSql(prisma);
  const counter = options.counter ?? null;
  let current: DimensionSnapshot | Promise<DimensionSnapshot> | null = null;

  /** The request's snapshot; while it loads, the scheduler holds the figures' batches back (one wave). */
  function snapshot(): DimensionSnapshot | Promise<DimensionSnapshot> {
    if (current) return current;
    const got =
      options.dataVersion === undefined
        ? readSnapshot(sql, counter)
        : dimensionCache(sql, options.versionSource).get(options.dataVersion, counter);
    if (got instanceof Promise) {
      const pending = scheduler.hold(got).then((s) => (current = s));
      current = pending;
      return pending;
    }
    return (current = got);
  }

  /** A lookup answered from the snapshot: synchronous work, one resolved promise. */
  function from<K, V>(get: (s: DimensionSnapshot, key: K) => V): Lookup<K, V> {
    return {
      load(key: K): Promise<V> {
        const s = snapshot();
        if (s instanceof Promise) return s.then((loaded) => get(loaded, key));
        // The executor runs now: a throw in get becomes the promise's rejection.
        return new Promise<V>((resolve) => resolve(get(s, key)));
      },
    };
  }

  /**
   * A lookup by code: a code the snapshot does not hold is checked in the database (one
   * statement); when it exists there, the snapshot is behind (a write around the API) and
   * this request reloads it, and the process's copy with it.
   */
  function byCode<V>(
    kind: 'area' | 'category' | 'plan' | 'peerGroup',
    get: (s: DimensionSnapshot, code: string) => V | undefined,
  ): Lookup<string, V | null> {
    const lookup = from<string, V | undefined>(get);
    return {
      async load(code: string): Promise<V | null> {
        const found = await lookup.load(code);
        if (found !== undefined) return found;
        if (!(await scheduler.hold(codeExists(sql, counter, kind, code)))) return null;
        const cache = dimensionCache(sql, options.versionSource);
        const fresh = await scheduler.hold(
          options.dataVersion === undefined ? readSnapshot(sql, counter) : cache.reload(options.dataVersion, counter),
        );
        current = fresh;
        return get(fresh, code) ?? null;
      },
    };
  }

  return {
    /** The snapshot itself, for services that read many dimensions at once. */
    snapshot,
    /** The snapshot when this request already holds it (no waiting), else undefined. */
    snapshotNow: (): DimensionSnapshot | undefined => (current && !(current instanceof Promise) ? current : undefined),
    objectiveById: from<number, ObjectiveRecord | null>((s, id) => s.objectiveById.get(id) ?? null),
    areaById: from<number, AreaRecord | null>((s, id) => s.areaById.get(id) ?? null),
    areaByCode: byCode<AreaRecord>('area', (s, code) => s.areaByCode.get(code)),
    areaChildren: from<number, AreaRecord[]>((s, id) => s.children(id)),
    /** Ancestors nearest first, the area itself excluded. */
    areaAncestors: from<number, AreaRecord[]>((s, id) => s.ancestors(id)),
    /** Descendants of an area at a level (or all, when level is empty); key `id|level`. */
    areaDescendants: from<string, AreaRecord[]>((s, key) => {
      const bar = key.indexOf('|');
      return s.descendants(Number(key.slice(0, bar)), key.slice(bar + 1));
    }),
    /** Every area at a level (every area when null), by level, then name. */
    areasAtLevel: from<string | null, AreaRecord[]>((s, level) => s.areas(level)),
    /** Population of an area for a year (see DimensionSnapshot.population); key `id|year`. */
    population: from<string, number | null>((s, key) => {
      const bar = key.indexOf('|');
      return s.population(Number(key.slice(0, bar)), Number(key.slice(bar + 1)));
    }),
    populations: from<number, { year: number; population: number }[]>((s, id) => s.populations(id)),
    peerGroupsOfArea: from<number, PeerGroupRecord[]>((s, id) => s.peerGroupsOf(id)),
    peerGroupByCode: byCode<PeerGroupRecord>('peerGroup', (s, code) => s.peerGroupByCode.get(code)),
    peerGroupMembers: from<number, AreaRecord[]>((s, id) => s.peerGroupMembers(id)),
    categoryById: from<number, CategoryRecord | null>((s, id) => s.categoryById.get(id) ?? null),
    categoryByCode: byCode<CategoryRecord>('category', (s, code) => s.categoryByCode.get(code)),
    categoryChildren: from<number, CategoryRecord[]>((s, id) => s.categoryChildren(id)),
    categoryAncestors: from<number, CategoryRecord[]>((s, id) => s.categoryAncestors(id)),
    /** Every category, roots first, then by name. */
    categories: from<void, CategoryRecord[]>((s) => s.categoryList),
    planByCode: byCode<PlanRecord>('plan', (s, code) => s.planByCode.get(code)),
    planById: from<number, PlanRecord | null>((s, id) => s.planById.get(id) ?? null),
    /** Every plan, latest financial year first, then by code. */
    plans: from<void, PlanRecord[]>((s) => s.planList),
    objectivesOfPlan: from<number, ObjectiveRecord[]>((s, id) => s.objectivesOfPlan(id)),
  };
}

export type DimensionLoaders = ReturnType<typeof createDimensionLoaders>;
