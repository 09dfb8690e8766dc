/**
 * `npm run export`: writes one canonical kind as CSV, in the format `npm run import` reads,
 * from the store that DATABASE_URL or PGLITE_DATA_DIR names.
 *
 *   npm run export -- <kind> [--area CODE] [--category CODE] [--from YYYY-MM] [--to YYYY-MM] [--out file]
 *
 * --area keeps the area and every area below it, --category the category and its subtree,
 * --from/--to a range of months (plans and objectives: financial years that reach into it).
 * The CSV goes to --out, or to stdout (use `npm run -s export` so npm's own banner stays out
 * of it); the row count goes to stderr. Rows stream from the database a page at a time.
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { exportCsv, exportFiltersOf, type ExportFilters } from '../src/export/export.service';
import { CSV_KINDS, isCsvKind } from '../src/import/kinds';
import { InvalidInputError } from '../src/period/errors';
import { fmt, openStore } from '../src/import/cli';

const USAGE =
  'usage: npm run export -- <kind> [--area CODE] [--category CODE] [--from YYYY-MM] [--to YYYY-MM] [--out file]\n' +
  `kinds: ${CSV_KINDS.join(', ')}
store: DATABASE_URL (PostgreSQL) or PGLITE_DATA_DIR (embedded store folder)`;

class UsageError extends Error {}

const OPTIONS = { '--area': 'area', '--category': 'category', '--from': 'from', '--to': 'to' } as const;

export function parseExportArgs(argv: string[]): { kind: string; filters: ExportFilters; out: string | null } {
  let kind: string | null = null;
  let out: string | null = null;
  const filters: ExportFilters = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (name === '--out' || name in OPTIONS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      if (name === '--out') out = value;
      else filters[OPTIONS[name as keyof typeof OPTIONS]] = value;
    } else if (name.startsWith('--')) throw new UsageError(`unknown option ${name}`);
    else if (kind === null) kind = arg;
    else throw new UsageError(`one kind at a time: "${arg}" is extra`);
  }
  if (!kind) throw new UsageError('which kind?');
  return { kind, filters, out };
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const { kind, filters, out } = parseExportArgs(argv);
  if (!isCsvKind(kind)) throw new UsageError(`unknown kind "${kind}"`);
  const db = await openStore();
  const stream: Writable = out ? createWriteStream(resolve(out)) : process.stdout;
  try {
    const { rows } = await exportCsv(db.prisma, kind, filters, (text) => write(stream, text));
    if (out) {
      stream.end();
      await once(stream, 'finish');
    }
    console.error(
      `Exported ${fmt(rows)} ${kind} row(s)${out ? ` to ${out}` : ''} ` +
        `(filters this kind takes: ${exportFiltersOf(kind).join(', ') || 'none'}).`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main()
    .then((code) => process.exit(code))
    .catch((err) => {
      if (err instanceof UsageError) console.error(`${err.message}\n${USAGE}`);
      else if (err instanceof InvalidInputError) console.error(err.message);
      else console.error(err instanceof Error ? err.message : err);
      process.exit(err instanceof UsageError || err instanceof InvalidInputError ? 2 : 1);
    });
}
