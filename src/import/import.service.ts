/**
 * Import of a file of one canonical CSV kind. Every record is validated (all problems
 * collected, each with its line and column) and only a file with no bad row is kept: one
 * transaction per file, rows upserted by their key (a re-imported row replaces the old one),
 * then the closures and rollups that depend on them refreshed in the same transaction, and the
 * import recorded in the audit log in it too. A dry run does all of that and rolls back, so
 * its counts are exact.
 *
 * Files stream: records are read from text chunks as they arrive and handed to the store
 * writer (src/write/rows.ts), which validates and upserts fact kinds CHUNK rows at a time (a
 * bad row anywhere still rolls back every chunk written before it). This file checks the
 * header, counts the rows and reports.
 */
import type { PrismaClient } from '../generated/prisma/client';
import { recordAudit } from '../audit/audit.service';
import { CLI_ACTOR } from '../auth/caller';
import { type SqlRunner } from '../db/sql';
import { lockWrites } from '../write/write';
import { RowWriter } from '../write/rows';
import { csvRecords, CsvSyntaxError, textChunks, type CsvRecord } from './csv';
import { CSV_HEADERS, OPTIONAL_COLUMNS, type CsvKind, type RowError } from './kinds';
import { loadLookups, type Lookups } from './kinds/kind';
import { DryRunRollback, ErrorList, ImportRejectedError, type ImportResult } from './result';

/** Interactive transactions default to 5 s; a large import needs longer. */
export const TRANSACTION_OPTIONS = { timeout: 15 * 60_000, maxWait: 60_000 };

/** Checks a header against a kind's columns; returns the file's columns, or the error. */
export function checkHeader(kind: CsvKind, header: CsvRecord): { columns: string[] } | { error: RowError } {
  const expected = CSV_HEADERS[kind] as readonly string[];
  const optional = OPTIONAL_COLUMNS[kind] ?? [];
  const found = header.fields.map((f) => f.trim().toLowerCase());
  const accepted = [0, ...optional.map((_, i) => i + 1)].map((n) => [...expected, ...optional.slice(0, n)].join(','));
  if (accepted.includes(found.join(','))) return { columns: found };
  const also = optional.length ? ` (optionally followed by ${optional.join(',')})` : '';
  return {
    error: {
      line: header.line,
      column: null,
      value: header.fields.join(','),
      reason: `wrong header for ${kind}: expected ${expected.join(',')}${also}, found ${header.fields.join(',')}`,
    },
  };
}

/**
 * One file as it streams: the header checked, the data rows counted and handed to the store
 * writer. The caller's transaction makes it all or nothing: on any error it must roll back.
 */
class FileImport {
  private writer: RowWriter | null = null;
  private headerBad = false;
  readonly errors = new ErrorList();
  rowsRead = 0;

  constructor(
    private readonly db: SqlRunner,
    readonly kind: CsvKind,
    private readonly lookups: Lookups,
  ) {}

  async feed(records: CsvRecord[]): Promise<void> {
    for (const record of records) {
      if (!this.writer && !this.headerBad) {
        const header = checkHeader(this.kind, record);
        if ('error' in header) {
          this.errors.add(header.error);
          this.headerBad = true;
        } else this.writer = new RowWriter(this.db, this.kind, this.lookups, header.columns, this.errors);
        continue;
      }
      this.rowsRead += 1;
      this.writer?.add(record);
    }
    await this.writer?.flush();
  }

  /** A syntax error ends the file: what was read so far is still reported. */
  syntaxError(e: CsvSyntaxError): void {
    this.errors.add({ line: e.line, column: null, value: null, reason: `the file is not valid CSV: ${e.message}` });
  }

  /** Ends the file: an empty one is an error; otherwise the store writer's last checks and writes. */
  async finish(): Promise<void> {
    if (this.writer) await this.writer.finish();
    else if (!this.headerBad) {
      const expected = (CSV_HEADERS[this.kind] as readonly string[]).join(',');
      this.errors.add({
        line: 1,
        column: null,
        value: null,
        reason: `the file is empty: expected the header ${expected}`,
      });
    }
  }

  result(dryRun: boolean): ImportResult {
    const ok = this.errors.count === 0;
    const counts = this.writer?.counts ?? { inserted: 0, replaced: 0 };
    return {
      kind: this.kind,
      rowsRead: this.rowsRead,
      inserted: ok ? counts.inserted : 0,
      replaced: ok ? counts.replaced : 0,
      rejected: this.errors.rejected,
      errors: this.errors.sorted(),
      ...(this.errors.unlisted ? { unlistedErrors: this.errors.unlisted } : {}),
      dryRun,
    };
  }
}

export interface ImportOptions {
  /** Validate and count, then roll back: nothing is written, not even the audit entry. */
  dryRun?: boolean;
  /** Who the audit log names: an API key's name, or "cli" (the default). */
  actor?: string;
  /** The actor's role, when it has one. */
  role?: string | null;
  /** The file's name, for the audit log. */
  fileName?: string;
  /** Called after each batch of records with the data rows read so far (for progress). */
  onRows?: (rowsRead: number) => void;
}

/**
 * Imports one file of one kind from a stream of text chunks; throws ImportRejectedError
 * (nothing written) on any bad row.
 */
export async function importCsvStream(
  prisma: PrismaClient,
  kind: CsvKind,
  chunks: AsyncIterable<string> | Iterable<string>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const dryRun = options.dryRun ?? false;
  let result: ImportResult | undefined;
  try {
    await prisma.$transaction(async (tx) => {
      await lockWrites(tx);
      const file = new FileImport(tx, kind, await loadLookups(tx));
      try {
        for await (const records of csvRecords(chunks)) {
          await file.feed(records);
          options.onRows?.(file.rowsRead);
        }
      } catch (e) {
        if (!(e instanceof CsvSyntaxError)) throw e;
        file.syntaxError(e);
      }
      await file.finish();
      result = file.result(dryRun);
      if (result.rejected > 0) throw new ImportRejectedError(result);
      await recordAudit(tx, {
        actor: options.actor ?? CLI_ACTOR,
        role: options.role ?? null,
        action: 'IMPORT_CSV',
        target: kind,
        rows: result.inserted + result.replaced,
        details: {
          kind,
          file: options.fileName ?? null,
          rowsRead: result.rowsRead,
          inserted: result.inserted,
          replaced: result.replaced,
        },
      });
      if (dryRun) throw new DryRunRollback();
    }, TRANSACTION_OPTIONS);
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}

/** Imports one CSV text of one kind; throws ImportRejectedError (nothing written) on any bad row. */
export function importCsv(
  prisma: PrismaClient,
  kind: CsvKind,
  text: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  return importCsvStream(prisma, kind, textChunks(text), options);
}
