/**
 * Files for the command-line import: text streamed from disk in chunks (never read whole),
 * and the files a list of paths names (folders searched).
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CsvSyntaxError } from './csv';

/** Size of the chunks read from disk. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A UTF-8 file as text chunks, streamed (a multi-byte character split between two chunks is
 * decoded whole). `onBytes` hears the bytes read so far, for progress. Bytes that are not UTF-8
 * (a Latin-1 or Windows-1252 export) are refused with where they are, a CsvSyntaxError the
 * import lists as the file's error, rather than read as replacement characters.
 */
export async function* fileChunks(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const position = { line: 1, column: 1 };
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(stream.bytesRead);
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = completeLength(bytes);
      carry = bytes.subarray(cut);
      const text = decodeAt(decoder, bytes.subarray(0, cut), position);
      if (text) yield text;
    }
    if (carry.length) decodeAt(decoder, carry, position);
  } finally {
    stream.destroy();
  }
}

/** Bytes up to the last whole character: a sequence cut by the chunk's end waits for the next chunk. */
function completeLength(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return needs > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Decodes whole characters, keeping the line and column reached; throws where a byte is not UTF-8. */
function decodeAt(
  decoder: InstanceType<typeof TextDecoder>,
  bytes: Uint8Array,
  position: { line: number; column: number },
): string {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    advance(position, decoder.decode(bytes.subarray(0, bad)));
    throw new CsvSyntaxError(
      `byte 0x${bytes[bad].toString(16).toUpperCase().padStart(2, '0')} at column ${position.column} is ` +
        `not UTF-8: save the file as UTF-8 (it looks like another encoding, such as Latin-1 or ` +
        `Windows-1252)`,
      position.line,
    );
  }
  advance(position, text);
  return text;
}

function advance(position: { line: number; column: number }, text: string): void {
  const lastLf = text.lastIndexOf('\n');
  if (lastLf === -1) position.column += [...text].length;
  else {
    for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) position.line++;
    position.column = [...text.slice(lastLf + 1)].length + 1;
  }
}

/** Offset of the first byte that does not begin (or continue) a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const needs = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (needs === 0 || i + needs > bytes.length) return i;
    const slice = bytes.subarray(i, i + needs);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(slice);
    } catch {
      return i;
    }
    i += needs;
  }
  return Math.min(i, bytes.length - 1);
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path, keep));
    else if (entry.isFile() && keep(entry.name)) out.push(path);
  }
  return out;
}

/** data.police.uk street files: the files named, and every `*-street.csv` under the folders named. */
export function findStreetFiles(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    if (statSync(path).isDirectory()) {
      const found = walk(path, (name) => /-street\.csv$/i.test(name));
      if (!found.length) throw new Error(`no *-street.csv files under ${path}`);
      files.push(...found);
    } else files.push(path);
  }
  return files;
}

/** Every `.csv` file directly in a folder. */
export function csvFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.csv') && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => join(dir, name));
}

/** The kind a file's name gives: `crimes.csv` → crimes (what `<kind>.csv` files are called). */
export function kindFromFileName(path: string): string {
  return basename(path).replace(/\.csv$/i, '');
}
