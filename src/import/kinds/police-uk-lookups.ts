/**
 * The two lookups a data.police.uk import reads: lsoa_lookup.csv (an LSOA to one of our
 * areas) and crime_type_mapping.csv (a data.police.uk crime type to one of our categories).
 */
import { type KindHandler, upsertRows } from './kind';

/** An LSOA code as data.police.uk and the ONS write it: E01025631 (England), W01000001 (Wales). */
const LSOA_CODE = /^[A-Z][0-9]{8}$/;

export const lsoaLookup: KindHandler<{ lsoa: string; area: string }> = {
  key: (r) => r.lsoa,
  read(r, lookups) {
    const lsoa = r.required('lsoa_code');
    if (lsoa && !LSOA_CODE.test(lsoa))
      r.fail('lsoa_code', `"${lsoa}" is not an LSOA code: a capital letter and 8 digits, e.g. E01025631`);
    return { lsoa, area: r.reference('area_code', (c) => lookups.areas.has(c), 'area') ?? '' };
  },
  upsert: (db, rows) =>
    upsertRows(
      db,
      rows,
      `INSERT INTO lsoa_area (lsoa_code, area_id)
       SELECT u.lsoa, a.id FROM unnest($1::text[], $2::text[]) AS u(lsoa, area) JOIN area a ON a.code = u.area
       ON CONFLICT (lsoa_code) DO UPDATE SET area_id = EXCLUDED.area_id`,
      [(r) => r.lsoa, (r) => r.area],
    ),
};

export const crimeTypeMapping: KindHandler<{ crimeType: string; category: string }> = {
  key: (r) => r.crimeType,
  read: (r, lookups) => ({
    crimeType: r.required('crime_type'),
    category: r.reference('category_code', (c) => lookups.categories.has(c), 'category') ?? '',
  }),
  upsert: (db, rows) =>
    upsertRows(
      db,
      rows,
      `INSERT INTO crime_type_mapping (crime_type, category_id)
       SELECT u.crime_type, c.id FROM unnest($1::text[], $2::text[]) AS u(crime_type, category)
       JOIN crime_category c ON c.code = u.category
       ON CONFLICT (crime_type) DO UPDATE SET category_id = EXCLUDED.category_id`,
      [(r) => r.crimeType, (r) => r.category],
    ),
};
