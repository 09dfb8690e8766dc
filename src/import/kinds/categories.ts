/**
 * categories.csv: the crime category tree. An optional `sensitive` column sets the flag that
 * protects a category's small counts; without it a stored category keeps its flag. A change
 * to the tree rebuilds the category closure and every rollup.
 */
import { CATEGORY_KINDS } from '../kinds';
import { rebuildAllRollups, rebuildClosure } from '../rollups';
import { type KindHandler, upsertRows } from './kind';
import { checkTree } from './tree';

interface CategoryRow {
  code: string;
  name: string;
  parentCode: string | null;
  kind: string;
  /** null when the file has no sensitive column: an existing category keeps its flag. */
  sensitive: boolean | null;
}

export const categories: KindHandler<CategoryRow> = {
  key: (r) => r.code,
  wholeFile: true,
  read(r, lookups, fileCodes) {
    const code = r.code('code');
    const row: CategoryRow = {
      code,
      name: r.required('name'),
      parentCode: r.reference(
        'parent_code',
        (c) => lookups.categories.has(c) || fileCodes.has(c),
        'parent category',
        true,
      ),
      kind: r.oneOf('kind', CATEGORY_KINDS) ?? '',
      sensitive: r.has('sensitive') ? r.boolean('sensitive') : null,
    };
    if (row.parentCode === code) r.fail('parent_code', `category ${code} cannot be its own parent`);
    return row;
  },
  check(rows, lookups, fail) {
    checkTree(rows, lookups.categories, 'category', () => true, fail);
  },
  async upsert(db, rows, lookups) {
    const before = lookups.categories;
    const counts = await upsertRows(
      db,
      rows,
      `INSERT INTO crime_category (code, name, kind)
       SELECT code, name, kind::"CategoryKind" FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, name, kind)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind`,
      [(r) => r.code, (r) => r.name, (r) => r.kind],
    );
    await db.$executeRawUnsafe(
      `UPDATE crime_category c SET parent_id = p.id
       FROM unnest($1::text[], $2::text[]) AS u(code, parent_code)
       LEFT JOIN crime_category p ON p.code = u.parent_code
       WHERE c.code = u.code`,
      rows.map((r) => r.code),
      rows.map((r) => r.parentCode),
    );
    const flagged = rows.filter((r) => r.sensitive !== null);
    if (flagged.length) {
      await db.$executeRawUnsafe(
        `UPDATE crime_category c SET sensitive = u.sensitive
         FROM unnest($1::text[], $2::boolean[]) AS u(code, sensitive) WHERE c.code = u.code`,
        flagged.map((r) => r.code),
        flagged.map((r) => r.sensitive),
      );
    }
    if (rows.some((r) => !before.has(r.code) || before.get(r.code)!.parentCode !== r.parentCode)) {
      await rebuildClosure(db, 'category');
      await rebuildAllRollups(db, 'category');
    }
    return counts;
  },
};
