/**
 * The dimensions (areas and their closure, categories, peer groups, plans, objectives,
 * populations): a few thousand rows at national scale, read by nearly every request and
 * changed only by writes and imports. They are read in ONE statement into an in-memory
 * snapshot that the process keeps and shares between requests, keyed by the data version
 * (src/cache/data-version.ts): a request reads the version at its start, and uses the
 * snapshot when it was loaded at that version or later; otherwise it loads a new one. Every
 * write through the API and every import bumps the version, so a rename shows at once.
 *
 * Orders that SQL gave before (by name, by level) are taken from the database's own
 * ORDER BY (its collation), as ranks, so lists come out exactly as the SQL listed them.
 *
 * A code that is not in a snapshot is looked up in the database (one statement): when it
 * exists (a row written around the API, e.g. a direct importCsv in a test or a script without
 * the shared store), the snapshot is reloaded in the same request, so a new plan or area is
 * never reported as missing. Rows changed around the API without a version bump show once
 * the version next moves.
 */
import type { RawSql, StatementCounter } from '../db/database';
import type { AreaLevel, CategoryKind, Harm, Measure, Survey } from '../generated/prisma/enums';
import { FACT_KINDS, type DataHorizons } from '../period/horizon';

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
  subject?: string;
  target: number;
  harm: Harm;
}
/** The objective that applies to an area, category (or survey) and period, and where it was set. */
export interface ObjectiveMatch {
  objectiveId: number;
  planId: number;
  areaId: number;
  measure: Measure;
  target: number;
  harm: Harm;
}

const EMPTY: never[] = [];

/** Everything the snapshot statement returns, as compact JSON arrays. */
const SNAPSHOT_SQL = `SELECT json_build_object(
  'areas', (SELECT coalesce(json_agg(json_build_array(
              a.id, a.code, a.name, a.level::text, a.parent_id, a.name_rank, a.list_rank)), '[]')
            FROM (SELECT *, row_number() OVER (ORDER BY name, id) AS name_rank,
                    row_number() OVER (ORDER BY level, name, id) AS list_rank FROM area) a),
  'areaClosure', (SELECT coalesce(json_agg(json_build_array(ancestor_id, descendant_id, depth)
                    ORDER BY descendant_id, depth), '[]') FROM area_closure),
  'categories', (SELECT coalesce(json_agg(json_build_array(
                   k.id, k.code, k.name, k.kind::text, k.parent_id, k.sensitive, k.name_rank)), '[]')
                 FROM (SELECT *, row_number() OVER (ORDER BY name, id) AS name_rank FROM crime_category) k),
  'categoryClosure', (SELECT coalesce(json_agg(json_build_array(ancestor_id, descendant_id, depth)
                        ORDER BY descendant_id, depth), '[]') FROM category_closure),
  'peerGroups', (SELECT coalesce(json_agg(json_build_array(id, code, name) ORDER BY id), '[]') FROM peer_group),
  'peerMembers', (SELECT coalesce(json_agg(json_build_array(group_id, area_id)), '[]') FROM peer_group_member),
  'plans', (SELECT coalesce(json_agg(json_build_array(
              id, code, name, financial_year, start_month, end_month, plan_rank)), '[]')
            FROM (SELECT *, row_number() OVER (ORDER BY start_month DESC, code) AS plan_rank FROM plan) p),
  'objectives', (SELECT coalesce(json_agg(json_build_array(
                   id, plan_id, area_id, measure::text, category_id, survey::text, subject, target, harm::text)
                   ORDER BY id), '[]') FROM objective),
  'populations', (SELECT coalesce(json_agg(json_build_array(area_id, year, population) ORDER BY area_id, year), '[]')
                  FROM area_population),
  'horizons', json_build_array(
    (SELECT json_build_array(min(month), max(month)) FROM recorded_crime),
    (SELECT json_build_array(min(month), max(month)) FROM crime_outcome),
    (SELECT json_build_array(min(as_of), max(as_of)) FROM investigation),
    (SELECT json_build_array(min(month), max(month)) FROM satisfaction_response))
) AS snapshot`;

type Row = unknown[];
interface SnapshotJson {
  areas: Row[];
  areaClosure: Row[];
  categories: Row[];
  categoryClosure: Row[];
  peerGroups: Row[];
  peerMembers: Row[];
  plans: Row[];
  objectives: Row[];
  populations: Row[];
  /** First and last month of each kind of fact, in FACT_KINDS order; [null, null] when there is none. */
  horizons?: [number | null, number | null][];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An immutable view of the dimensions at one moment; every lookup is a Map access. */
/** Answers of categoryTargets kept per snapshot (each a few hundred bytes). */
const TARGET_MEMO_LIMIT = 50_000;

/** The longest list of each kind in a snapshot. */
export interface LargestLists {
  areaChildren: number;
  areaAncestors: number;
  categoryChildren: number;
  categoryAncestors: number;
  peerGroupMembers: number;
  peerGroupsOfArea: number;
  populationsOfArea: number;
  planObjectives: number;
  categories: number;
  plans: number;
}

export class DimensionSnapshot {
  readonly areaById = new Map<number, AreaRecord>();
  readonly areaByCode = new Map<string, AreaRecord>();
  private readonly areaNameRank = new Map<number, number>();
  private readonly areaListRank = new Map<number, number>();
  private readonly childrenOfArea = new Map<number, AreaRecord[]>();
  /** Ancestors nearest first, the area itself excluded. */
  private readonly ancestorsOfArea = new Map<number, AreaRecord[]>();
  /** Area ids at or above an area, nearest (the area itself) first. */
  private readonly selfAndAncestorIds = new Map<number, number[]>();
  /** Descendants (area itself excluded) with their depth. */
  private readonly descendantsOfArea = new Map<number, { area: AreaRecord; depth: number }[]>();
  private readonly descendantCache = new Map<string, AreaRecord[]>();
  private readonly targetMemo = new Map<string, ObjectiveMatch[]>();
  private readonly areasAtLevel = new Map<string, AreaRecord[]>();
  private allAreasList: AreaRecord[] = [];

  readonly categoryById = new Map<number, CategoryRecord>();
  readonly categoryByCode = new Map<string, CategoryRecord>();
  private readonly childrenOfCategory = new Map<number, CategoryRecord[]>();
  private readonly ancestorsOfCategory = new Map<number, CategoryRecord[]>();
  /** Every category, roots first (by depth in the tree), then by name. */
  readonly categoryList: CategoryRecord[] = [];

  readonly peerGroupById = new Map<number, PeerGroupRecord>();
  readonly peerGroupByCode = new Map<string, PeerGroupRecord>();
  private readonly groupsOfArea = new Map<number, PeerGroupRecord[]>();
  private readonly membersOfGroup = new Map<number, AreaRecord[]>();

  readonly planById = new Map<number, PlanRecord>();
  readonly planByCode = new Map<string, PlanRecord>();
  /** Plans by start month descending, then code. */
  readonly planList: PlanRecord[] = [];
  readonly objectiveById = new Map<number, ObjectiveRecord>();
  private readonly objectivesOfPlanMap = new Map<number, ObjectiveRecord[]>();
  /** Objectives of an (area, category) or (area, survey): key `area|c|category` or `area|s|survey`. */
  private readonly objectivesBySubject = new Map<string, ObjectiveRecord[]>();

  private readonly populationsOfArea = new Map<number, { year: number; population: number }[]>();
  private readonly populationOf = new Map<number, Map<number, number>>();
  private readonly populationCache = new Map<string, number | null>();

  /**
   * The months the store holds facts for, per kind of fact (src/period/horizon.ts): kept here
   * because every write and import moves the data version, and with it the snapshot.
   */
  readonly horizons: DataHorizons;

  constructor(json: SnapshotJson) {
    this.horizons = Object.fromEntries(
      FACT_KINDS.map((kind, i) => {
        const [first, last] = json.horizons?.[i] ?? [null, null];
        return [kind, first === null || last === null ? null : { first: Number(first), last: Number(last) }];
      }),
    ) as unknown as DataHorizons;
    for (const [id, code, name, level, parentId, nameRank, listRank] of json.areas as [
      number,
      string,
      string,
      AreaLevel,
      number | null,
      number,
      number,
    ][]) {
      const area: AreaRecord = { id, code, name, level, parentId };
      this.areaById.set(id, area);
      this.areaByCode.set(code, area);
      this.areaNameRank.set(id, nameRank);
      this.areaListRank.set(id, listRank);
    }
    const byName = (a: AreaRecord, b: AreaRecord) => this.areaNameRank.get(a.id)! - this.areaNameRank.get(b.id)!;
    const areasByName = [...this.areaById.values()].sort(byName);
    for (const area of areasByName) if (area.parentId !== null) push(this.childrenOfArea, area.parentId, area);
    this.allAreasList = [...this.areaById.values()].sort(
      (a, b) => this.areaListRank.get(a.id)! - this.areaListRank.get(b.id)!,
    );
    for (const area of this.allAreasList) push(this.areasAtLevel, area.level, area);

    // Closure rows come ordered by descendant, then depth (0 = the area itself).
    for (const [ancestorId, descendantId, depth] of json.areaClosure as [number, number, number][]) {
      const ancestor = this.areaById.get(ancestorId);
      const descendant = this.areaById.get(descendantId);
      if (!ancestor || !descendant) continue;
      push(this.selfAndAncestorIds, descendantId, ancestorId);
      if (depth > 0) {
        push(this.ancestorsOfArea, descendantId, ancestor);
        push(this.descendantsOfArea, ancestorId, { area: descendant, depth });
      }
    }
    for (const list of this.descendantsOfArea.values())
      list.sort((a, b) => a.depth - b.depth || byName(a.area, b.area));

    const categoryNameRank = new Map<number, number>();
    const marked = new Set<number>();
    for (const [id, code, name, kind, parentId, sensitive, nameRank] of json.categories as [
      number,
      string,
      string,
      CategoryKind,
      number | null,
      boolean,
      number,
    ][]) {
      const category: CategoryRecord = { id, code, name, kind, parentId, sensitive: false };
      this.categoryById.set(id, category);
      this.categoryByCode.set(code, category);
      categoryNameRank.set(id, nameRank);
      if (sensitive) marked.add(id);
    }
    const categoryDepth = new Map<number, number>();
    for (const [ancestorId, descendantId, depth] of json.categoryClosure as [number, number, number][]) {
      const ancestor = this.categoryById.get(ancestorId);
      const descendant = this.categoryById.get(descendantId);
      if (!ancestor || !descendant) continue;
      // Sensitive: marked itself, or below a marked category (the closure holds the self pair).
      if (marked.has(ancestorId)) descendant.sensitive = true;
      categoryDepth.set(descendantId, Math.max(categoryDepth.get(descendantId) ?? 0, depth));
      if (depth > 0) push(this.ancestorsOfCategory, descendantId, ancestor);
    }
    const categoriesByName = [...this.categoryById.values()].sort(
      (a, b) => categoryNameRank.get(a.id)! - categoryNameRank.get(b.id)!,
    );
    for (const c of categoriesByName) if (c.parentId !== null) push(this.childrenOfCategory, c.parentId, c);
    this.categoryList = categoriesByName
      .map((c, i) => ({ c, i, depth: categoryDepth.get(c.id) ?? 0 }))
      .sort((a, b) => a.depth - b.depth || a.i - b.i)
      .map((x) => x.c);

    for (const [id, code, name] of json.peerGroups as [number, string, string][]) {
      const group = { id, code, name };
      this.peerGroupById.set(id, group);
      this.peerGroupByCode.set(code, group);
    }
    const memberRows = (json.peerMembers as [number, number][]).filter(
      ([g, a]) => this.peerGroupById.has(g) && this.areaById.has(a),
    );
    for (const [groupId, areaId] of [...memberRows].sort((x, y) => x[1] - y[1] || x[0] - y[0]))
      push(this.groupsOfArea, areaId, this.peerGroupById.get(groupId)!);
    for (const [groupId, areaId] of [...memberRows].sort(
      (x, y) => this.areaNameRank.get(x[1])! - this.areaNameRank.get(y[1])!,
    )) {
      push(this.membersOfGroup, groupId, this.areaById.get(areaId)!);
    }

    const planRank = new Map<number, number>();
    for (const [id, code, name, financialYear, startMonth, endMonth, rank] of json.plans as [
      number,
      string,
      string,
      string,
      number,
      number,
      number,
    ][]) {
      const plan = { id, code, name, financialYear, startMonth, endMonth };
      this.planById.set(id, plan);
      this.planByCode.set(code, plan);
      planRank.set(id, rank);
    }
    this.planList = [...this.planById.values()].sort((a, b) => planRank.get(a.id)! - planRank.get(b.id)!);
    for (const [id, planId, areaId, measure, categoryId, survey, subject, target, harm] of json.objectives as [
      number,
      number,
      number,
      Measure,
      number | null,
      Survey | null,
      string,
      number,
      Harm,
    ][]) {
      const objective: ObjectiveRecord = { id, planId, areaId, measure, categoryId, survey, subject, target, harm };
      this.objectiveById.set(id, objective);
      push(this.objectivesOfPlanMap, planId, objective);
      if (categoryId !== null) push(this.objectivesBySubject, `${areaId}|c|${categoryId}`, objective);
      if (survey !== null) push(this.objectivesBySubject, `${areaId}|s|${survey}`, objective);
    }

    for (const [areaId, year, population] of json.populations as [number, number, number][]) {
      push(this.populationsOfArea, areaId, { year, population });
      let years = this.populationOf.get(areaId);
      if (!years) this.populationOf.set(areaId, (years = new Map<number, number>()));
      years.set(year, population);
    }
  }

  children(areaId: number): AreaRecord[] {
    return this.childrenOfArea.get(areaId) ?? EMPTY;
  }
  ancestors(areaId: number): AreaRecord[] {
    return this.ancestorsOfArea.get(areaId) ?? EMPTY;
  }
  /** Descendants at a level ('' for all), nearest level first, then by name. */
  descendants(areaId: number, level: string): AreaRecord[] {
    const key = `${areaId}|${level}`;
    let list = this.descendantCache.get(key);
    if (!list) {
      list = (this.descendantsOfArea.get(areaId) ?? EMPTY)
        .filter((d) => level === '' || d.area.level === level)
        .map((d) => d.area);
      this.descendantCache.set(key, list);
    }
    return list;
  }
  /** Every area (at a level, when given), by level, then name. */
  areas(level: string | null): AreaRecord[] {
    return level ? (this.areasAtLevel.get(level) ?? EMPTY) : this.allAreasList;
  }
  peerGroupsOf(areaId: number): PeerGroupRecord[] {
    return this.groupsOfArea.get(areaId) ?? EMPTY;
  }
  peerGroupMembers(groupId: number): AreaRecord[] {
    return this.membersOfGroup.get(groupId) ?? EMPTY;
  }
  categoryChildren(categoryId: number): CategoryRecord[] {
    return this.childrenOfCategory.get(categoryId) ?? EMPTY;
  }
  categoryAncestors(categoryId: number): CategoryRecord[] {
    return this.ancestorsOfCategory.get(categoryId) ?? EMPTY;
  }

  private largestLists?: LargestLists;
  /**
   * The longest list of each kind in this snapshot (an area's children, a peer group's members...):
   * upper bounds a request's cost is worked out with before it runs (src/limits/limits.plugin.ts).
   */
  largest(): LargestLists {
    if (!this.largestLists) {
      const longest = (lists: Iterable<readonly unknown[]>) => Math.max(0, ...[...lists].map((l) => l.length));
      const objectives = longest(this.objectivesOfPlanMap.values());
      this.largestLists = {
        areaChildren: longest(this.childrenOfArea.values()),
        areaAncestors: longest(this.ancestorsOfArea.values()),
        categoryChildren: longest(this.childrenOfCategory.values()),
        categoryAncestors: longest(this.ancestorsOfCategory.values()),
        peerGroupMembers: longest(this.membersOfGroup.values()),
        peerGroupsOfArea: longest(this.groupsOfArea.values()),
        populationsOfArea: longest(this.populationsOfArea.values()),
        planObjectives: objectives,
        categories: this.categoryList.length,
        plans: this.planList.length,
      };
    }
    return this.largestLists;
  }
  objectivesOfPlan(planId: number): ObjectiveRecord[] {
    return this.objectivesOfPlanMap.get(planId) ?? EMPTY;
  }
  populations(areaId: number): { year: number; population: number }[] {
    return this.populationsOfArea.get(areaId) ?? EMPTY;
  }

  /**
   * Population of an area for a year: its own figure, or else the sum over the highest
   * descendants that have one (so a BCU without a figure is the sum of its LPUs, and a level
   * that has figures is never added to the levels below it); null when none has one.
   */
  population(areaId: number, year: number): number | null {
    const key = `${areaId}|${year}`;
    if (this.populationCache.has(key)) return this.populationCache.get(key)!;
    let result: number | null = this.populationOf.get(areaId)?.get(year) ?? null;
    if (result === null && this.areaById.has(areaId)) {
      // A descendant counts when no area between it and this one (this one included) has a figure.
      const within = new Set([areaId, ...(this.descendantsOfArea.get(areaId) ?? EMPTY).map((d) => d.area.id)]);
      for (const { area } of this.descendantsOfArea.get(areaId) ?? EMPTY) {
        const own = this.populationOf.get(area.id)?.get(year);
        if (own === undefined) continue;
        const covered = (this.selfAndAncestorIds.get(area.id) ?? EMPTY).some(
          (up) => up !== area.id && within.has(up) && this.populationOf.get(up)?.has(year),
        );
        if (!covered) result = (result ?? 0) + own;
      }
    }
    this.populationCache.set(key, result);
    return result;
  }

  /**
   * For each measure, the objective set for the nearest area at or above `areaId` for the
   * category, in a plan whose financial year holds the months from..to (the latest such plan,
   * then the lowest id, when several do).
   */
  categoryTargets(areaId: number, categoryId: number, from: number, to: number): ObjectiveMatch[] {
    // The snapshot never changes, so the answer is kept: a league table asks it for every row on
    // every request. Bounded: past the limit the memo starts again.
    const key = `${areaId}|${categoryId}|${from}|${to}`;
    const known = this.targetMemo.get(key);
    if (known) return known;
    if (this.targetMemo.size >= TARGET_MEMO_LIMIT) this.targetMemo.clear();
    const found = this.findCategoryTargets(areaId, categoryId, from, to);
    this.targetMemo.set(key, found);
    return found;
  }

  private findCategoryTargets(areaId: number, categoryId: number, from: number, to: number): ObjectiveMatch[] {
    const best = new Map<Measure, { o: ObjectiveRecord; depth: number; start: number }>();
    const ids = this.selfAndAncestorIds.get(areaId) ?? EMPTY;
    for (let depth = 0; depth < ids.length; depth++) {
      const candidates = this.objectivesBySubject.get(`${ids[depth]}|c|${categoryId}`);
      if (!candidates) continue;
      for (const o of candidates) {
        const plan = this.planById.get(o.planId);
        if (!plan || from < plan.startMonth || to > plan.endMonth) continue;
        const current = best.get(o.measure);
        if (!current || better(depth, plan.startMonth, o.id, current))
          best.set(o.measure, { o, depth, start: plan.startMonth });
      }
    }
    return [...best.values()].map(({ o }) => match(o));
  }

  /** The satisfaction objective of a survey that applies to an area at a month, cascaded like the category targets. */
  surveyTarget(areaId: number, survey: string, asOf: number): ObjectiveMatch | null {
    let chosen: { o: ObjectiveRecord; depth: number; start: number } | null = null;
    const ids = this.selfAndAncestorIds.get(areaId) ?? EMPTY;
    for (let depth = 0; depth < ids.length; depth++) {
      for (const o of this.objectivesBySubject.get(`${ids[depth]}|s|${survey}`) ?? EMPTY) {
        if (o.measure !== 'SATISFACTION') continue;
        const plan = this.planById.get(o.planId);
        if (!plan || asOf < plan.startMonth || asOf > plan.endMonth) continue;
        if (!chosen || better(depth, plan.startMonth, o.id, chosen)) chosen = { o, depth, start: plan.startMonth };
      }
    }
    return chosen ? match(chosen.o) : null;
  }
}

function better(
  depth: number,
  start: number,
  id: number,
  current: { o: ObjectiveRecord; depth: number; start: number },
): boolean {
  if (depth !== current.depth) return depth < current.depth;
  if (start !== current.start) return start > current.start;
  return id < current.o.id;
}

function match(o: ObjectiveRecord): ObjectiveMatch {
  return { objectiveId: o.id, planId: o.planId, areaId: o.areaId, measure: o.measure, target: o.target, harm: o.harm };
}

/** Reads a snapshot: one statement. */
export async function readSnapshot(sql: RawSql, counter: StatementCounter | null): Promise<DimensionSnapshot> {
  const [[value]] = await sql.query(counter, SNAPSHOT_SQL);
  return new DimensionSnapshot((typeof value === 'string' ? JSON.parse(value) : value) as SnapshotJson);
}

/** Whether a code exists in the database (one statement): used when a snapshot does not know it. */
const EXISTS_SQL: Record<'area' | 'category' | 'plan' | 'peerGroup', string> = {
  area: 'SELECT 1 FROM area WHERE code = $1',
  category: 'SELECT 1 FROM crime_category WHERE code = $1',
  plan: 'SELECT 1 FROM plan WHERE code = $1',
  peerGroup: 'SELECT 1 FROM peer_group WHERE code = $1',
};
export async function codeExists(
  sql: RawSql,
  counter: StatementCounter | null,
  kind: keyof typeof EXISTS_SQL,
  code: string,
): Promise<boolean> {
  return (await sql.query(counter, EXISTS_SQL[kind], [code])).length > 0;
}

/**
 * The process-wide snapshot of one database, with the data version it was loaded at. Loads
 * are shared: requests that miss together wait for the same statement.
 */
export class DimensionCache {
  private current: { version: number; snapshot: DimensionSnapshot } | null = null;
  private loading: { version: number; promise: Promise<DimensionSnapshot> } | null = null;

  constructor(private readonly sql: RawSql) {}

  /** A snapshot loaded at `version` or later. */
  get(version: number, counter: StatementCounter | null): DimensionSnapshot | Promise<DimensionSnapshot> {
    if (this.current && this.current.version >= version) return this.current.snapshot;
    if (this.loading && this.loading.version >= version) return this.loading.promise;
    return this.reload(version, counter);
  }

  /** Loads a new snapshot and keeps it under `version` (unless a newer one has arrived meanwhile). */
  reload(version: number, counter: StatementCounter | null): Promise<DimensionSnapshot> {
    const promise = readSnapshot(this.sql, counter).then(
      (snapshot) => {
        if (!this.current || this.current.version <= version) this.current = { version, snapshot };
        if (this.loading?.promise === promise) this.loading = null;
        return snapshot;
      },
      (err) => {
        if (this.loading?.promise === promise) this.loading = null;
        throw err;
      },
    );
    this.loading = { version, promise };
    return promise;
  }

  /** Drops the snapshot (the database changed around the API). */
  invalidate(): void {
    this.current = null;
    this.loading = null;
  }
}

/**
 * The cache of a database as seen through one source of data versions (a server's shared
 * store): versions of different sources are different counters, so each has its own snapshot.
 */
const caches = new WeakMap<RawSql, WeakMap<object, DimensionCache>>();
const DEFAULT_SOURCE = {};
export function dimensionCache(sql: RawSql, versionSource: object = DEFAULT_SOURCE): DimensionCache {
  let bySource = caches.get(sql);
  if (!bySource) caches.set(sql, (bySource = new WeakMap()));
  let cache = bySource.get(versionSource);
  if (!cache) bySource.set(versionSource, (cache = new DimensionCache(sql)));
  return cache;
}
