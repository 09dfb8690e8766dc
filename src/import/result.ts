/**
 * What an import reports: its counts, the list of its row errors, and the error that rejects
 * a file with a bad row (nothing of it written).
 */
import type { CsvKind, RowError } from './kinds';

/** What a canonical CSV import did (or, on a dry run, would do). */
export interface ImportResult {
  kind: CsvKind;
  /** Data rows read (the header and blank lines not counted). */
  rowsRead: number;
  inserted: number;
  replaced: number;
  /** Bad rows (distinct lines with an error); 0 for an accepted file. */
  rejected: number;
  /** Every problem found, by line; at most MAX_LISTED_ERRORS are listed. */
  errors: RowError[];
  /** Problems found beyond the MAX_LISTED_ERRORS listed; absent when every one is listed. */
  unlistedErrors?: number;
  dryRun: boolean;
}

/** What a rejected import reports, whatever its format. */
export interface RejectedImport {
  kind: string;
  rowsRead: number;
  inserted: number;
  replaced: number;
  rejected: number;
  errors: RowError[];
  unlistedErrors?: number;
  dryRun: boolean;
}

/** A file with a bad row: nothing of it was written. Mapped to BAD_USER_INPUT with the row errors. */
export class ImportRejectedError extends Error {
  constructor(readonly result: RejectedImport) {
    const shown = result.errors
      .slice(0, 3)
      .map((e) => `${e.file ? `${e.file} ` : ''}line ${e.line}${e.column ? ` (${e.column})` : ''}: ${e.reason}`);
    const more = result.errors.length - shown.length + (result.unlistedErrors ?? 0);
    const what = result.kind === 'police_uk' ? 'The data.police.uk import was' : `The ${result.kind} file was`;
    super(
      `${what} rejected, nothing was written: ${result.rejected} bad row(s). ${shown.join('; ')}` +
        (more > 0 ? `; and ${more} more` : ''),
    );
  }
}

/** Thrown inside a dry run's transaction, once everything is counted, to roll it back. */
export class DryRunRollback extends Error {}

/** Most row errors one rejected file lists (its `rejected` count stays exact). */
export const MAX_LISTED_ERRORS = 1000;

/**
 * Collects the errors of an import: the first MAX_LISTED_ERRORS listed, every bad row
 * counted. Rows are checked in order and a row's errors arrive together, so distinct bad
 * rows are counted without remembering them all (memory stays bounded on a huge bad file).
 */
export class ErrorList {
  readonly listed: RowError[] = [];
  unlisted = 0;
  private badRows = 0;
  private lastRow: string | null = null;

  add(error: RowError): void {
    const row = `${error.file ?? ''}|${error.line}`;
    if (row !== this.lastRow) {
      this.badRows += 1;
      this.lastRow = row;
    }
    if (this.listed.length < MAX_LISTED_ERRORS) this.listed.push(error);
    else this.unlisted += 1;
  }
  get count(): number {
    return this.listed.length + this.unlisted;
  }
  /** Distinct bad rows. */
  get rejected(): number {
    return this.badRows;
  }
  sorted(): RowError[] {
    return [...this.listed].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.line - b.line);
  }
}
