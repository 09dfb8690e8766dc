/**
 * Writes to the crime category tree. An upsert is validated and written as a row of
 * categories.csv (so a change of parent rebuilds the category closure and every rollup);
 * the sensitive flag, which that file does not carry, is set in the same transaction.
 */
import type { Context } from '../context/context';
import { writeParsedRows } from '../write/rows';
import type { CategoryRecord } from '../loaders/dimension.loaders';
import { findCategory, requireCategoryIn, rowErrorsToGraphQL, runWrite, toCategoryRecord } from '../write/write';
import type { CategoryInput } from './category.inputs';

const CATEGORY_FIELDS = { code: 'code', name: 'name', parent_code: 'parentCode', kind: 'kind' };

const toRecord = toCategoryRecord;

export function upsertCategory(ctx: Context, input: CategoryInput): Promise<CategoryRecord> {
  return runWrite(ctx, async (tx) => {
    const code = input.code.trim();
    const before = await findCategory(tx, code);
    const parentCode = input.parentCode === undefined ? (before?.parentCode ?? null) : input.parentCode?.trim() || null;
    if (parentCode && parentCode !== code) await requireCategoryIn(tx, parentCode, 'parentCode');
    const { errors } = await writeParsedRows(tx, 'categories', [
      { code, name: input.name, parent_code: parentCode ?? '', kind: input.kind },
    ]);
    if (errors.length) throw rowErrorsToGraphQL(errors, CATEGORY_FIELDS);
    if (input.sensitive !== undefined && input.sensitive !== null) {
      await tx.$executeRawUnsafe(`UPDATE crime_category SET sensitive = $2 WHERE code = $1`, code, input.sensitive);
    }
    const category = (await findCategory(tx, code))!;
    return {
      result: toRecord(category),
      audit: {
        action: 'UPSERT_CATEGORY',
        target: code,
        rows: 1,
        details: {
          created: !before,
          name: category.name,
          kind: category.kind,
          parentCode: category.parentCode,
          sensitive: category.sensitive,
          ...(before
            ? {
                before: {
                  name: before.name,
                  kind: before.kind,
                  parentCode: before.parentCode,
                  sensitive: before.sensitive,
                },
              }
            : {}),
        },
      },
    };
  });
}

export function setCategorySensitive(ctx: Context, code: string, sensitive: boolean): Promise<CategoryRecord> {
  return runWrite(ctx, async (tx) => {
    const before = await requireCategoryIn(tx, code, 'code');
    await tx.$executeRawUnsafe(`UPDATE crime_category SET sensitive = $2 WHERE id = $1`, before.id, sensitive);
    return {
      result: toRecord(before),
      audit: {
        action: 'SET_CATEGORY_SENSITIVE',
        target: code,
        rows: 1,
        details: { from: before.sensitive, to: sensitive },
      },
    };
  });
}
