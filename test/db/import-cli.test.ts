/**
 * The command lines, run as child processes the way `npm run import` / `npm run export` run
 * them (the TypeScript sources through tsx, so no build is needed), on a PGlite folder, or on
 * a scratch PostgreSQL database when DATABASE_URL is set.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { Client } from 'pg';

const exec = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const SEED = join(ROOT, 'data', 'seed');
const LEICS_DIR = join(
  ROOT,
  '..',
  'shared',
  'data',
  'real',
  'sanjiv576__Data_Science_Assginment_Recommendation_System',
  'crime_file',
);

let dir: string;
let env: NodeJS.ProcessEnv;
let dropDatabase: (() => Promise<void>) | null = null;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(script: 'import' | 'export', ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      cwd: ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const sorted = (text: string) => text.trim().split('\n').sort();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ppa-cli-'));
  env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.PGLITE_DATA_DIR;
  if (process.env.DATABASE_URL) {
    const name = `ppa_cli_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const c = new Client({ connectionString: process.env.DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  } else {
    delete env.DATABASE_URL;
    env.PGLITE_DATA_DIR = join(dir, 'store');
  }
}, 60_000);
afterAll(async () => {
  await dropDatabase?.();
  rmSync(dir, { recursive: true, force: true });
});

it('without a store it says how to name one', async () => {
  const { DATABASE_URL: _u, PGLITE_DATA_DIR: _p, ...bare } = env;
  const saved = env;
  env = bare;
  const run = await cli('import', join(SEED, 'areas.csv'));
  env = saved;
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('DATABASE_URL');
});

it('a folder: every <kind>.csv in reference order, one line per file', async () => {
  const run = await cli('import', SEED);
  expect(run.stderr).not.toMatch(/rejected/i);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split('\n');
  expect(lines.map((l) => l.split(' ')[0])).toEqual([
    'areas.csv',
    'categories.csv',
    'lsoa_lookup.csv',
    'crime_type_mapping.csv',
    'peer_groups.csv',
    'plans.csv',
    'objectives.csv',
    'crimes.csv',
    'outcomes.csv',
    'investigations.csv',
    'satisfaction.csv',
  ]);
  expect(lines[7]).toBe('crimes.csv (crimes): 13,376 rows read, 13,376 inserted, 0 replaced, 0 rejected');
}, 180_000);

it('police-uk: a folder of street files, one transaction, the report on stdout and progress on stderr', async () => {
  const dry = await cli('import', '--dry-run', 'police-uk', LEICS_DIR);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('police.uk: 3 file(s), 25,633 rows read, 25,633 counted (dry run: nothing written)');
  const run = await cli('import', 'police-uk', LEICS_DIR);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('police.uk: 3 file(s), 25,633 rows read, 25,633 counted\n');
  expect(run.stdout).toContain('2021-11-leicestershire-street.csv: 8,718 rows, month(s) 2021-11');
  expect(run.stdout).toContain('by area level: LPU 25,405, FORCE 228');
  expect(run.stdout).toContain('rows without an LSOA (No Location), counted at force level: 166');
  expect(run.stdout).toContain('rows with an LSOA outside the lookup or the force, counted at force level: 62');
  expect(run.stdout).toMatch(/2021-11 +8,718 rows: 8,635 in lower areas, 83 at force level/);
  expect(run.stdout).toMatch(/2021-12 +8,185 rows: 8,106 in lower areas, 79 at force level/);
  expect(run.stdout).toMatch(/2022-01 +8,730 rows: 8,664 in lower areas, 66 at force level/);
  expect(run.stdout).toMatch(/facts \(month, area, category\): \d+ inserted, 0 replaced, 0 removed/);
  // Progress: at least the first report, with a rate.
  expect(run.stderr).toMatch(
    /police\.uk: 2021-11-leicestershire-street\.csv \d+%, [\d,]+ rows \([\d,]+ in all\), [\d,]+ rows\/s/,
  );
}, 120_000);

it('several files of one kind: one transaction each; a rejected one lists its bad rows and stops the run', async () => {
  const good = join(dir, 'good.csv');
  const bad = join(dir, 'bad.csv');
  const later = join(dir, 'later.csv');
  writeFileSync(good, 'month,area_code,category_code,recorded\n2022-05,BLABY,ROBBERY,3\n');
  writeFileSync(
    bad,
    'month,area_code,category_code,recorded\r\n2022-05,ATLANTIS,ROBBERY,3\r\n2022-13,BLABY,ROBBERY,-1\r\n',
  );
  writeFileSync(later, 'month,area_code,category_code,recorded\n2022-05,CHARNWOOD,ROBBERY,4\n');

  const dry = await cli('import', '--dry-run', 'crimes', good, bad, later);
  expect(dry.code).toBe(1);
  expect(dry.stdout).toContain(
    'good.csv (crimes): 1 rows read, 1 inserted, 0 replaced, 0 rejected (dry run: nothing written)',
  );
  expect(dry.stdout).toContain('later.csv (crimes): 1 rows read, 1 inserted');
  expect(dry.stderr).toContain('bad.csv (crimes): rejected, nothing of it was written.');
  expect(dry.stderr).toContain('line 2 (area_code "ATLANTIS"): unknown area code "ATLANTIS"');
  expect(dry.stderr).toContain('line 3 (month "2022-13")');
  expect(dry.stderr).toContain('line 3 (recorded "-1"): recorded is negative');

  const run = await cli('import', 'crimes', good, bad, later);
  expect(run.code).toBe(1);
  expect(run.stdout).toContain('good.csv (crimes): 1 rows read, 1 inserted');
  expect(run.stderr).toContain('Stopped: not imported: later.csv. Files before bad.csv were imported.');
  const exported = await cli('export', 'crimes', '--from', '2022-05', '--to', '2022-05');
  expect(exported.code).toBe(0);
  expect(exported.stdout).toBe('month,area_code,category_code,recorded\n2022-05,BLABY,ROBBERY,3\n');
  expect(exported.stderr).toContain('Exported 1 crimes row(s)');
}, 120_000);

it('a file whose name is not a kind needs the kind first', async () => {
  const run = await cli('import', join(dir, 'good.csv'));
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('cannot tell the kind of');
});

// Every kind's round trip is in import-export.test.ts; here, the command line's file output.
it('export: seed kinds back as they were imported (rows sorted), to a file', async () => {
  for (const kind of ['categories', 'crimes']) {
    const out = join(dir, `${kind}.out.csv`);
    const run = await cli('export', kind, '--out', out, ...(kind === 'crimes' ? ['--to', '2013-11'] : []));
    expect(run.code).toBe(0);
    expect(sorted(readFileSync(out, 'utf8'))).toEqual(sorted(readFileSync(join(SEED, `${kind}.csv`), 'utf8')));
  }
}, 180_000);

it('export: filters, and the errors for a filter that does not apply or names nothing', async () => {
  const run = await cli(
    'export',
    'crimes',
    '--area',
    'COUNTIES',
    '--category',
    'BURGLARY',
    '--from',
    '2013-11',
    '--to=2013-11',
  );
  expect(run.code).toBe(0);
  const COUNTIES_BURGLARY_NOVEMBER = new RegExp(
    '^2013-11,(BLABY|CHARNWOOD|HARBOROUGH|HINCKLEY_BOSWORTH|MELTON_RUTLAND|NORTH_WEST_LEICESTERSHIRE|OADBY_WIGSTON),' +
      '(DOMESTIC_BURGLARY|BURGLARY_OTHER_THAN_DWELLING),',
  );
  const want = readFileSync(join(SEED, 'crimes.csv'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => COUNTIES_BURGLARY_NOVEMBER.test(l));
  expect(want).toHaveLength(14);
  expect(sorted(run.stdout)).toEqual(sorted(['month,area_code,category_code,recorded', ...want].join('\n')));

  const notForKind = await cli('export', 'satisfaction', '--category', 'BURGLARY');
  expect(notForKind.code).toBe(2);
  expect(notForKind.stderr).toContain('the category filter does not apply to satisfaction: it takes area, from, to');
  const unknown = await cli('export', 'crimes', '--area', 'ATLANTIS');
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown area code "ATLANTIS"');
}, 120_000);

it('a file not in UTF-8 is rejected with its line and column; a NUL in a cell is a row error', async () => {
  const header = 'code,name,level,parent_code,population,population_year\n';
  const latin1 = join(dir, 'areas.csv');
  writeFileSync(
    latin1,
    Buffer.concat([
      Buffer.from(`${header}LATIN_OK,Plain Town,LPU,CITY,,\nLATIN_BAD,Caf`),
      Buffer.from([0xe9]),
      Buffer.from(' Town,LPU,CITY,,\n'),
    ]),
  );
  const run = await cli('import', latin1);
  expect(run.code).not.toBe(0);
  expect(run.stderr).toContain('line 3: the file is not valid CSV: byte 0xE9 at column 14 is not UTF-8');
  expect(run.stderr).not.toMatch(/\uFFFD|prisma|invalid byte sequence/i);
  writeFileSync(latin1, `${header}NUL_TOWN,Nul\u0000Town,LPU,CITY,,\n`);
  const nul = await cli('import', latin1);
  expect(nul.code).not.toBe(0);
  expect(nul.stderr).toContain(
    'line 2 (name "Nul\\0Town"): contains a NUL character (byte 0), which text cannot hold: remove it',
  );
  expect(nul.stderr).not.toMatch(/prisma|invalid byte sequence|22021/i);
  const exported = await cli('export', 'areas');
  expect(exported.stdout).not.toMatch(/LATIN_|NUL_TOWN/);
}, 120_000);
