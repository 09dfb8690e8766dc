/**
 * Which whole data sets a store holds: the made-up demo set (data/seed) and the reference data
 * (data/reference). Each load writes its row of `loaded_dataset`, so clients can tell made-up
 * figures from real ones (`dataset` query, the explorer's note).
 */
import type { SqlRunner } from '../db/sql';

export interface DatasetDefinition {
  code: 'demo' | 'reference';
  name: string;
  description: string;
  demo: boolean;
}

export const DEMO_DATASET: DatasetDefinition = {
  code: 'demo',
  name: 'Demo data: Leicestershire Police 2011-04 to 2013-11 (made up)',
  description:
    'Made-up figures built to reproduce the Leicestershire Police and Crime Plan performance report 2013-14; ' +
    'not real crime data. For trying the API out; a configured store loads it only when asked (DEMO_DATA=1 ' +
    'or npm run db:seed).',
  demo: true,
};

export const REFERENCE_DATASET: DatasetDefinition = {
  code: 'reference',
  name: 'Reference data: forces of England and Wales, categories, data.police.uk mapping',
  description:
    'The 43 territorial police forces of England and Wales with their mid-2010 populations, the crime category tree, ' +
    'the data.police.uk crime type mapping and the Leicestershire LSOA lookup (data/reference). No crime figures.',
  demo: false,
};

/** Records that a data set was loaded (again): one statement, in the loader's transaction when it has one. */
export async function markLoaded(db: SqlRunner, dataset: DatasetDefinition): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO loaded_dataset (code, name, description, demo, loaded_at)
     VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'UTC'))
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
       demo = EXCLUDED.demo, loaded_at = EXCLUDED.loaded_at`,
    dataset.code,
    dataset.name,
    dataset.description,
    dataset.demo,
  );
}

export interface DatasetState {
  demo: boolean;
  reference: boolean;
}

/** What the store holds, in one statement. */
export async function datasetState(db: Pick<SqlRunner, '$queryRawUnsafe'>): Promise<DatasetState> {
  const rows = await db.$queryRawUnsafe<{ code: string }[]>(`SELECT code FROM loaded_dataset`);
  const codes = new Set(rows.map((r) => r.code));
  return { demo: codes.has('demo'), reference: codes.has('reference') };
}
