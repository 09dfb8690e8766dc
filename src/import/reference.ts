/**
 * The reference data a real store needs before data.police.uk files can be imported
 * (data/reference, see its README): the 43 territorial forces of England and Wales with their
 * mid-2010 populations, the category tree, the crime type mapping, and the Leicestershire LSOA
 * lookup with the BCUs and LPUs it maps to. No crime figures.
 *
 * One transaction: everything is loaded, or nothing. Rows whose key is stored are replaced, so
 * loading again changes nothing (a steward's later edits to the same keys are overwritten).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client';
import { REFERENCE_DIR } from '../config/paths';
import { recordAudit } from '../audit/audit.service';
import { CLI_ACTOR } from '../auth/caller';
import { markLoaded, REFERENCE_DATASET } from '../dataset/dataset.service';
import { lockWrites } from '../write/write';
import { writeParsedRows } from '../write/rows';
import { csvRecords, textChunks } from './csv';
import { TRANSACTION_OPTIONS } from './import.service';
import type { CsvKind } from './kinds';

/** The files of data/reference, in the order their references need. */
export const REFERENCE_KINDS: CsvKind[] = ['areas', 'categories', 'crime_type_mapping', 'lsoa_lookup'];

export interface ReferenceResult {
  kind: CsvKind;
  rows: number;
  inserted: number;
  replaced: number;
}

async function readRows(kind: CsvKind, dir: string): Promise<Record<string, string>[]> {
  const text = readFileSync(join(dir, `${kind}.csv`), 'utf8');
  let header: string[] | null = null;
  const rows: Record<string, string>[] = [];
  for await (const records of csvRecords(textChunks(text))) {
    for (const record of records) {
      if (!header) header = record.fields;
      else rows.push(Object.fromEntries(header.map((column, i) => [column, record.fields[i] ?? ''])));
    }
  }
  return rows;
}

export async function loadReferenceData(prisma: PrismaClient, dir: string = REFERENCE_DIR): Promise<ReferenceResult[]> {
  const files = await Promise.all(REFERENCE_KINDS.map(async (kind) => ({ kind, rows: await readRows(kind, dir) })));
  return prisma.$transaction(async (tx) => {
    await lockWrites(tx);
    const results: ReferenceResult[] = [];
    for (const { kind, rows } of files) {
      const written = await writeParsedRows(tx, kind, rows);
      if (written.errors.length) {
        const first = written.errors
          .slice(0, 5)
          .map((e) => `line ${e.line + 1}${e.column ? ` (${e.column})` : ''}: ${e.reason}`)
          .join('; ');
        throw new Error(
          `${kind}.csv of the reference data was refused (${written.errors.length} errors; nothing was ` +
            `loaded): ${first}`,
        );
      }
      results.push({ kind, rows: rows.length, inserted: written.inserted, replaced: written.replaced });
    }
    await markLoaded(tx, REFERENCE_DATASET);
    const total = results.reduce((n, r) => n + r.inserted + r.replaced, 0);
    await recordAudit(tx, {
      actor: CLI_ACTOR,
      role: null,
      action: 'LOAD_REFERENCE_DATA',
      target: 'reference',
      rows: total,
      details: { results },
    });
    return results;
  }, TRANSACTION_OPTIONS);
}
