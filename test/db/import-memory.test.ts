/**
 * A large data.police.uk file streams: a ~50 MB synthetic street file (three months, real
 * Leicestershire LSOAs, every crime type, "No Location" rows and LSOAs outside the force) is
 * imported in a child process whose V8 heap is capped at 64 MB, and the heap it uses while
 * importing grows by a small fraction of the file's size. The file as one string would take
 * 50 MB of heap on its own; its rows as objects several times that.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..', '..');
const HEADER =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,' +
  'LSOA code,LSOA name,Crime type,Last outcome category,Context';
const TYPES = [
  'Violence and sexual offences',
  'Public order',
  'Criminal damage and arson',
  'Anti-social behaviour',
  'Other theft',
  'Vehicle crime',
  'Burglary',
  'Shoplifting',
  'Drugs',
  'Other crime',
  'Bicycle theft',
  'Possession of weapons',
  'Robbery',
  'Theft from the person',
];
const MONTHS = ['2022-02', '2022-03', '2022-04'];

let dir: string;
let file: string;
const expectedRows: Record<string, number> = {};
let rows = 0;

/** Writes the synthetic file; a small deterministic generator, no Math.random. */
function writeStreetFile(path: string, targetBytes: number): void {
  const lsoas = readFileSync(join(ROOT, 'data', 'seed', 'lsoa_lookup.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const fd = openSync(path, 'w');
  writeSync(fd, `${HEADER}\r\n`);
  let bytes = 0;
  let batch: string[] = [];
  while (bytes < targetBytes) {
    const month = MONTHS[next() % MONTHS.length];
    const type = TYPES[next() % TYPES.length];
    const pick = next() % 100;
    // 1% No Location, 1% an LSOA outside the force, the rest Leicestershire LSOAs.
    const [lsoa, name, location, lon, lat] =
      pick === 0
        ? ['', '', 'No Location', '', '']
        : pick === 1
          ? ['E01026356', 'South Kesteven 016D', 'On or near "The Green, East"', '-0.6', '52.8']
          : [lsoas[next() % lsoas.length], 'Somewhere 001A', 'On or near Main Street', '-1.13', '52.63'];
    const id = type === 'Anti-social behaviour' ? '' : next().toString(16).padStart(8, '0').repeat(8);
    const outcome = type === 'Anti-social behaviour' ? '' : 'Investigation complete; no suspect identified';
    const quotedLocation = location.includes('"') ? `"${location.replace(/"/g, '""')}"` : location;
    const force = 'Leicestershire Police';
    const fields = [id, month, force, force, lon, lat, quotedLocation, lsoa, name, type, outcome, ''];
    const line = `${fields.join(',')}\r\n`;
    batch.push(line);
    bytes += line.length;
    rows += 1;
    expectedRows[month] = (expectedRows[month] ?? 0) + 1;
    if (batch.length === 10_000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ppa-street-'));
  file = join(dir, '2022-02-leicestershire-street.csv');
  writeStreetFile(file, 50 * 1024 * 1024);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a 50 MB street file imports in a 64 MB heap, the heap growing by a small fraction of the file', async () => {
  const size = statSync(file).size;
  expect(size).toBeGreaterThan(50 * 1024 * 1024);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const { stdout } = await run(
    process.execPath,
    [
      '--max-old-space-size=64',
      '--max-semi-space-size=1',
      '--expose-gc',
      '--import',
      'tsx',
      'test/db/import-memory.child.ts',
      file,
    ],
    {
      cwd: ROOT,
      env,
      maxBuffer: 1024 * 1024,
    },
  );
  const report = JSON.parse(stdout.trim().split('\n').pop()!);
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const growth = report.peak - report.before;
  const liveGrowth = report.livePeak - report.before;
  process.stdout.write(
    `police.uk memory: ${mb(size)} file, ${rows} rows in ${report.seconds.toFixed(1)} s; ` +
      `heapUsed ${mb(report.before)} before, peak ${mb(report.peak)} (+${mb(growth)}, garbage included), ` +
      `live peak ${mb(report.livePeak)} (+${mb(liveGrowth)})\n`,
  );
  expect(report.rowsRead).toBe(rows);
  expect(report.months.map((m: { month: string; rows: number }) => [m.month, m.rows])).toEqual(
    MONTHS.map((m) => [m, expectedRows[m]]),
  );
  // Every row counted, at LPU level or, for No Location and South Kesteven, at force level.
  expect(report.byLevel.reduce((s: number, l: { rows: number }) => s + l.rows, 0)).toBe(rows);
  // Garbage included, the heap never grows by half the file (how much garbage waits for a collection depends on
  // V8's young generation: Node 24 lets about 18 MB pile up where Node 20 left 13 MB); what stays live, by a tenth.
  expect(growth).toBeLessThan(size / 2);
  expect(report.batches).toBeGreaterThan(100);
  expect(liveGrowth).toBeLessThan(size / 10);
}, 300_000);
