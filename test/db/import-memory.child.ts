/**
 * Run by import-memory.test.ts in a child process with a small V8 heap
 * (`node --max-old-space-size=64 --expose-gc --import tsx test/db/import-memory.child.ts <street file>`):
 * an in-memory store with the seed's areas, categories, LSOA lookup and crime type mapping,
 * then one police.uk import of the file, streamed from disk, with heapUsed sampled all along.
 * Prints one JSON line: heap before, peak heap (garbage included), peak live heap (after a full
 * collection, every 20 batches of records), and what the import reported.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SEED_DIR } from '../../src/config/paths';
import { openDatabase } from '../../src/db/database';
import { fileChunks } from '../../src/import/files';
import { importCsv } from '../../src/import/import.service';
import type { CsvKind } from '../../src/import/kinds';
import { importPoliceUk } from '../../src/import/police-uk';

async function main() {
  const file = process.argv[2];
  const db = await openDatabase({});
  for (const kind of ['areas', 'categories', 'lsoa_lookup', 'crime_type_mapping'] as CsvKind[]) {
    await importCsv(db.prisma, kind, readFileSync(join(SEED_DIR, `${kind}.csv`), 'utf8'));
  }
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  // What stays reachable while the file streams: heapUsed right after a full collection, every 20 batches.
  let livePeak = before;
  let batches = 0;
  const onRows = () => {
    sample();
    if (++batches % 20 === 0) {
      (globalThis as { gc?: () => void }).gc?.();
      livePeak = Math.max(livePeak, process.memoryUsage().heapUsed);
    }
  };
  const timer = setInterval(sample, 5);
  const started = Date.now();
  const result = await importPoliceUk(db.prisma, [{ name: basename(file), chunks: fileChunks(file) }], { onRows });
  clearInterval(timer);
  sample();
  const seconds = (Date.now() - started) / 1000;
  console.log(
    JSON.stringify({
      before,
      peak,
      livePeak,
      batches,
      seconds,
      rowsRead: result.rowsRead,
      months: result.months,
      inserted: result.inserted,
      byLevel: result.byLevel,
    }),
  );
  await db.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
