/**
 * Import of data.police.uk street-level files (`YYYY-MM-<force>-street.csv`): one row per
 * crime or ASB incident, counted per month, area and category, and stored as recorded-crime
 * facts through the same tables and rollup refresh as the canonical `crimes` kind.
 *
 * - Category: the `Crime type` text through the crime_type_mapping table (seeded from
 *   data/seed/crime_type_mapping.csv; a steward changes it with the crime_type_mapping
 *   kind). A type with no mapping rejects the import: load a mapping first.
 * - Area: the force named in `Falls within` (an area of level FORCE whose name or code
 *   matches once normalised, see `normaliseForceName`), or the lower area the lsoa_lookup
 *   table gives for the row's `LSOA code`, when that area lies inside the force. Rows with
 *   no LSOA ("No Location"), with an LSOA the lookup does not hold, or with one it maps
 *   outside the force are counted at force level and reported.
 * - A row may leave out the last column (Context, always empty), comma and all, as some copies
 *   of the files do on their last line.
 * - Streaming: files are read as text chunks and counted into a Map keyed by (month, area,
 *   category) as they stream, so memory grows with the number of distinct keys, never with
 *   the number of rows.
 * - All files of one call are one transaction: every file is imported, or none.
 * - Re-import replaces: for each (force, month) an import holds, the counts of the force's
 *   areas (its whole subtree) in every category the mapping table maps to are set to the
 *   files' counts, and cells the files no longer have are removed. Importing the same file
 *   twice changes nothing; a corrected file replaces the old figures exactly. Facts in
 *   categories no police.uk type maps to (e.g. DOMESTIC_BURGLARY) are never touched.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { recordAudit } from '../audit/audit.service';
import { CLI_ACTOR } from '../auth/caller';
import { inChunks, type SqlRunner } from '../db/sql';
import { formatMonth, parseMonth } from '../period/month';
import { csvRecords, CsvSyntaxError } from './csv';
import { hasNul, NUL_REASON } from '../limits/control-characters';
import { lockWrites } from '../write/write';
import { TRANSACTION_OPTIONS } from './import.service';
import { DryRunRollback, ErrorList, ImportRejectedError, type RejectedImport } from './result';
import { refreshFactRollup } from './rollups';

/** The header of a data.police.uk street-level file. */
export const POLICE_UK_COLUMNS = [
  'Crime ID',
  'Month',
  'Reported by',
  'Falls within',
  'Longitude',
  'Latitude',
  'Location',
  'LSOA code',
  'LSOA name',
  'Crime type',
  'Last outcome category',
  'Context',
] as const;

const COL = {
  month: 1,
  fallsWithin: 3,
  lsoaCode: 7,
  lsoaName: 8,
  crimeType: 9,
} as const;

/** Most LSOAs outside the lookup listed by name in a report (their rows are all counted). */
export const MAX_LISTED_LSOAS = 200;

/** One file of an import: a name for messages and its text, in chunks. */
export interface PoliceUkSource {
  name: string;
  chunks: AsyncIterable<string> | Iterable<string>;
}

export interface PoliceUkOptions {
  /** Read, count and check everything, then roll back: nothing is written. */
  dryRun?: boolean;
  /** Who the audit log names: an API key's name, or "cli" (the default). */
  actor?: string;
  role?: string | null;
  /** Called after each batch of records, for progress. */
  onRows?: (file: string, rowsInFile: number, rowsInAll: number) => void;
}

export interface PoliceUkFileReport {
  name: string;
  rowsRead: number;
  months: string[];
}

export interface PoliceUkMonthReport {
  month: string;
  /** Rows counted in this month (crimes and ASB incidents). */
  rows: number;
  /** Of which counted in an area below the force, through the LSOA lookup. */
  rowsInLowerAreas: number;
  /** Of which counted at force level (no LSOA, or an LSOA outside the lookup or the force). */
  rowsAtForceLevel: number;
}

export interface PoliceUkLevelReport {
  level: string;
  rows: number;
}

export interface PoliceUkLsoaReport {
  lsoaCode: string;
  lsoaName: string;
  rows: number;
}

export interface PoliceUkForceReport {
  area: string;
  /** The `Falls within` text that named it. */
  fallsWithin: string;
  rows: number;
}

export interface PoliceUkImportResult extends RejectedImport {
  kind: 'police_uk';
  files: PoliceUkFileReport[];
  /** Rows counted into a fact (every row read when the import is accepted). */
  rowsCounted: number;
  /** Stored cells (month, area, category) the import no longer has, removed (see re-import). */
  removed: number;
  byLevel: PoliceUkLevelReport[];
  byForce: PoliceUkForceReport[];
  months: PoliceUkMonthReport[];
  /** Rows with no LSOA code ("No Location"), counted at force level. */
  rowsWithoutLsoa: number;
  /** Rows whose LSOA the lookup does not hold, or maps outside the force, counted at force level. */
  rowsOutsideLookup: number;
  /** Those LSOAs, most rows first (at most MAX_LISTED_LSOAS). */
  outsideLookup: PoliceUkLsoaReport[];
}

/**
 * How a force's name is compared with `Falls within`: lower case, "&" read as "and",
 * punctuation dropped, and a trailing "police", "constabulary", "police service" or
 * "police force" dropped. "Leicestershire Police", "Leicestershire Constabulary" and the
 * code LEICESTERSHIRE all read "leicestershire".
 */
export function normaliseForceName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[_\-.,'()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/ (police service|police force|police|constabulary)$/, '')
    .trim();
}

interface AreaInfo {
  id: number;
  code: string;
  level: string;
}

interface ForceInfo extends AreaInfo {
  /** Every area of the force's subtree, itself included. */
  subtree: Set<number>;
}

interface Lookups {
  areas: Map<number, AreaInfo>;
  /** Normalised name or code of every FORCE area → the areas that read so. */
  forcesByName: Map<string, AreaInfo[]>;
  lsoa: Map<string, number>;
  crimeTypes: Map<string, number>;
  /** Every category the mapping maps to: the categories a police.uk import owns. */
  mappedCategories: number[];
}

async function loadLookups(db: SqlRunner): Promise<Lookups> {
  const areas = await db.$queryRawUnsafe<{ id: number; code: string; name: string; level: string }[]>(
    `SELECT id, code, name, level::text AS level FROM area`,
  );
  const lsoa = await db.$queryRawUnsafe<{ lsoa_code: string; area_id: number }[]>(
    `SELECT lsoa_code, area_id FROM lsoa_area`,
  );
  const types = await db.$queryRawUnsafe<{ crime_type: string; category_id: number }[]>(
    `SELECT crime_type, category_id FROM crime_type_mapping`,
  );
  const forcesByName = new Map<string, AreaInfo[]>();
  for (const a of areas.filter((a) => a.level === 'FORCE')) {
    for (const key of new Set([normaliseForceName(a.name), normaliseForceName(a.code)])) {
      forcesByName.set(key, [...(forcesByName.get(key) ?? []), a]);
    }
  }
  return {
    areas: new Map(areas.map((a) => [a.id, { id: a.id, code: a.code, level: a.level }])),
    forcesByName,
    lsoa: new Map(lsoa.map((l) => [l.lsoa_code, l.area_id])),
    crimeTypes: new Map(types.map((t) => [t.crime_type, t.category_id])),
    mappedCategories: [...new Set(types.map((t) => t.category_id))],
  };
}

/** Counts of one import, built while the files stream. */
class Tally {
  /** `${month}|${areaId}|${categoryId}` → crimes. */
  readonly cells = new Map<string, number>();
  readonly months = new Map<number, PoliceUkMonthReport>();
  readonly levels = new Map<string, number>();
  readonly forces = new Map<number, PoliceUkForceReport>();
  /** (force, month) pairs the import holds: the scope it replaces. */
  readonly scope = new Set<string>();
  readonly outside = new Map<string, PoliceUkLsoaReport>();
  rowsCounted = 0;
  rowsWithoutLsoa = 0;
  rowsOutsideLookup = 0;

  count(month: number, force: ForceInfo, fallsWithin: string, area: AreaInfo, categoryId: number): void {
    const key = `${month}|${area.id}|${categoryId}`;
    this.cells.set(key, (this.cells.get(key) ?? 0) + 1);
    this.scope.add(`${force.id}|${month}`);
    this.rowsCounted += 1;
    let m = this.months.get(month);
    if (!m)
      this.months.set(month, (m = { month: formatMonth(month), rows: 0, rowsInLowerAreas: 0, rowsAtForceLevel: 0 }));
    m.rows += 1;
    if (area.id === force.id) m.rowsAtForceLevel += 1;
    else m.rowsInLowerAreas += 1;
    this.levels.set(area.level, (this.levels.get(area.level) ?? 0) + 1);
    const f = this.forces.get(force.id);
    if (f) f.rows += 1;
    else this.forces.set(force.id, { area: force.code, fallsWithin, rows: 1 });
  }

  outsideLookup(code: string, name: string): void {
    this.rowsOutsideLookup += 1;
    const o = this.outside.get(code);
    if (o) o.rows += 1;
    else this.outside.set(code, { lsoaCode: code, lsoaName: name, rows: 1 });
  }
}

/** Reads the files into a Tally, collecting every bad row. */
class PoliceUkReader {
  readonly tally = new Tally();
  readonly errors = new ErrorList();
  readonly files: PoliceUkFileReport[] = [];
  rowsRead = 0;
  /** `Falls within` text → its force, or why it names none. */
  private readonly forces = new Map<string, ForceInfo | string>();

  constructor(
    private readonly db: SqlRunner,
    private readonly lookups: Lookups,
  ) {}

  private async force(fallsWithin: string): Promise<ForceInfo | string> {
    const known = this.forces.get(fallsWithin);
    if (known !== undefined) return known;
    const matches = this.lookups.forcesByName.get(normaliseForceName(fallsWithin)) ?? [];
    let resolved: ForceInfo | string;
    if (matches.length === 1) {
      const rows = await this.db.$queryRawUnsafe<{ id: number }[]>(
        `SELECT descendant_id AS id FROM area_closure WHERE ancestor_id = $1`,
        matches[0].id,
      );
      resolved = { ...matches[0], subtree: new Set(rows.map((r) => r.id)) };
    } else if (matches.length === 0) {
      resolved =
        `unknown force "${fallsWithin}": no area of level FORCE is named so (\`npm run db:reference\` ` +
        `loads the 43 forces of England and Wales; or import it with the areas kind, e.g. ` +
        `BEDFORDSHIRE,Bedfordshire Police,FORCE,,,)`;
    } else {
      const codes = matches.map((m) => m.code).join(', ');
      resolved = `"${fallsWithin}" names more than one force: ${codes}; rename one of them`;
    }
    this.forces.set(fallsWithin, resolved);
    return resolved;
  }

  async readFile(source: PoliceUkSource, onRows?: PoliceUkOptions['onRows']): Promise<void> {
    const report: PoliceUkFileReport = { name: source.name, rowsRead: 0, months: [] };
    this.files.push(report);
    const months = new Set<number>();
    let header: 'pending' | 'ok' | 'bad' = 'pending';
    const fail = (line: number, column: string | null, value: string | null, reason: string) =>
      this.errors.add({ file: source.name, line, column, value, reason });
    try {
      for await (const records of csvRecords(source.chunks)) {
        for (const { line, fields } of records) {
          if (header === 'pending') {
            const found = fields.map((f) => f.trim().toLowerCase());
            if (found.join(',') === POLICE_UK_COLUMNS.map((c) => c.toLowerCase()).join(',')) header = 'ok';
            else {
              header = 'bad';
              fail(
                line,
                null,
                fields.join(','),
                `wrong header for a data.police.uk street file: expected ${POLICE_UK_COLUMNS.join(',')}, ` +
                  `found ${fields.join(',')}`,
              );
            }
            continue;
          }
          report.rowsRead += 1;
          this.rowsRead += 1;
          if (header === 'bad') continue;
          // Context (the last column) is always empty; some copies drop it, with its comma.
          if (fields.length !== POLICE_UK_COLUMNS.length && fields.length !== POLICE_UK_COLUMNS.length - 1) {
            fail(line, null, fields.join(','), `expected ${POLICE_UK_COLUMNS.length} fields, found ${fields.length}`);
            continue;
          }
          const nul = fields.findIndex(hasNul);
          if (nul >= 0) {
            fail(line, POLICE_UK_COLUMNS[nul] ?? null, fields[nul].replaceAll('\u0000', '\\0'), NUL_REASON);
            continue;
          }
          await this.readRow(line, fields, months, fail);
        }
        onRows?.(source.name, report.rowsRead, this.rowsRead);
      }
    } catch (e) {
      if (!(e instanceof CsvSyntaxError)) throw e;
      fail(e.line, null, null, `the file is not valid CSV: ${e.message}`);
    }
    if (header === 'pending')
      fail(1, null, null, `the file is empty: expected the header ${POLICE_UK_COLUMNS.join(',')}`);
    report.months = [...months].sort((a, b) => a - b).map(formatMonth);
  }

  private async readRow(
    line: number,
    fields: string[],
    months: Set<number>,
    fail: (line: number, column: string | null, value: string | null, reason: string) => void,
  ): Promise<void> {
    const monthText = fields[COL.month].trim();
    const fallsWithin = fields[COL.fallsWithin].trim();
    const crimeType = fields[COL.crimeType].trim();
    const lsoaCode = fields[COL.lsoaCode].trim();
    let ok = true;
    let month = 0;
    try {
      month = parseMonth(monthText);
    } catch (e) {
      fail(line, 'Month', monthText, (e as Error).message);
      ok = false;
    }
    const force = fallsWithin
      ? (this.forces.get(fallsWithin) ?? (await this.force(fallsWithin)))
      : 'Falls within is required: it names the force the crime is counted in';
    if (typeof force === 'string') {
      fail(line, 'Falls within', fallsWithin, force);
      ok = false;
    }
    const categoryId = this.lookups.crimeTypes.get(crimeType);
    if (categoryId === undefined) {
      fail(
        line,
        'Crime type',
        crimeType,
        crimeType
          ? `unknown crime type "${crimeType}": no crime_type_mapping row maps it to a category ` +
              `(\`npm run db:reference\` loads the data.police.uk mapping; or import one: crime_type,category_code)`
          : 'Crime type is required',
      );
      ok = false;
    }
    if (!ok || typeof force === 'string' || categoryId === undefined) return;
    months.add(month);
    let area: AreaInfo = force;
    if (!lsoaCode) this.tally.rowsWithoutLsoa += 1;
    else {
      const mapped = this.lookups.lsoa.get(lsoaCode);
      if (mapped !== undefined && force.subtree.has(mapped)) area = this.lookups.areas.get(mapped)!;
      else this.tally.outsideLookup(lsoaCode, fields[COL.lsoaName].trim());
    }
    this.tally.count(month, force, fallsWithin, area, categoryId);
  }
}

/** Writes the tally: the scope's old cells out, the new ones in; returns the counts. */
async function writeTally(
  db: SqlRunner,
  tally: Tally,
  lookups: Lookups,
): Promise<{ inserted: number; replaced: number; removed: number }> {
  const scope = [...tally.scope].map((s) => s.split('|').map(Number));
  const forceIds = scope.map((s) => s[0]);
  const months = scope.map((s) => s[1]);
  const scoped = `FROM recorded_crime rc
    JOIN area_closure ac ON ac.descendant_id = rc.area_id
    JOIN unnest($1::int[], $2::int[]) AS s(force_id, month) ON s.force_id = ac.ancestor_id AND s.month = rc.month
    WHERE rc.category_id = ANY($3::int[])`;
  const existing = await db.$queryRawUnsafe<{ area_id: number; category_id: number; month: number }[]>(
    `SELECT rc.area_id, rc.category_id, rc.month ${scoped}`,
    forceIds,
    months,
    lookups.mappedCategories,
  );
  const before = new Set(existing.map((r) => `${r.month}|${r.area_id}|${r.category_id}`));
  let replaced = 0;
  for (const key of tally.cells.keys()) if (before.has(key)) replaced += 1;
  await db.$executeRawUnsafe(
    `DELETE FROM recorded_crime d USING (SELECT rc.area_id, rc.category_id, rc.month ${scoped}) AS x
     WHERE d.area_id = x.area_id AND d.category_id = x.category_id AND d.month = x.month`,
    forceIds,
    months,
    lookups.mappedCategories,
  );
  const cells = [...tally.cells].map(([key, count]) => [...key.split('|').map(Number), count]);
  await inChunks(cells, 5000, async (chunk) => {
    await db.$executeRawUnsafe(
      `INSERT INTO recorded_crime (month, area_id, category_id, recorded)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::int[])`,
      chunk.map((c) => c[0]),
      chunk.map((c) => c[1]),
      chunk.map((c) => c[2]),
      chunk.map((c) => c[3]),
    );
  });
  await refreshFactRollup(
    db,
    [...new Set(months)].sort((a, b) => a - b),
  );
  return { inserted: tally.cells.size - replaced, replaced, removed: before.size - replaced };
}

function resultOf(
  reader: PoliceUkReader,
  dryRun: boolean,
  counts = { inserted: 0, replaced: 0, removed: 0 },
): PoliceUkImportResult {
  const { tally, errors } = reader;
  const outsideLookup = [...tally.outside.values()].sort(
    (a, b) => b.rows - a.rows || a.lsoaCode.localeCompare(b.lsoaCode),
  );
  return {
    kind: 'police_uk',
    dryRun,
    files: reader.files,
    rowsRead: reader.rowsRead,
    rowsCounted: tally.rowsCounted,
    ...counts,
    rejected: errors.rejected,
    errors: errors.sorted(),
    ...(errors.unlisted ? { unlistedErrors: errors.unlisted } : {}),
    byLevel: [...tally.levels].map(([level, rows]) => ({ level, rows })).sort((a, b) => b.rows - a.rows),
    byForce: [...tally.forces.values()].sort((a, b) => a.area.localeCompare(b.area)),
    months: [...tally.months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    rowsWithoutLsoa: tally.rowsWithoutLsoa,
    rowsOutsideLookup: tally.rowsOutsideLookup,
    outsideLookup: outsideLookup.slice(0, MAX_LISTED_LSOAS),
  };
}

/**
 * Imports data.police.uk street-level files, all in one transaction; throws
 * ImportRejectedError (nothing written) when any row of any file is bad.
 */
export async function importPoliceUk(
  prisma: PrismaClient,
  sources: PoliceUkSource[],
  options: PoliceUkOptions = {},
): Promise<PoliceUkImportResult> {
  const dryRun = options.dryRun ?? false;
  let result: PoliceUkImportResult | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      await lockWrites(tx);
      const lookups = await loadLookups(tx);
      const reader = new PoliceUkReader(tx, lookups);
      for (const source of sources) await reader.readFile(source, options.onRows);
      if (reader.errors.count > 0) {
        result = resultOf(reader, dryRun);
        throw new ImportRejectedError(result);
      }
      const counts = reader.tally.cells.size ? await writeTally(tx, reader.tally, lookups) : undefined;
      result = resultOf(reader, dryRun, counts);
      await recordAudit(tx, {
        actor: options.actor ?? CLI_ACTOR,
        role: options.role ?? null,
        action: 'IMPORT_POLICE_UK',
        target: 'police_uk',
        rows: result.inserted + result.replaced,
        details: {
          files: result.files.map((f) => f.name),
          months: result.months.map((m) => m.month),
          rowsRead: result.rowsRead,
          inserted: result.inserted,
          replaced: result.replaced,
          removed: result.removed,
          rowsWithoutLsoa: result.rowsWithoutLsoa,
          rowsOutsideLookup: result.rowsOutsideLookup,
        },
      });
      if (dryRun) throw new DryRunRollback();
    }, TRANSACTION_OPTIONS);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}
