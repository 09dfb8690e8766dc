/**
 * Quick A/B probe for development (not the reference runner): starts our server (bench/server.ts)
 * and the bespoke server on one PostgreSQL scale, checks both give the same numbers, then runs
 * `--n` sequential requests per operation against each, interleaved in `--rounds` rounds, and
 * prints p50 and server CPU per request (from /proc), plus SQL statements and peak RSS.
 *
 * node dist/bench/probe.js --scale national --ops figure,trend --n 200 [--cpu-prof DIR] [--node-args "..."]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { difference, graphqlVariables, type OperationName } from './bespoke';
import { dataset, PROJECT_ROOT, type ScaleName } from './generate';
import { databaseUrl } from './load';

const flag = (n: string) => {
  const i = process.argv.indexOf(`--${n}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const scale = (flag('scale') ?? 'national') as ScaleName;
const ops = (flag('ops') ?? 'figure,dashboard,scorecard,league,trend').split(',') as (
  OperationName | 'league-aliases'
)[];
const n = Number(flag('n') ?? 200);
const rounds = Number(flag('rounds') ?? 3);
const concurrency = Number(flag('c') ?? 1);
const nodeArgs = (flag('node-args') ?? '').split(' ').filter(Boolean);
const skipBespoke = process.argv.includes('--no-bespoke');

const agent = new Agent({ keepAlive: true, maxSockets: 8 });
function post(url: string, body?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        agent,
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: body ? 'POST' : 'GET',
        headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}
function start(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) {
  return new Promise<{ pid: number; url: string; stop(): Promise<void> }>((resolve, reject) => {
    const proc = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stderr.on('data', (c: Buffer) => process.stderr.write(c));
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = pattern.exec(out);
      if (m)
        resolve({
          pid: proc.pid!,
          url: m[1],
          stop: () => new Promise((r) => (proc.once('exit', () => r()), proc.kill('SIGTERM'))),
        });
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}
const cpuMs = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const rss = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const hwm = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/** The parts of a GraphQL response the probe reads. */
interface GraphQLResponse {
  data?: Record<string, unknown>;
  errors?: unknown[];
  extensions?: { sqlStatements?: number };
}

/** One force of the league as 43 aliases (the document of the league-aliases operation). */
const leagueAlias = (code: string, i: number) =>
  `f${i}: performance(area: "${code}", category: $category, period: $period) { ` +
  'area { code name } recorded previousRecorded percentChange crimeRatePer1000 outcomeRate ' +
  'peerComparison(months: 3) { rate peerMean peerStdDev band rank } }';

async function main() {
  const ds = dataset(scale);
  const p = ds.params;
  const url = databaseUrl(scale);
  const ours = await start(
    [...nodeArgs, join(PROJECT_ROOT, 'dist', 'bench', 'server.js')],
    { NODE_ENV: 'production', PORT: '0', DATABASE_URL: url, LOG_SQL: '' },
    /GraphQL:\s+(http:\/\/[^\s]+)\/graphql/,
  );
  const bespoke = skipBespoke
    ? null
    : await start(
        [join(PROJECT_ROOT, 'dist', 'bench', 'bespoke-server.js'), '--port', '0', '--pg', url],
        {},
        /bespoke baseline on (http:\/\/[^\s]+)/,
      );
  console.log(`ours pid ${ours.pid} ${rss(ours.pid).toFixed(0)} MB idle`);
  try {
    const areas = JSON.parse(
      await post(`${ours.url}/graphql`, JSON.stringify({ query: '{ areas(level: FORCE) { code } }' })),
    ) as { data: { areas: { code: string }[] } };
    const forces = areas.data.areas.map((a) => a.code);
    for (const op of ops) {
      const doc =
        op === 'league-aliases'
          ? `query L($category: String!, $period: PeriodInput!) {\n${forces.map(leagueAlias).join('\n')}\n}`
          : readFileSync(join(PROJECT_ROOT, 'bench', 'operations', `${op}.graphql`), 'utf8');
      const body = JSON.stringify({ query: doc, variables: graphqlVariables(op, p) });
      const bop = op === 'league-aliases' ? 'league' : op;
      const burl = bespoke && `${bespoke.url}/${bop}?${new URLSearchParams({ ...p }).toString()}`;
      const first = JSON.parse(await post(`${ours.url}/graphql`, body)) as GraphQLResponse;
      if (first.errors) throw new Error(`${op}: ${JSON.stringify(first.errors).slice(0, 500)}`);
      const sqlCold = first.extensions?.sqlStatements;
      if (bespoke) {
        const theirs = (JSON.parse(await post(burl!)) as { data: unknown }).data;
        const ourData = op === 'league-aliases' ? { leagueTable: Object.values(first.data!) } : first.data;
        const d = difference(ourData, theirs);
        if (d) throw new Error(`${op}: numbers differ from the bespoke endpoint: ${d}`);
      }
      const lat: number[] = [];
      const blat: number[] = [];
      let cpu = 0;
      let bcpu = 0;
      let sql = 0;
      const run = async (target: 'ours' | 'b', count: number) => {
        const into = target === 'ours' ? lat : blat;
        const pid = target === 'ours' ? ours.pid : bespoke!.pid;
        const c0 = cpuMs(pid);
        let issued = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (issued < count) {
              issued++;
              const t = performance.now();
              const text = await (target === 'ours' ? post(`${ours.url}/graphql`, body) : post(burl!));
              into.push(performance.now() - t);
              if (target === 'ours') sql = (JSON.parse(text) as GraphQLResponse).extensions?.sqlStatements ?? sql;
            }
          }),
        );
        if (target === 'ours') cpu += cpuMs(pid) - c0;
        else bcpu += cpuMs(pid) - c0;
      };
      await run('ours', 30);
      lat.length = 0;
      cpu = 0;
      if (bespoke) {
        await run('b', 30);
        blat.length = 0;
        bcpu = 0;
      }
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          await run('ours', n);
          if (bespoke) await run('b', n);
        } else {
          if (bespoke) await run('b', n);
          await run('ours', n);
        }
      }
      const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
      const total = n * rounds;
      const line =
        `${op.padEnd(15)} ours p50 ${med(lat).toFixed(2)} ms cpu ${(cpu / total).toFixed(2)} ms | ` +
        `b p50 ${bespoke ? med(blat).toFixed(2) : '-'} ms cpu ${bespoke ? (bcpu / total).toFixed(2) : '-'} | ` +
        `ratio ${bespoke ? (med(lat) / med(blat)).toFixed(2) : '-'}x | sql ${sqlCold}/${sql} | ` +
        `rss ${rss(ours.pid).toFixed(0)} hwm ${hwm(ours.pid).toFixed(0)} MB`;
      console.log(line);
    }
  } finally {
    await ours.stop();
    if (bespoke) await bespoke.stop();
    agent.destroy();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
