/**
 * Writes rows of one canonical kind to the store: each row is validated by its kind's handler
 * (src/import/kinds/), checked for a duplicate key, upserted, and the rollups of the months
 * written are refreshed once at the end. The imports feed it a file's records as they stream;
 * the write API (the `*.writes.ts` files) one row per mutation, through `writeParsedRows`.
 * The caller's transaction makes it all or nothing: on any error it must roll back.
 */
import { inChunks, type SqlRunner } from '../db/sql';
import { hasNul, NUL_REASON } from '../limits/control-characters';
import type { CsvRecord } from '../import/csv';
import { CSV_HEADERS, RowReader, type CsvKind, type RowError } from '../import/kinds';
import { KIND_HANDLERS } from '../import/kinds/handlers';
import { CHUNK, loadLookups, type Counts, type KindHandler, type Lookups } from '../import/kinds/kind';
import { ErrorList } from '../import/result';

const NO_CODES: ReadonlySet<string> = new Set();

/**
 * Validates records of one kind, whose columns are known (the header was checked), and writes
 * the valid ones, only while no error has been seen. Fact kinds are written CHUNK rows at a
 * time as `flush` is called, so a large file streams; tree kinds (areas, categories) are read
 * whole at `finish`, since a row may name a parent defined further down.
 */
export class RowWriter {
  private readonly handler: KindHandler<unknown>;
  counts: Counts = { inserted: 0, replaced: 0 };
  private readonly seen = new Map<string, number>();
  private readonly months = new Set<number>();
  /** Valid rows not written yet (all of them for whole-file kinds until `finish`). */
  private pending: { row: unknown; line: number }[] = [];
  /** Records of whole-file kinds, validated at `finish`. */
  private buffered: CsvRecord[] = [];

  constructor(
    private readonly db: SqlRunner,
    kind: CsvKind,
    private readonly lookups: Lookups,
    private readonly columns: string[],
    readonly errors: ErrorList,
  ) {
    this.handler = KIND_HANDLERS[kind];
  }

  /** Takes one data record: validated now, or at `finish` for whole-file kinds. */
  add(record: CsvRecord): void {
    if (this.handler.wholeFile) this.buffered.push(record);
    else this.readRecord(record, NO_CODES);
  }

  /** Writes the rows read so far once there are CHUNK of them, unless there was an error. */
  async flush(): Promise<void> {
    if (!this.handler.wholeFile && this.pending.length >= CHUNK && this.errors.count === 0) {
      await this.writePending();
    }
  }

  private readRecord(record: CsvRecord, fileCodes: ReadonlySet<string>): void {
    const columns = this.columns;
    if (record.fields.length !== columns.length) {
      this.errors.add({
        line: record.line,
        column: null,
        value: record.fields.join(','),
        reason: `expected ${columns.length} fields (${columns.join(',')}), found ${record.fields.length}`,
      });
      return;
    }
    const nul = record.fields.findIndex(hasNul);
    if (nul >= 0) {
      this.errors.add({
        line: record.line,
        column: columns[nul],
        value: record.fields[nul].replaceAll('\u0000', '\\0'),
        reason: NUL_REASON,
      });
      return;
    }
    const reader = new RowReader(record.line, Object.fromEntries(columns.map((c, i) => [c, record.fields[i]])));
    const row = this.handler.read(reader, this.lookups, fileCodes);
    if (reader.errors.length) {
      for (const e of reader.errors) this.errors.add(e);
      return;
    }
    const key = this.handler.key(row);
    const earlier = this.seen.get(key);
    if (earlier !== undefined) {
      this.errors.add({
        line: record.line,
        column: null,
        value: record.fields.join(','),
        reason: `duplicate of line ${earlier}: the same key appears twice in one file`,
      });
      return;
    }
    this.seen.set(key, record.line);
    this.pending.push({ row, line: record.line });
  }

  private async writePending(): Promise<void> {
    const rows = this.pending.map((p) => p.row);
    this.pending = [];
    if (!rows.length) return;
    await inChunks(rows, CHUNK, async (chunk) => {
      const counts = await this.handler.upsert(this.db, chunk, this.lookups);
      this.counts.inserted += counts.inserted;
      this.counts.replaced += counts.replaced;
      if (this.handler.month) for (const row of chunk) this.months.add(this.handler.month(row));
    });
  }

  /** Ends the rows: the whole-file checks, the last writes and the rollups, unless there were errors. */
  async finish(): Promise<void> {
    if (this.handler.wholeFile) {
      const codes = new Set(this.buffered.map((d) => (d.fields[0] ?? '').trim()));
      for (const record of this.buffered) this.readRecord(record, codes);
      this.buffered = [];
      this.handler.check?.(this.pending, this.lookups, (e) => this.errors.add(e));
    }
    if (this.errors.count > 0) return;
    await this.writePending();
    if (this.handler.refresh && this.months.size) {
      await this.handler.refresh(
        this.db,
        [...this.months].sort((a, b) => a - b),
      );
    }
  }
}

/**
 * Validates and writes rows of one kind that arrive already split into columns (the write
 * API's single-row mutations, the reference data): exactly a file's checks and messages,
 * upsert and rollup refresh, inside the caller's transaction. `rows` are keyed by CSV column;
 * an error's `line` is the row's 1-based position in `rows`. Writes nothing when there is any
 * error.
 */
export async function writeParsedRows(
  db: SqlRunner,
  kind: CsvKind,
  rows: Record<string, string>[],
): Promise<{ inserted: number; replaced: number; errors: RowError[] }> {
  const columns = [...CSV_HEADERS[kind]];
  const errors = new ErrorList();
  const writer = new RowWriter(db, kind, await loadLookups(db), columns, errors);
  rows.forEach((row, i) => writer.add({ line: i + 1, fields: columns.map((column) => row[column] ?? '') }));
  await writer.finish();
  if (errors.rejected > 0) return { inserted: 0, replaced: 0, errors: errors.sorted() };
  return { inserted: writer.counts.inserted, replaced: writer.counts.replaced, errors: [] };
}
