/**
 * `npm run import`: loads CSV files into the store that DATABASE_URL (PostgreSQL) or
 * PGLITE_DATA_DIR (an embedded store in a folder) names.
 *
 *   npm run import -- [--dry-run] <kind> <file>...            files of one canonical kind
 *   npm run import -- [--dry-run] <file or folder>...         kinds from the names (<kind>.csv);
 *                                                             a folder: its <kind>.csv files, references first
 *   npm run import -- [--dry-run] police-uk <file or folder>... data.police.uk street files
 *                                                             (folders searched for *-street.csv)
 *
 * Canonical files: one transaction per file, in the order given (a folder's in reference
 * order: areas and categories before what names them). A rejected file lists every bad row
 * and stops the run: files before it are imported, it and the files after it are not. With
 * --dry-run every file is validated and counted, nothing is written.
 * police.uk files: one transaction for all of them (every file, or none).
 * Files stream from disk; progress goes to stderr about once a second; every import is in
 * the audit log as actor "cli".
 */
import 'reflect-metadata';
import { basename, resolve } from 'node:path';
import { statSync } from 'node:fs';
import { csvFilesIn, fileChunks, findStreetFiles, kindFromFileName } from '../src/import/files';
import { importCsvStream } from '../src/import/import.service';
import { ImportRejectedError, type ImportResult } from '../src/import/result';
import { isCsvKind, LOAD_ORDER, type CsvKind } from '../src/import/kinds';
import { importPoliceUk, type PoliceUkImportResult } from '../src/import/police-uk';
import { CLI_ACTOR } from '../src/auth/caller';
import { fmt, openDataVersion, openStore, printRejected, Progress, type DataVersionBump } from '../src/import/cli';

const USAGE = `usage:
  npm run import -- [--dry-run] <kind> <file>...
  npm run import -- [--dry-run] <file or folder>...      (kind from the file name: <kind>.csv)
  npm run import -- [--dry-run] police-uk <file or folder>...
kinds: ${LOAD_ORDER.join(', ')}
store: DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (embedded store folder)`;

class UsageError extends Error {}

interface Plan {
  policeUk: boolean;
  files: { path: string; kind: CsvKind | null }[];
}

/** What the arguments ask for: police.uk files, or canonical files each with its kind. */
export function planImport(args: string[]): Plan {
  if (!args.length) throw new UsageError('nothing to import');
  const [first, ...rest] = args;
  if (['police-uk', 'police_uk', 'policeuk'].includes(first)) {
    if (!rest.length) throw new UsageError('police-uk needs files or folders');
    return {
      policeUk: true,
      files: findStreetFiles(rest.map((p) => resolve(p))).map((path) => ({ path, kind: null })),
    };
  }
  if (isCsvKind(first)) {
    if (!rest.length) throw new UsageError(`${first} needs one or more files`);
    return { policeUk: false, files: rest.map((p) => ({ path: resolve(p), kind: first })) };
  }
  const files: Plan['files'] = [];
  for (const arg of args) {
    const path = resolve(arg);
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new UsageError(`"${arg}" is neither a kind nor a file or folder`);
    }
    if (isDir) {
      const inFolder = csvFilesIn(path).filter((f) => isCsvKind(kindFromFileName(f)));
      if (!inFolder.length) throw new UsageError(`no <kind>.csv files in ${arg}`);
      inFolder.sort(
        (a, b) =>
          LOAD_ORDER.indexOf(kindFromFileName(a) as CsvKind) - LOAD_ORDER.indexOf(kindFromFileName(b) as CsvKind),
      );
      files.push(...inFolder.map((f) => ({ path: f, kind: kindFromFileName(f) as CsvKind })));
    } else {
      const kind = kindFromFileName(path);
      if (!isCsvKind(kind))
        throw new UsageError(`cannot tell the kind of ${arg} from its name: name it <kind>.csv or give the kind first`);
      files.push({ path, kind });
    }
  }
  return { policeUk: false, files };
}

function printCanonical(path: string, r: ImportResult): void {
  console.log(
    `${basename(path)} (${r.kind}): ${fmt(r.rowsRead)} rows read, ` +
      `${fmt(r.inserted)} inserted, ${fmt(r.replaced)} replaced, 0 rejected` +
      `${r.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
}

function printPoliceUk(r: PoliceUkImportResult): void {
  console.log(
    `police.uk: ${r.files.length} file(s), ${fmt(r.rowsRead)} rows read, ${fmt(r.rowsCounted)} counted` +
      `${r.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  for (const f of r.files) console.log(`  ${f.name}: ${fmt(f.rowsRead)} rows, month(s) ${f.months.join(', ') || '-'}`);
  console.log(`  by force: ${r.byForce.map((f) => `${f.area} (${f.fallsWithin}) ${fmt(f.rows)}`).join('; ')}`);
  console.log(`  by area level: ${r.byLevel.map((l) => `${l.level} ${fmt(l.rows)}`).join(', ')}`);
  console.log(`  rows without an LSOA (No Location), counted at force level: ${fmt(r.rowsWithoutLsoa)}`);
  console.log(
    `  rows with an LSOA outside the lookup or the force, counted at force level: ${fmt(r.rowsOutsideLookup)}`,
  );
  const shown = r.outsideLookup.slice(0, 10);
  if (shown.length) {
    console.log(
      `    ${shown.map((l) => `${l.lsoaCode} ${l.lsoaName} (${l.rows})`).join(', ')}` +
        (r.outsideLookup.length > shown.length ? `, and ${r.outsideLookup.length - shown.length} more LSOAs` : ''),
    );
  }
  console.log('  per month:');
  for (const m of r.months) {
    console.log(
      `    ${m.month}  ${fmt(m.rows).padStart(9)} rows: ` +
        `${fmt(m.rowsInLowerAreas)} in lower areas, ${fmt(m.rowsAtForceLevel)} at force level`,
    );
  }
  console.log(
    `  facts (month, area, category): ` +
      `${fmt(r.inserted)} inserted, ${fmt(r.replaced)} replaced, ${fmt(r.removed)} removed`,
  );
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const dryRun = argv.includes('--dry-run');
  const args = argv.filter((a) => a !== '--dry-run');
  const unknown = args.filter((a) => a.startsWith('--'));
  if (unknown.length) throw new UsageError(`unknown option ${unknown.join(', ')}`);
  const plan = planImport(args);
  const db = await openStore();
  const progress = new Progress();
  // Servers key their caches by the data version: bumped once, after whatever committed.
  let version: DataVersionBump | null = null;
  let committed = false;
  try {
    version = dryRun ? null : await openDataVersion();
    console.error(`Importing into ${db.location}${dryRun ? ' (dry run)' : ''}`);
    if (plan.policeUk) {
      const sizes = new Map(plan.files.map((f) => [f.path, statSync(f.path).size]));
      let current = { name: '', bytes: 0, size: 0 };
      const sources = plan.files.map((f) => ({
        name: basename(f.path),
        chunks: fileChunks(f.path, (bytes) => (current = { name: basename(f.path), bytes, size: sizes.get(f.path)! })),
      }));
      try {
        const result = await importPoliceUk(db.prisma, sources, {
          dryRun,
          actor: CLI_ACTOR,
          onRows: (_file, rowsInFile, rowsInAll) =>
            progress.update(
              () =>
                `police.uk: ${current.name} ` +
                `${current.size ? Math.floor((100 * current.bytes) / current.size) : 100}%, ` +
                `${fmt(rowsInFile)} rows (${fmt(rowsInAll)} in all), ${progress.rate(rowsInAll)}`,
            ),
        });
        progress.done();
        committed = !dryRun;
        printPoliceUk(result);
        return 0;
      } catch (e) {
        progress.done();
        if (!(e instanceof ImportRejectedError)) throw e;
        console.error(
          `police.uk: the ${plan.files.length} file(s) were rejected, nothing was written (one transaction for all).`,
        );
        printRejected(e);
        return 1;
      }
    }
    let failed = false;
    for (const [i, file] of plan.files.entries()) {
      const name = basename(file.path);
      let bytes = 0;
      const size = statSync(file.path).size;
      try {
        const result = await importCsvStream(
          db.prisma,
          file.kind!,
          fileChunks(file.path, (b) => (bytes = b)),
          {
            dryRun,
            actor: CLI_ACTOR,
            fileName: name,
            onRows: (rows) =>
              progress.update(
                () =>
                  `${name}: ${size ? Math.floor((100 * bytes) / size) : 100}%, ` +
                  `${fmt(rows)} rows, ${progress.rate(rows)}`,
              ),
          },
        );
        progress.done();
        committed = !dryRun;
        printCanonical(file.path, result);
      } catch (e) {
        progress.done();
        if (!(e instanceof ImportRejectedError)) throw e;
        console.error(`${name} (${file.kind}): rejected, nothing of it was written.`);
        printRejected(e);
        failed = true;
        const rest = plan.files.slice(i + 1);
        if (!dryRun) {
          if (rest.length)
            console.error(
              `Stopped: not imported: ${rest.map((f) => basename(f.path)).join(', ')}. ` +
                `Files before ${name} were imported.`,
            );
          return 1;
        }
      }
    }
    return failed ? 1 : 0;
  } finally {
    if (committed) await version?.bump();
    await version?.close();
    await db.close();
  }
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((err) => {
      if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
      else console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    });
}
