/**
 * Builds data/seed/lsoa_lookup.csv (`lsoa_code,area_code`): every Leicestershire LSOA seen in
 * data.police.uk street files, assigned to one of the seed's 12 LPUs, so imported street
 * files land in LPUs.
 *
 *   npx tsx scripts/build-lsoa-lookup.ts <files or folders of *-street.csv> [--out file]
 *
 * Input: Leicestershire street files from data.police.uk (the committed lookup was built from
 * 2021-11 to 2022-01; test/fixtures/police-uk holds one of those months).
 * The rule, deterministic (same files, same bytes):
 * - The district is the LSOA name without its trailing code ("Charnwood 012A" → Charnwood).
 *   Each county district is one LPU (DISTRICT_LPU below; Melton and Rutland share one).
 * - Leicester (the City BCU's five LPUs) is split by MSOA, the three digits of the name
 *   ("Leicester 041B" → MSOA 041), so neighbouring LSOAs stay together. An MSOA's centre is
 *   the mean of its LSOAs' centres, an LSOA's centre the mean of the coordinates of its rows.
 *   Within CITY_CENTRE_RADIUS_KM of the Clock Tower: CITY_CENTRE. Further out, by compass
 *   bearing from the Clock Tower: 345°-75° BELGRAVE (north, north-east), 75°-165°
 *   SPINNEY_HILLS (east, south-east), 165°-255° BRAUNSTONE (south, south-west), 255°-345°
 *   BEAUMONT_LEYS (west, north-west). An approximation of the LPU boundaries, not the
 *   force's own map.
 * - LSOAs of other districts (South Kesteven, Rushcliffe, ...) lie outside the force: left
 *   out, so their rows count at force level, and listed here.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SEED_DIR } from '../src/config/paths';
import { csvLine, csvRecords } from '../src/import/csv';
import { fileChunks, findStreetFiles } from '../src/import/files';
import { POLICE_UK_COLUMNS } from '../src/import/police-uk';

/** County districts (the start of an LSOA name) and their LPU. */
export const DISTRICT_LPU: Record<string, string> = {
  Blaby: 'BLABY',
  Charnwood: 'CHARNWOOD',
  Harborough: 'HARBOROUGH',
  'Hinckley and Bosworth': 'HINCKLEY_BOSWORTH',
  Melton: 'MELTON_RUTLAND',
  Rutland: 'MELTON_RUTLAND',
  'North West Leicestershire': 'NORTH_WEST_LEICESTERSHIRE',
  'Oadby and Wigston': 'OADBY_WIGSTON',
};
export const CITY_DISTRICT = 'Leicester';
/** Leicester's Clock Tower. */
export const CLOCK_TOWER = { lat: 52.6362, lon: -1.1332 };
export const CITY_CENTRE_RADIUS_KM = 1.5;
/** Sectors by bearing from the Clock Tower, clockwise from north: [from, to) degrees. */
export const CITY_SECTORS: { from: number; to: number; lpu: string }[] = [
  { from: 345, to: 75, lpu: 'BELGRAVE' },
  { from: 75, to: 165, lpu: 'SPINNEY_HILLS' },
  { from: 165, to: 255, lpu: 'BRAUNSTONE' },
  { from: 255, to: 345, lpu: 'BEAUMONT_LEYS' },
];

const LSOA_NAME = /^(.+) (\d{3})([A-Z])$/;

/** Distance (km, equirectangular: exact enough over a city) and bearing (degrees from north) from the Clock Tower. */
export function fromClockTower(lat: number, lon: number): { km: number; bearing: number } {
  const x = (lon - CLOCK_TOWER.lon) * 111.32 * Math.cos((CLOCK_TOWER.lat * Math.PI) / 180);
  const y = (lat - CLOCK_TOWER.lat) * 110.57;
  return { km: Math.hypot(x, y), bearing: ((Math.atan2(x, y) * 180) / Math.PI + 360) % 360 };
}

export function cityLpu(lat: number, lon: number): string {
  const { km, bearing } = fromClockTower(lat, lon);
  if (km < CITY_CENTRE_RADIUS_KM) return 'CITY_CENTRE';
  const sector = CITY_SECTORS.find((s) =>
    s.from < s.to ? bearing >= s.from && bearing < s.to : bearing >= s.from || bearing < s.to,
  );
  return sector!.lpu;
}

interface Lsoa {
  code: string;
  name: string;
  district: string;
  msoa: string;
  lat: number;
  lon: number;
  points: number;
}

export interface LookupBuild {
  rows: { lsoa: string; area: string }[];
  /** Leicester MSOAs: centre, distance, bearing and LPU, for the README. */
  msoas: { msoa: string; lsoas: number; lat: number; lon: number; km: number; bearing: number; lpu: string }[];
  /** Districts outside the force: LSOAs and rows. */
  outside: Map<string, { lsoas: number; rows: number }>;
  files: string[];
}

export async function buildLsoaLookup(paths: string[]): Promise<LookupBuild> {
  const files = findStreetFiles(paths);
  const lsoas = new Map<string, Lsoa>();
  const outsideRows = new Map<string, number>();
  for (const file of files) {
    let header = true;
    for await (const records of csvRecords(fileChunks(file))) {
      for (const { fields } of records) {
        if (header) {
          if (fields.join(',') !== POLICE_UK_COLUMNS.join(','))
            throw new Error(`${file}: not a data.police.uk street file`);
          header = false;
          continue;
        }
        const code = fields[7].trim();
        const name = fields[8].trim();
        if (!code) continue;
        const match = LSOA_NAME.exec(name);
        if (!match) throw new Error(`${file}: LSOA name "${name}" does not end in a code like 012A`);
        const district = match[1];
        if (district !== CITY_DISTRICT && !DISTRICT_LPU[district]) {
          outsideRows.set(district, (outsideRows.get(district) ?? 0) + 1);
        }
        let l = lsoas.get(code);
        if (!l) lsoas.set(code, (l = { code, name, district, msoa: match[2], lat: 0, lon: 0, points: 0 }));
        const lat = Number(fields[5]);
        const lon = Number(fields[4]);
        if (fields[5] && fields[4] && Number.isFinite(lat) && Number.isFinite(lon)) {
          l.lat += lat;
          l.lon += lon;
          l.points += 1;
        }
      }
    }
  }
  const rows: { lsoa: string; area: string }[] = [];
  const outside = new Map<string, { lsoas: number; rows: number }>();
  const city = new Map<string, Lsoa[]>();
  for (const l of lsoas.values()) {
    if (l.district === CITY_DISTRICT) {
      if (!l.points) throw new Error(`Leicester LSOA ${l.code} has no coordinates in these files`);
      city.set(l.msoa, [...(city.get(l.msoa) ?? []), l]);
    } else if (DISTRICT_LPU[l.district]) rows.push({ lsoa: l.code, area: DISTRICT_LPU[l.district] });
    else {
      const o = outside.get(l.district) ?? { lsoas: 0, rows: outsideRows.get(l.district) ?? 0 };
      o.lsoas += 1;
      outside.set(l.district, o);
    }
  }
  const msoas: LookupBuild['msoas'] = [];
  for (const [msoa, members] of [...city].sort(([a], [b]) => a.localeCompare(b))) {
    const lat = members.reduce((s, l) => s + l.lat / l.points, 0) / members.length;
    const lon = members.reduce((s, l) => s + l.lon / l.points, 0) / members.length;
    const lpu = cityLpu(lat, lon);
    msoas.push({ msoa, lsoas: members.length, lat, lon, ...fromClockTower(lat, lon), lpu });
    for (const l of members) rows.push({ lsoa: l.code, area: lpu });
  }
  rows.sort((a, b) => a.lsoa.localeCompare(b.lsoa));
  return { rows, msoas, outside, files };
}

async function main() {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? resolve(args[outAt + 1]) : join(SEED_DIR, 'lsoa_lookup.csv');
  const inputs = args.filter((_, i) => i !== outAt && i !== outAt + 1);
  if (inputs.length === 0) {
    console.error('Usage: npx tsx scripts/build-lsoa-lookup.ts <files or folders of *-street.csv> [--out file]');
    process.exit(2);
  }
  const build = await buildLsoaLookup(inputs.map((p) => resolve(p)));
  writeFileSync(
    out,
    [csvLine(['lsoa_code', 'area_code']), ...build.rows.map((r) => csvLine([r.lsoa, r.area]))].join('\n') + '\n',
  );
  const perLpu = new Map<string, number>();
  for (const r of build.rows) perLpu.set(r.area, (perLpu.get(r.area) ?? 0) + 1);
  console.log(`Read ${build.files.length} file(s); wrote ${build.rows.length} LSOAs to ${out}`);
  for (const [lpu, n] of [...perLpu].sort()) console.log(`  ${lpu.padEnd(27)} ${String(n).padStart(4)} LSOAs`);
  console.log('Leicester MSOAs (centre, km and bearing from the Clock Tower, LPU):');
  for (const m of build.msoas) {
    console.log(
      `  ${m.msoa}  ${m.lsoas} LSOAs  ${m.lat.toFixed(4)},${m.lon.toFixed(4)}  ` +
        `${m.km.toFixed(2)} km  ${m.bearing.toFixed(0).padStart(3)}°  ${m.lpu}`,
    );
  }
  console.log('Left out (outside the force: their rows count at force level):');
  for (const [district, o] of [...build.outside].sort())
    console.log(`  ${district}: ${o.lsoas} LSOA(s), ${o.rows} row(s)`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
