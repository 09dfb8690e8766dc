/**
 * Files for the command-line import: text streamed from disk in chunks (never read whole),
 * and the files a list of paths names (folders searched).
 */
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** Size of the chunks read from disk. */
const CHUNK_BYTES = 256 * 1024;

/**
 * A UTF-8 file as text chunks, streamed (a multi-byte character split between two chunks is
 * decoded whole). `onBytes` hears the bytes read so far, for progress.
 */
export async function* fileChunks(path: string, onBytes?: (bytes: number) => void): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      onBytes?.(stream.bytesRead);
      yield chunk as string;
    }
  } finally {
    stream.destroy();
  }
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
