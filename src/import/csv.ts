/**
 * A small RFC 4180 CSV reader: quoted fields (with commas, quotes and line breaks inside),
 * CRLF or LF line ends, a UTF-8 byte-order mark. It yields records with the line number
 * they start on, so every error can name its line. It takes chunks, so large files stream.
 */
export interface CsvRecord {
  /** 1-based line number of the record's first line in the file (the header is line 1). */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLineFeeds(s: string): number {
  let count = 0;
  for (let at = s.indexOf('\n'); at !== -1; at = s.indexOf('\n', at + 1)) count++;
  return count;
}

export class CsvReader {
  private field = '';
  private fields: string[] = [];
  private inQuotes = false;
  private quoteClosed = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private pendingCR = false;

  /** Feeds a chunk of text; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (!this.started) {
      if (text.length === 0) return out;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.started = true;
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      if (this.pendingCR) {
        this.pendingCR = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.inQuotes) {
        // Everything up to the next quote belongs to the field.
        const q = text.indexOf('"', i);
        const part = text.slice(i, q === -1 ? n : q);
        this.line += countLineFeeds(part);
        this.field += part;
        if (q === -1) break;
        if (q + 1 === n) {
          // A quote at the very end of a chunk: decide on the next chunk.
          this.inQuotes = false;
          this.quoteClosed = true;
          this.pendingQuote = true;
          break;
        }
        if (text.charCodeAt(q + 1) === QUOTE) {
          this.field += '"';
          i = q + 2;
        } else {
          this.inQuotes = false;
          this.quoteClosed = true;
          i = q + 1;
        }
        continue;
      }
      if (this.pendingQuote) {
        this.pendingQuote = false;
        if (text.charCodeAt(i) === QUOTE) {
          // The quote that ended the last chunk was the first half of an escaped quote.
          this.field += '"';
          this.inQuotes = true;
          this.quoteClosed = false;
          i++;
          continue;
        }
      }
      // An unquoted run: up to the next comma, line end or quote.
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
        j++;
      }
      if (j > i) {
        if (this.quoteClosed)
          throw new CsvSyntaxError(`unexpected character ${JSON.stringify(text[i])} after a closing quote`, this.line);
        this.field += text.slice(i, j);
        i = j;
        if (i === n) break;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        this.endField();
      } else if (c === LF || c === CR) {
        this.endField();
        out.push({ line: this.recordLine, fields: this.fields });
        this.fields = [];
        this.line++;
        this.recordLine = this.line;
        if (c === CR) this.pendingCR = true;
      } else if (this.field === '' && !this.quoteClosed) {
        this.inQuotes = true;
      } else if (this.quoteClosed) {
        throw new CsvSyntaxError('unexpected character "\\"" after a closing quote', this.line);
      } else {
        this.field += '"';
      }
      i++;
    }
    return out;
  }

  private pendingQuote = false;

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoteClosed = false;
  }

  /** Ends the input; returns the last record when the file has no final line break. */
  end(): CsvRecord[] {
    this.pendingQuote = false;
    if (this.inQuotes) throw new CsvSyntaxError('a quoted field is not closed before the end of the file', this.line);
    if (this.field !== '' || this.fields.length > 0 || this.quoteClosed) {
      this.endField();
      const record = { line: this.recordLine, fields: this.fields };
      this.fields = [];
      return [record];
    }
    return [];
  }
}

/** A record that is one empty field: a blank line, skipped. */
const isBlank = (r: CsvRecord) => r.fields.length === 1 && r.fields[0] === '';

/** Parses a whole text; blank lines are dropped. */
export function parseCsv(text: string): CsvRecord[] {
  const reader = new CsvReader();
  return [...reader.push(text), ...reader.end()].filter((r) => !isBlank(r));
}

/** Records of a text stream in the batches the reader completes them, blank lines dropped. */
export async function* csvRecords(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<CsvRecord[]> {
  const reader = new CsvReader();
  for await (const chunk of chunks) {
    const records = reader.push(chunk).filter((r) => !isBlank(r));
    if (records.length) yield records;
  }
  const last = reader.end().filter((r) => !isBlank(r));
  if (last.length) yield last;
}

/** A string in slices, so a large text goes through the same streaming path as a file. */
export function* textChunks(text: string, size = 1 << 16): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Quotes a field when it needs it. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',');
}
