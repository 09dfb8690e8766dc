/**
 * areas.csv: the geography tree and its populations. A row defines an area (code, name,
 * level, parent) and may bring its population for one year; an area may appear on several
 * rows, one per year, described the same way on each. A change to the tree rebuilds the area
 * closure and every rollup.
 */
import { AREA_LEVELS } from '../kinds';
import { rebuildAllRollups, rebuildClosure } from '../rollups';
import { type KindHandler, upsertRows } from './kind';
import { checkTree } from './tree';

interface AreaRow {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  population: number | null;
  year: number | null;
}

export const areas: KindHandler<AreaRow> = {
  key: (r) => `${r.code}|${r.year ?? ''}`,
  wholeFile: true,
  read(r, lookups, fileCodes) {
    const code = r.code('code');
    const row: AreaRow = {
      code,
      name: r.required('name'),
      level: r.oneOf('level', AREA_LEVELS) ?? '',
      parentCode: r.reference('parent_code', (c) => lookups.areas.has(c) || fileCodes.has(c), 'parent area', true),
      population: r.optionalCount('population'),
      year: r.raw('population_year') === '' ? null : r.count('population_year'),
    };
    if (row.parentCode && row.parentCode === code) r.fail('parent_code', `area ${code} cannot be its own parent`);
    if (row.population !== null && row.year === null)
      r.fail('population_year', 'population_year is required when a population is given');
    if (row.year !== null && (row.year < 1900 || row.year > 2999))
      r.fail('population_year', `population_year ${row.year} is not a year`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(
      rows,
      lookups.areas,
      'area',
      (a, b) => a.name === b.name && a.level === b.level && a.parentCode === b.parentCode,
      fail,
    );
  },
  async upsert(db, rows, lookups) {
    const defs = [...new Map(rows.map((r) => [r.code, r])).values()];
    const before = lookups.areas;
    await upsertRows(
      db,
      defs,
      `INSERT INTO area (code, name, level)
       SELECT code, name, level::"AreaLevel" FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, name, level)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level`,
      [(r) => r.code, (r) => r.name, (r) => r.level],
    );
    await db.$executeRawUnsafe(
      `UPDATE area a SET parent_id = p.id
       FROM unnest($1::text[], $2::text[]) AS u(code, parent_code) LEFT JOIN area p ON p.code = u.parent_code
       WHERE a.code = u.code`,
      defs.map((r) => r.code),
      defs.map((r) => r.parentCode),
    );
    const withPopulation = rows.filter((r) => r.population !== null);
    const pop = await upsertRows(
      db,
      withPopulation,
      `INSERT INTO area_population (area_id, year, population)
       SELECT a.id, u.year, u.population FROM unnest($1::text[], $2::int[], $3::int[]) AS u(code, year, population)
       JOIN area a ON a.code = u.code
       ON CONFLICT (area_id, year) DO UPDATE SET population = EXCLUDED.population`,
      [(r) => r.code, (r) => r.year, (r) => r.population],
    );
    const treeChanged = defs.some((r) => !before.has(r.code) || before.get(r.code)!.parentCode !== r.parentCode);
    if (treeChanged) {
      await rebuildClosure(db, 'area');
      await rebuildAllRollups(db, 'area');
    }
    // A row is new when its area was new, or when it brought a population for a new year.
    const rowsWithoutPopulation = rows.filter((r) => r.population === null);
    const newAreasWithoutPopulation = rowsWithoutPopulation.filter((r) => !before.has(r.code)).length;
    return {
      inserted: pop.inserted + newAreasWithoutPopulation,
      replaced: pop.replaced + rowsWithoutPopulation.length - newAreasWithoutPopulation,
    };
  },
};
