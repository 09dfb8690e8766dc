import { rawSqlIfAny } from '../db/database';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrismaClient } from '../generated/prisma/client';
import { SEED_DIR } from '../config/paths';
import { importCsv, type ImportResult } from './import.service';
import { LOAD_ORDER } from './kinds';

/** Loads every `<kind>.csv` of a folder, in reference order. */
export async function loadFolder(prisma: PrismaClient, dir: string): Promise<ImportResult[]> {
  const results: ImportResult[] = [];
  for (const kind of LOAD_ORDER) {
    const file = join(dir, `${kind}.csv`);
    if (existsSync(file)) results.push(await importCsv(prisma, kind, readFileSync(file, 'utf8')));
  }
  return results;
}

export async function storeIsEmpty(prisma: PrismaClient): Promise<boolean> {
  // Raw SQL: an ORM call at start would load Prisma's query compiler (about 60 MB of WebAssembly) for good.
  const sql = rawSqlIfAny(prisma);
  if (!sql) return (await prisma.area.count()) === 0;
  const [[any]] = await sql.query(null, 'SELECT EXISTS (SELECT 1 FROM area)');
  return !any;
}

/** The seed data set that ships with the server (data/seed). */
export function loadSeed(prisma: PrismaClient): Promise<ImportResult[]> {
  return loadFolder(prisma, SEED_DIR);
}
